package org.postroom.connector.ra;

import org.postroom.connector.ra.net.ListenerKind;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.InvalidPropertyException;
import org.postroom.connector.ra.imap.ImapListenerSettings;
import org.postroom.protocol.imap.ImapConfig;

/**
 * The configuration of one IMAP listener, bound to the message-driven bean that implements
 * {@code MailboxSessionListener}. Besides the properties every listener has (see {@link ListenerActivationSpec}):
 * {@code kind} imap (STARTTLS, default port 2143) or imaps (implicit TLS, 2993), {@code maxMessageBytes} (largest
 * APPEND, default 50 MiB), {@code messageCacheBytes} (capacity of the message cache the IMAP listeners of the
 * adapter share, ADR 0020; default 64 MiB, 0 disables it); {@code idleTimeoutSeconds} defaults to 1800 (RFC 3501
 * section 5.4: at least 30 minutes).
 */
public class ImapActivationSpec extends ListenerActivationSpec {

    private String kind = "imap";
    private Integer maxMessageBytes = 50 * 1024 * 1024;
    private Long messageCacheBytes = ImapConfig.DEFAULT_MESSAGE_CACHE_BYTES;
    private Integer maxConnectionsPerUserAndIp = 20;

    public ImapActivationSpec() {
        super(1800);
    }

    @Override
    public void validate() throws InvalidPropertyException {
        try {
            ListenerKind.parse("imap", kind);
        } catch (IllegalArgumentException e) {
            throw new InvalidPropertyException(e.getMessage());
        }
        super.validate();
        require(maxMessageBytes > 0, "maxMessageBytes must be positive");
        require(messageCacheBytes >= 0, "messageCacheBytes must not be negative");
        require(maxConnectionsPerUserAndIp >= 1, "maxConnectionsPerUserAndIp must be positive");
    }

    /** The listener's settings; loads or creates the TLS key material. */
    ImapListenerSettings toSettings() throws ResourceException {
        ListenerKind listenerKind = ListenerKind.parse("imap", kind);
        return new ImapListenerSettings(listenerKind,
                networkSettings(listenerKind),
                resolvedHostname(), getAllowPlaintextAuthOnLoopback(), maxMessageBytes, messageCacheBytes,
                maxConnectionsPerUserAndIp, dataDirectory().resolve("spool"));
    }

    public String getKind() {
        return kind;
    }

    /** {@code imap} or {@code imaps}. */
    public void setKind(String kind) {
        if (kind != null) {
            this.kind = kind.trim();
        }
    }

    public Integer getMaxMessageBytes() {
        return maxMessageBytes;
    }

    public void setMaxMessageBytes(Integer maxMessageBytes) {
        if (maxMessageBytes != null) {
            this.maxMessageBytes = maxMessageBytes;
        }
    }

    public Long getMessageCacheBytes() {
        return messageCacheBytes;
    }

    /** Bytes of message content the IMAP listeners keep in memory for FETCH; 0 disables the cache. */
    public void setMessageCacheBytes(Long messageCacheBytes) {
        if (messageCacheBytes != null) {
            this.messageCacheBytes = messageCacheBytes;
        }
    }

    public Integer getMaxConnectionsPerUserAndIp() {
        return maxConnectionsPerUserAndIp;
    }

    /** Logged-in sessions of one user from one client address (default 20); a login beyond gets NO [LIMIT]. */
    public void setMaxConnectionsPerUserAndIp(Integer maxConnectionsPerUserAndIp) {
        if (maxConnectionsPerUserAndIp != null) {
            this.maxConnectionsPerUserAndIp = maxConnectionsPerUserAndIp;
        }
    }

    @Override
    public String toString() {
        return "ImapActivationSpec[kind=" + kind + ", " + commonProperties() + ", maxMessageBytes=" + maxMessageBytes
                + ", messageCacheBytes=" + messageCacheBytes + "]";
    }
}

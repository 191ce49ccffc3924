package org.postroom.connector.ra;

import org.postroom.connector.ra.net.ListenerKind;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.InvalidPropertyException;
import org.postroom.connector.ra.net.ListenerSettings;
import org.postroom.connector.ra.smtp.SmtpListenerSettings;

/**
 * The configuration of one SMTP listener, bound to the message-driven bean that implements
 * {@code SmtpAcceptanceListener}. Besides the properties every listener has (see {@link ListenerActivationSpec}):
 * {@code kind} smtp, submission or smtps (default smtp; default ports 2525, 2587, 2465), {@code maxMessageBytes}
 * 50 MiB, {@code maxRecipients} 100, {@code maxAuthFailures} 3 (refused AUTH attempts before the session is closed),
 * {@code minFreeDataMegabytes} 64 (free space on the data disk below which MAIL gets {@code 452 4.3.1}),
 * {@code softErrorLimit} 10, {@code hardErrorLimit} 20 and {@code errorDelayMillis} 1000 (error replies after which
 * each further one is held back by the delay, and at which the session is closed);
 * {@code idleTimeoutSeconds} defaults to 300 (RFC 5321 section 4.5.3.2.7).
 */
public class SmtpActivationSpec extends ListenerActivationSpec {

    private String kind = "smtp";
    private Integer maxMessageBytes = 50 * 1024 * 1024;
    private Integer maxRecipients = 100;
    private Integer maxAuthFailures = 3;
    private Integer softErrorLimit = 10;
    private Integer hardErrorLimit = 20;
    private Integer errorDelayMillis = 1000;
    private Integer messagesPerMinute = 0;
    private Integer minFreeDataMegabytes = (int) (SmtpListenerSettings.DEFAULT_MIN_FREE_DATA_BYTES / (1024 * 1024));

    public SmtpActivationSpec() {
        super(300);
    }

    @Override
    public void validate() throws InvalidPropertyException {
        try {
            ListenerKind.parse("smtp", kind);
        } catch (IllegalArgumentException e) {
            throw new InvalidPropertyException(e.getMessage());
        }
        super.validate();
        require(maxMessageBytes > 0, "maxMessageBytes must be positive");
        require(maxRecipients >= 1, "maxRecipients must be positive");
        require(maxAuthFailures >= 1, "maxAuthFailures must be positive");
        require(softErrorLimit >= 0, "softErrorLimit must not be negative");
        require(hardErrorLimit >= 1, "hardErrorLimit must be positive");
        require(errorDelayMillis >= 0, "errorDelayMillis must not be negative");
        require(minFreeDataMegabytes >= 0, "minFreeDataMegabytes must not be negative");
        require(messagesPerMinute >= -1, "messagesPerMinute must be 0 (the default), -1 (no limit) or positive");
    }

    /** The listener's settings; loads or creates the TLS key material. */
    SmtpListenerSettings toSettings() throws ResourceException {
        ListenerKind listenerKind = ListenerKind.parse("smtp", kind);
        ListenerSettings network = networkSettings(listenerKind);
        return new SmtpListenerSettings(listenerKind, network, resolvedHostname(), maxMessageBytes, maxRecipients,
                getAllowPlaintextAuthOnLoopback(), dataDirectory().resolve("spool"), maxAuthFailures, softErrorLimit,
                hardErrorLimit, java.time.Duration.ofMillis(errorDelayMillis),
                messagesPerMinute == 0
                        ? SmtpListenerSettings.DEFAULT_MESSAGES_PER_MINUTE
                        : Math.max(0, messagesPerMinute),
                minFreeDataMegabytes * 1024L * 1024L);
    }

    public Integer getMinFreeDataMegabytes() {
        return minFreeDataMegabytes;
    }

    /** Free space (MiB) below which MAIL gets {@code 452 4.3.1 Insufficient system storage}; default 64. */
    public void setMinFreeDataMegabytes(Integer minFreeDataMegabytes) {
        if (minFreeDataMegabytes != null) {
            this.minFreeDataMegabytes = minFreeDataMegabytes;
        }
    }

    public Integer getMessagesPerMinute() {
        return messagesPerMinute;
    }

    /** Transactions (MAIL) from one client address per minute; 0 means the default (100), -1 no limit. */
    public void setMessagesPerMinute(Integer messagesPerMinute) {
        if (messagesPerMinute != null) {
            this.messagesPerMinute = messagesPerMinute;
        }
    }

    public String getKind() {
        return kind;
    }

    /** {@code smtp} (MX), {@code submission} or {@code smtps}. */
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

    public Integer getMaxRecipients() {
        return maxRecipients;
    }

    public void setMaxRecipients(Integer maxRecipients) {
        if (maxRecipients != null) {
            this.maxRecipients = maxRecipients;
        }
    }

    public Integer getMaxAuthFailures() {
        return maxAuthFailures;
    }

    public void setMaxAuthFailures(Integer maxAuthFailures) {
        if (maxAuthFailures != null) {
            this.maxAuthFailures = maxAuthFailures;
        }
    }

    public Integer getSoftErrorLimit() {
        return softErrorLimit;
    }

    public void setSoftErrorLimit(Integer softErrorLimit) {
        if (softErrorLimit != null) {
            this.softErrorLimit = softErrorLimit;
        }
    }

    public Integer getHardErrorLimit() {
        return hardErrorLimit;
    }

    public void setHardErrorLimit(Integer hardErrorLimit) {
        if (hardErrorLimit != null) {
            this.hardErrorLimit = hardErrorLimit;
        }
    }

    public Integer getErrorDelayMillis() {
        return errorDelayMillis;
    }

    public void setErrorDelayMillis(Integer errorDelayMillis) {
        if (errorDelayMillis != null) {
            this.errorDelayMillis = errorDelayMillis;
        }
    }

    @Override
    public String toString() {
        return "SmtpActivationSpec[kind=" + kind + ", " + commonProperties() + ", maxMessageBytes=" + maxMessageBytes
                + ", maxRecipients=" + maxRecipients + ", maxAuthFailures=" + maxAuthFailures + ", softErrorLimit="
                + softErrorLimit + ", hardErrorLimit=" + hardErrorLimit + ", errorDelayMillis=" + errorDelayMillis
                + "]";
    }
}

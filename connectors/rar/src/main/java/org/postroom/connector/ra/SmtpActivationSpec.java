package org.postroom.connector.ra;

import io.netty.handler.ssl.SslContext;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.postroom.connector.ra.net.ListenerSettings;
import org.postroom.connector.ra.net.TlsContexts;
import org.postroom.connector.ra.net.TlsMode;
import org.postroom.connector.ra.smtp.SmtpListenerKind;
import org.postroom.connector.ra.smtp.SmtpListenerSettings;

/**
 * The configuration of one SMTP listener, bound to the message-driven bean that implements
 * {@code SmtpAcceptanceListener}. Set in server.xml ({@code <activationSpec id="app/ejbModule/Bean">
 * <properties.app.rarModule .../>}), never in the bean's annotations (those would override server.xml).
 *
 * <p>
 * Every property has a default: {@code kind} smtp, {@code bindAddress} 127.0.0.1, {@code port} 0 (the kind's
 * unprivileged default: 2525, 2587, 2465), {@code hostname} empty (this machine's name), {@code maxMessageBytes}
 * 50 MiB, {@code maxRecipients} 100, {@code idleTimeoutSeconds} 300 (RFC 5321 section 4.5.3.2.7),
 * {@code maxConnections} 10000, {@code tlsKeystore} empty (a self-signed certificate generated under
 * {@code dataDir/tls/}), {@code tlsKeystorePassword} empty, {@code dataDir} empty ({@code postroom-data} in the
 * server's working directory, which for Liberty is the server directory), {@code allowPlaintextAuthOnLoopback}
 * true.
 */
public class SmtpActivationSpec implements ActivationSpec, ResourceAdapterAssociation {

    private static final Pattern HOSTNAME = Pattern
            .compile("[A-Za-z0-9]([A-Za-z0-9_-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9_-]*[A-Za-z0-9])?)*");

    private ResourceAdapter resourceAdapter;

    private String kind = "smtp";
    private String bindAddress = "127.0.0.1";
    private Integer port = 0;
    private String hostname = "";
    private Integer maxMessageBytes = 50 * 1024 * 1024;
    private Integer maxRecipients = 100;
    private Integer idleTimeoutSeconds = 300;
    private Integer maxConnections = 10_000;
    private String tlsKeystore = "";
    private String tlsKeystorePassword = "";
    private String dataDir = "";
    private Boolean allowPlaintextAuthOnLoopback = Boolean.TRUE;

    @Override
    public void validate() throws InvalidPropertyException {
        try {
            SmtpListenerKind.parse(kind);
        } catch (IllegalArgumentException e) {
            throw new InvalidPropertyException(e.getMessage());
        }
        require(port >= 0 && port <= 65535, "port must be 0 to 65535: " + port);
        require(maxMessageBytes > 0, "maxMessageBytes must be positive");
        require(maxRecipients >= 1, "maxRecipients must be positive");
        require(idleTimeoutSeconds >= 1, "idleTimeoutSeconds must be positive");
        require(maxConnections >= 1, "maxConnections must be positive");
        require(bindAddress != null && !bindAddress.isBlank(), "bindAddress must be set");
        require(hostname.isEmpty() || HOSTNAME.matcher(hostname).matches(), "hostname is not a domain: " + hostname);
    }

    private static void require(boolean condition, String message) throws InvalidPropertyException {
        if (!condition) {
            throw new InvalidPropertyException(message);
        }
    }

    /** The listener's settings; loads or creates the TLS key material. */
    SmtpListenerSettings toSettings() throws ResourceException {
        SmtpListenerKind listenerKind = SmtpListenerKind.parse(kind);
        String host = resolvedHostname();
        Path data = dataDirectory();
        SslContext ssl;
        try {
            ssl = TlsContexts.serverContext(tlsKeystore, tlsKeystorePassword, data.resolve("tls"), host);
        } catch (IOException | GeneralSecurityException e) {
            throw new ResourceException("SMTP " + kind + ": cannot set up TLS: " + e.getMessage(), e);
        }
        int resolvedPort = port == 0 ? listenerKind.defaultPort() : port;
        ListenerSettings network = new ListenerSettings(listenerKind.configName() + "/" + resolvedPort, bindAddress,
                resolvedPort, maxConnections, Duration.ofSeconds(idleTimeoutSeconds), listenerKind.tlsMode(),
                Optional.of(ssl));
        return new SmtpListenerSettings(listenerKind, network, host, maxMessageBytes, maxRecipients,
                allowPlaintextAuthOnLoopback, data.resolve("spool"));
    }

    Path dataDirectory() {
        return dataDir.isBlank() ? Path.of(System.getProperty("user.dir"), "postroom-data") : Path.of(dataDir);
    }

    String resolvedHostname() {
        if (!hostname.isEmpty()) {
            return hostname;
        }
        try {
            String name = InetAddress.getLocalHost().getCanonicalHostName();
            return HOSTNAME.matcher(name).matches() ? name : "localhost";
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter ra) {
        this.resourceAdapter = ra;
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

    public String getBindAddress() {
        return bindAddress;
    }

    public void setBindAddress(String bindAddress) {
        if (bindAddress != null) {
            this.bindAddress = bindAddress.trim();
        }
    }

    public Integer getPort() {
        return port;
    }

    /** 0 means the kind's default port. */
    public void setPort(Integer port) {
        if (port != null) {
            this.port = port;
        }
    }

    public String getHostname() {
        return hostname;
    }

    public void setHostname(String hostname) {
        if (hostname != null) {
            this.hostname = hostname.trim();
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

    public Integer getIdleTimeoutSeconds() {
        return idleTimeoutSeconds;
    }

    public void setIdleTimeoutSeconds(Integer idleTimeoutSeconds) {
        if (idleTimeoutSeconds != null) {
            this.idleTimeoutSeconds = idleTimeoutSeconds;
        }
    }

    public Integer getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(Integer maxConnections) {
        if (maxConnections != null) {
            this.maxConnections = maxConnections;
        }
    }

    public String getTlsKeystore() {
        return tlsKeystore;
    }

    /** Path of a PKCS12 keystore; empty for a generated self-signed certificate. */
    public void setTlsKeystore(String tlsKeystore) {
        if (tlsKeystore != null) {
            this.tlsKeystore = tlsKeystore.trim();
        }
    }

    public String getTlsKeystorePassword() {
        return tlsKeystorePassword;
    }

    public void setTlsKeystorePassword(String tlsKeystorePassword) {
        if (tlsKeystorePassword != null) {
            this.tlsKeystorePassword = tlsKeystorePassword;
        }
    }

    public String getDataDir() {
        return dataDir;
    }

    public void setDataDir(String dataDir) {
        if (dataDir != null) {
            this.dataDir = dataDir.trim();
        }
    }

    public Boolean getAllowPlaintextAuthOnLoopback() {
        return allowPlaintextAuthOnLoopback;
    }

    public void setAllowPlaintextAuthOnLoopback(Boolean allowPlaintextAuthOnLoopback) {
        if (allowPlaintextAuthOnLoopback != null) {
            this.allowPlaintextAuthOnLoopback = allowPlaintextAuthOnLoopback;
        }
    }

    @Override
    public String toString() {
        return "SmtpActivationSpec[kind=" + kind + ", bindAddress=" + bindAddress + ", port=" + port + ", hostname="
                + hostname + ", maxMessageBytes=" + maxMessageBytes + ", maxRecipients=" + maxRecipients
                + ", idleTimeoutSeconds=" + idleTimeoutSeconds + ", maxConnections=" + maxConnections
                + ", tlsKeystore=" + tlsKeystore + ", dataDir=" + dataDir + ", allowPlaintextAuthOnLoopback="
                + allowPlaintextAuthOnLoopback + "]";
    }
}

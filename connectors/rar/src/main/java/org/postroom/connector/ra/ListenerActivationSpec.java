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
import org.postroom.connector.ra.net.ListenerKind;
import org.postroom.connector.ra.net.ListenerSettings;
import org.postroom.connector.ra.net.TlsContexts;
import org.postroom.connector.ra.net.TlsMode;

/**
 * What every listener's activation spec has, whatever the protocol: where it listens, its limits, TLS and the data
 * directory. Set in server.xml ({@code <activationSpec id="app/ejbModule/Bean"> <properties.app.rarModule .../>}),
 * never in a bean's annotations (those would override server.xml).
 *
 * <p>
 * Defaults: {@code bindAddress} 127.0.0.1, {@code port} 0 (the kind's unprivileged default), {@code hostname} empty
 * (this machine's name), {@code maxConnections} 10000, {@code tlsKeystore} empty (a self-signed certificate
 * generated under {@code dataDir/tls/}), {@code tlsKeystorePassword} empty, {@code dataDir} empty
 * ({@code postroom-data} in the server's working directory), {@code allowPlaintextAuthOnLoopback} true,
 * {@code maxConnectionsPerIp} 0 (the protocol's default: 20 for SMTP and POP3, 50 for IMAP), {@code exemptLoopback}
 * true (loopback clients are not counted against per-address limits); {@code idleTimeoutSeconds} is the protocol's.
 */
public abstract class ListenerActivationSpec implements ActivationSpec, ResourceAdapterAssociation {

    private static final Pattern HOSTNAME = Pattern
            .compile("[A-Za-z0-9]([A-Za-z0-9_-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9_-]*[A-Za-z0-9])?)*");

    private ResourceAdapter resourceAdapter;

    private String bindAddress = "127.0.0.1";
    private Integer port = 0;
    private String hostname = "";
    private Integer idleTimeoutSeconds;
    private Integer maxConnections = 10_000;
    private String tlsKeystore = "";
    private String tlsKeystorePassword = "";
    private String dataDir = "";
    private Boolean allowPlaintextAuthOnLoopback = Boolean.TRUE;
    private Integer maxConnectionsPerIp = 0;
    private Boolean exemptLoopback = Boolean.TRUE;
    private Integer connectionsPerMinute = 0;

    protected ListenerActivationSpec(int defaultIdleTimeoutSeconds) {
        this.idleTimeoutSeconds = defaultIdleTimeoutSeconds;
    }

    /** Checks the properties every listener has; subclasses add their own. */
    @Override
    public void validate() throws InvalidPropertyException {
        require(port >= 0 && port <= 65535, "port must be 0 to 65535: " + port);
        require(idleTimeoutSeconds >= 1, "idleTimeoutSeconds must be positive");
        require(maxConnections >= 1, "maxConnections must be positive");
        require(maxConnectionsPerIp >= 0, "maxConnectionsPerIp must be 0 (the protocol's default) or positive");
        require(connectionsPerMinute >= -1,
                "connectionsPerMinute must be 0 (the protocol's default), -1 (no limit) or positive");
        require(bindAddress != null && !bindAddress.isBlank(), "bindAddress must be set");
        require(hostname.isEmpty() || HOSTNAME.matcher(hostname).matches(), "hostname is not a domain: " + hostname);
    }

    protected static void require(boolean condition, String message) throws InvalidPropertyException {
        if (!condition) {
            throw new InvalidPropertyException(message);
        }
    }

    /**
     * The socket settings, with TLS key material loaded or created.
     *
     * @param kind the listener kind: its name, default port, TLS mode and default limits per client address
     */
    protected ListenerSettings networkSettings(ListenerKind kind) throws ResourceException {
        String kindName = kind.configName();
        int defaultPort = kind.defaultPort();
        TlsMode tlsMode = kind.tlsMode();
        int defaultPerAddress = kind.defaultMaxConnectionsPerAddress();
        SslContext ssl;
        try {
            ssl = TlsContexts.serverContext(tlsKeystore, tlsKeystorePassword, dataDirectory().resolve("tls"),
                    resolvedHostname());
        } catch (IOException | GeneralSecurityException e) {
            throw new ResourceException(kindName + ": cannot set up TLS: " + e.getMessage(), e);
        }
        int resolvedPort = port == 0 ? defaultPort : port;
        return new ListenerSettings(kindName + "/" + resolvedPort, bindAddress, resolvedPort, maxConnections,
                Duration.ofSeconds(idleTimeoutSeconds), tlsMode, Optional.of(ssl),
                maxConnectionsPerIp == 0 ? defaultPerAddress : maxConnectionsPerIp, exemptLoopback,
                connectionsPerMinute == 0 ? kind.defaultConnectionsPerMinute() : Math.max(0, connectionsPerMinute));
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

    public Integer getMaxConnectionsPerIp() {
        return maxConnectionsPerIp;
    }

    /** Connections from one client address; 0 means the protocol's default (20 SMTP and POP3, 50 IMAP). */
    public void setMaxConnectionsPerIp(Integer maxConnectionsPerIp) {
        if (maxConnectionsPerIp != null) {
            this.maxConnectionsPerIp = maxConnectionsPerIp;
        }
    }

    public Boolean getExemptLoopback() {
        return exemptLoopback;
    }

    public void setExemptLoopback(Boolean exemptLoopback) {
        if (exemptLoopback != null) {
            this.exemptLoopback = exemptLoopback;
        }
    }

    public Integer getConnectionsPerMinute() {
        return connectionsPerMinute;
    }

    /**
     * New connections from one client address per minute; 0 means the protocol's default (60 SMTP, 120 POP3, 300
     * IMAP), -1 no limit.
     */
    public void setConnectionsPerMinute(Integer connectionsPerMinute) {
        if (connectionsPerMinute != null) {
            this.connectionsPerMinute = connectionsPerMinute;
        }
    }

    /** The common properties for toString(). */
    protected String commonProperties() {
        return "bindAddress=" + bindAddress + ", port=" + port + ", hostname=" + hostname + ", idleTimeoutSeconds="
                + idleTimeoutSeconds + ", maxConnections=" + maxConnections + ", tlsKeystore=" + tlsKeystore
                + ", dataDir=" + dataDir + ", allowPlaintextAuthOnLoopback=" + allowPlaintextAuthOnLoopback
                + ", maxConnectionsPerIp=" + maxConnectionsPerIp + ", exemptLoopback=" + exemptLoopback
                + ", connectionsPerMinute=" + connectionsPerMinute;
    }
}

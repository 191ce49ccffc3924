package org.postroom.connector.ra.outbound;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import jakarta.resource.spi.ResourceAdapterInternalException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.security.auth.Subject;

import org.postroom.connector.api.outbound.OutboundTransaction;
import org.postroom.connector.api.outbound.RecipientOutcome;
import org.postroom.connector.api.outbound.TransactionOutcome;
import org.postroom.connector.ra.PostroomResourceAdapter;
import org.postroom.protocol.smtp.client.ClientTimeouts;

/**
 * The outbound SMTP connection definition of the protocol resource adapter (ADR 0040), bound at
 * {@code eis/postroom/outbound-smtp}. Its properties configure the adapter's {@link OutboundClient}:
 * {@code maxConnections} (100), {@code maxPerHost} (20), {@code trustStore} (empty: the JDK's cacerts),
 * {@code trustStorePassword}, and the timeouts in seconds {@code connectTimeout} (30), {@code greetingTimeout} (300,
 * also EHLO, STARTTLS, AUTH, RSET), {@code mailTimeout} (300), {@code rcptTimeout} (300), {@code dataInitTimeout}
 * (120), {@code dataBlockTimeout} (180), {@code dataEndTimeout} (600), and {@code idleTimeout} (10: an unused
 * connection is closed with QUIT after this long).
 *
 * <p>
 * The managed connections are light handles onto the one client the adapter holds; SMTP connections are pooled
 * inside the client, not by the server's connection manager.
 */
public class OutboundSmtpManagedConnectionFactory implements ManagedConnectionFactory, ResourceAdapterAssociation {

    private static final long serialVersionUID = 1L;

    private Integer maxConnections = 100;
    private Integer maxPerHost = 20;
    private String trustStore = "";
    private String trustStorePassword = "";
    private Integer connectTimeout = 30;
    private Integer greetingTimeout = 300;
    private Integer mailTimeout = 300;
    private Integer rcptTimeout = 300;
    private Integer dataInitTimeout = 120;
    private Integer dataBlockTimeout = 180;
    private Integer dataEndTimeout = 600;
    private Integer idleTimeout = 10;

    private transient ResourceAdapter resourceAdapter;
    private transient PrintWriter logWriter;

    @Override
    public Object createConnectionFactory(ConnectionManager connectionManager) throws ResourceException {
        return new OutboundSmtpConnectionFactoryImpl(this, connectionManager);
    }

    /** Outside a server (tests): every handle gets its own managed connection. */
    @Override
    public Object createConnectionFactory() throws ResourceException {
        return new OutboundSmtpConnectionFactoryImpl(this, new UnmanagedConnectionManager());
    }

    @Override
    public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo info)
            throws ResourceException {
        adapter();
        return new OutboundSmtpManagedConnection(this);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public ManagedConnection matchManagedConnections(Set connections, Subject subject, ConnectionRequestInfo info) {
        for (Object c : connections) {
            if (c instanceof OutboundSmtpManagedConnection mc && mc.factory().equals(this)) {
                return mc;
            }
        }
        return null;
    }

    /** The settings these properties make. */
    public OutboundSettings settings() throws InvalidPropertyException {
        try {
            return new OutboundSettings(maxConnections, maxPerHost, Optional.ofNullable(trustStore),
                    trustStorePassword == null ? "" : trustStorePassword,
                    new ClientTimeouts(seconds(connectTimeout), seconds(greetingTimeout), seconds(mailTimeout),
                            seconds(rcptTimeout), seconds(dataInitTimeout), seconds(dataBlockTimeout),
                            seconds(dataEndTimeout), seconds(idleTimeout)));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidPropertyException("outbound SMTP: " + e.getMessage());
        }
    }

    private static Duration seconds(Integer s) {
        return Duration.ofSeconds(Objects.requireNonNull(s, "timeout"));
    }

    private PostroomResourceAdapter adapter() throws ResourceException {
        if (!(resourceAdapter instanceof PostroomResourceAdapter ra)) {
            throw new ResourceAdapterInternalException("outbound SMTP: not associated with the resource adapter");
        }
        if (!ra.started()) {
            throw new ResourceAdapterInternalException("outbound SMTP: the resource adapter is not started");
        }
        return ra;
    }

    /**
     * Hands a transaction to the adapter's client (made on first use). When the adapter cannot take it (stopping),
     * every recipient is deferred: the caller's retry schedule takes over.
     */
    CompletionStage<TransactionOutcome> send(OutboundTransaction transaction) {
        OutboundClient client;
        try {
            client = adapter().outboundClient(settings());
        } catch (ResourceException e) {
            String reply = "451 4.3.2 outbound SMTP client unavailable: " + e.getMessage();
            List<RecipientOutcome> deferred = transaction.recipients().stream()
                    .map(r -> new RecipientOutcome(r.address(), RecipientOutcome.Status.DEFERRED, reply,
                            Optional.empty()))
                    .toList();
            return CompletableFuture.completedFuture(new TransactionOutcome(Optional.empty(), false, deferred));
        }
        return client.send(transaction);
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter resourceAdapter) {
        this.resourceAdapter = resourceAdapter;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutboundSmtpManagedConnectionFactory f && key().equals(f.key());
    }

    @Override
    public int hashCode() {
        return key().hashCode();
    }

    private List<Object> key() {
        return java.util.Arrays.asList(maxConnections, maxPerHost, trustStore, trustStorePassword, connectTimeout,
                greetingTimeout, mailTimeout, rcptTimeout, dataInitTimeout, dataBlockTimeout, dataEndTimeout,
                idleTimeout);
    }

    public Integer getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(Integer maxConnections) {
        this.maxConnections = maxConnections;
    }

    public Integer getMaxPerHost() {
        return maxPerHost;
    }

    public void setMaxPerHost(Integer maxPerHost) {
        this.maxPerHost = maxPerHost;
    }

    public String getTrustStore() {
        return trustStore;
    }

    public void setTrustStore(String trustStore) {
        this.trustStore = trustStore;
    }

    public String getTrustStorePassword() {
        return trustStorePassword;
    }

    public void setTrustStorePassword(String trustStorePassword) {
        this.trustStorePassword = trustStorePassword;
    }

    public Integer getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Integer connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Integer getGreetingTimeout() {
        return greetingTimeout;
    }

    public void setGreetingTimeout(Integer greetingTimeout) {
        this.greetingTimeout = greetingTimeout;
    }

    public Integer getMailTimeout() {
        return mailTimeout;
    }

    public void setMailTimeout(Integer mailTimeout) {
        this.mailTimeout = mailTimeout;
    }

    public Integer getRcptTimeout() {
        return rcptTimeout;
    }

    public void setRcptTimeout(Integer rcptTimeout) {
        this.rcptTimeout = rcptTimeout;
    }

    public Integer getDataInitTimeout() {
        return dataInitTimeout;
    }

    public void setDataInitTimeout(Integer dataInitTimeout) {
        this.dataInitTimeout = dataInitTimeout;
    }

    public Integer getDataBlockTimeout() {
        return dataBlockTimeout;
    }

    public void setDataBlockTimeout(Integer dataBlockTimeout) {
        this.dataBlockTimeout = dataBlockTimeout;
    }

    public Integer getDataEndTimeout() {
        return dataEndTimeout;
    }

    public void setDataEndTimeout(Integer dataEndTimeout) {
        this.dataEndTimeout = dataEndTimeout;
    }

    public Integer getIdleTimeout() {
        return idleTimeout;
    }

    public void setIdleTimeout(Integer idleTimeout) {
        this.idleTimeout = idleTimeout;
    }
}

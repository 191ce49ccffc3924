package org.postroom.connector.ra.outbound;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;

import org.postroom.connector.api.outbound.RemoteHost;
import org.postroom.connector.api.outbound.TlsPolicy;
import org.postroom.connector.ra.net.TlsContexts;
import org.postroom.protocol.smtp.client.CertificateNames;

/**
 * Client TLS for STARTTLS, by policy: {@link TlsPolicy.Mode#OPPORTUNISTIC} accepts any certificate (as Postfix's
 * {@code may}: encryption against passive eavesdropping, no authentication); {@link TlsPolicy.Mode#REQUIRED} and
 * {@link TlsPolicy.Mode#VERIFIED} check the chain against the outbound trust store during the handshake, and
 * VERIFIED then checks the name ({@link #nameMismatch}). The JDK's own host name check is off: the name is checked
 * here against the policy's names, which may be patterns.
 */
final class OutboundTls {

    private final SslContext any;
    private final SslContext trusted;

    private OutboundTls(SslContext any, SslContext trusted) {
        this.any = any;
        this.trusted = trusted;
    }

    static OutboundTls create(Optional<String> trustStore, String password) throws IOException,
            GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (trustStore.isPresent()) {
            KeyStore ks = TlsContexts.load(Path.of(trustStore.get()), password.toCharArray());
            tmf.init(ks);
        } else {
            tmf.init((KeyStore) null); // the JDK's cacerts
        }
        try {
            SslContext any = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                    .protocols(TlsContexts.PROTOCOLS).trustManager(InsecureTrustManagerFactory.INSTANCE).build();
            SslContext trusted = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                    .protocols(TlsContexts.PROTOCOLS).trustManager(tmf).build();
            return new OutboundTls(any, trusted);
        } catch (SSLException e) {
            throw new GeneralSecurityException("cannot build the outbound TLS contexts", e);
        }
    }

    /** An engine for STARTTLS with {@code host} (SNI carries its name). */
    SSLEngine newEngine(TlsPolicy policy, RemoteHost host, ByteBufAllocator alloc) {
        SslContext context = policy.mode() == TlsPolicy.Mode.OPPORTUNISTIC ? any : trusted;
        SSLEngine engine = context.newEngine(alloc, host.name(), host.port());
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm(null);
        engine.setSSLParameters(parameters);
        return engine;
    }

    /**
     * After a successful handshake: why the certificate does not satisfy the policy, or empty when it does. Only
     * VERIFIED checks names: the policy's {@code allowedNames}, or the host's name when there are none.
     */
    static Optional<String> nameMismatch(TlsPolicy policy, RemoteHost host, SSLSession session) {
        if (policy.mode() != TlsPolicy.Mode.VERIFIED) {
            return Optional.empty();
        }
        List<String> allowed = policy.allowedNames().isEmpty() ? List.of(host.name()) : policy.allowedNames();
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.of("no server certificate");
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
            return Optional.of("no X.509 server certificate");
        }
        List<String> names = CertificateNames.of(leaf);
        if (CertificateNames.anyMatches(allowed, names)) {
            return Optional.empty();
        }
        return Optional.of("certificate names " + names + " match none of " + allowed);
    }
}

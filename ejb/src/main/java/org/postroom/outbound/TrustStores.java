package org.postroom.outbound;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The TLS context of outbound HTTPS (MTA-STS policies): the outbound trust store when set, else the JDK's. */
public final class TrustStores {

    private TrustStores() {
    }

    /**
     * @param path a PKCS#12 or JKS file ({@code postroom.outbound.truststore}); empty for the JDK's cacerts
     * @throws IllegalArgumentException when the file cannot be read as a trust store
     */
    public static SSLContext context(Optional<String> path, Optional<String> password) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (path.isPresent()) {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                try (InputStream in = Files.newInputStream(Path.of(path.get()))) {
                    store.load(in, password.map(String::toCharArray).orElse(null));
                }
                trust.init(store);
            } else {
                trust.init((KeyStore) null);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("postroom.outbound.truststore " + path.orElse("(JDK)")
                    + " cannot be read: " + e.getMessage(), e);
        }
    }
}

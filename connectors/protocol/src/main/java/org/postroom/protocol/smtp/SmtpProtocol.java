package org.postroom.protocol.smtp;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.postroom.connector.api.AddressVerifier;
import org.postroom.connector.api.Authenticator;
import org.postroom.connector.api.SmtpTransactionListenerFactory;
import org.postroom.protocol.AuthFailurePolicy;
import org.postroom.protocol.RatePerAddress;

/**
 * Everything the sessions of one SMTP endpoint share: the configuration and the business-side interfaces. Immutable
 * and thread-safe; build one per endpoint and call {@link #newSession} (or {@link #newDriver}) per accepted
 * connection.
 */
public final class SmtpProtocol {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] BASE32 = "0123456789BCDFGHJKLMNPQRSTVWXYZA".toCharArray();

    private final SmtpConfig config;
    private final SmtpTransactionListenerFactory listenerFactory;
    private final Optional<Authenticator> authenticator;
    private final Optional<AddressVerifier> addressVerifier;
    private final AuthFailurePolicy authFailures;
    private final RatePerAddress messageRate;
    private final SpoolFactory spoolFactory;
    private final StorageRoom storageRoom;
    private final Clock clock;
    private final Supplier<String> queueIds;
    private final Supplier<String> sessionIds;

    private SmtpProtocol(Builder b) {
        this.config = b.config;
        this.listenerFactory = b.listenerFactory;
        this.authenticator = Optional.ofNullable(b.authenticator);
        this.addressVerifier = Optional.ofNullable(b.addressVerifier);
        this.authFailures = b.authFailures;
        this.messageRate = b.messageRate;
        this.spoolFactory = b.spoolFactory;
        this.storageRoom = b.storageRoom;
        this.clock = b.clock;
        this.queueIds = b.queueIds;
        this.sessionIds = b.sessionIds;
    }

    public static Builder builder(SmtpConfig config, SmtpTransactionListenerFactory listenerFactory) {
        return new Builder(config, listenerFactory);
    }

    /** A session for a new connection; call {@link SmtpSession#start()} to get the greeting. */
    public SmtpSession newSession(InetSocketAddress clientAddress) {
        return new SmtpSession(this, sessionIds.get(), Objects.requireNonNull(clientAddress, "clientAddress"));
    }

    /** A session with line framing in front of it, fed with raw connection bytes. */
    public SmtpSessionDriver newDriver(InetSocketAddress clientAddress) {
        return new SmtpSessionDriver(newSession(clientAddress));
    }

    public SmtpConfig config() {
        return config;
    }

    SmtpTransactionListenerFactory listenerFactory() {
        return listenerFactory;
    }

    Optional<Authenticator> authenticator() {
        return authenticator;
    }

    Optional<AddressVerifier> addressVerifier() {
        return addressVerifier;
    }

    /** MAIL commands per client address and minute (ADR 0071). */
    RatePerAddress messageRate() {
        return messageRate;
    }

    AuthFailurePolicy authFailures() {
        return authFailures;
    }

    SpoolFactory spoolFactory() {
        return spoolFactory;
    }

    /** Whether the data disk has room for new mail ({@code 452 4.3.1} when not). */
    StorageRoom storageRoom() {
        return storageRoom;
    }

    Clock clock() {
        return clock;
    }

    String nextQueueId() {
        return queueIds.get();
    }

    /** 12 random characters from a 32-letter alphabet (60 bits): unique enough for queue and session ids. */
    public static String randomId() {
        char[] id = new char[12];
        for (int i = 0; i < id.length; i++) {
            id[i] = BASE32[RANDOM.nextInt(BASE32.length)];
        }
        return new String(id);
    }

    /** Builds an {@link SmtpProtocol}. Without an authenticator AUTH is not offered; VRFY needs a verifier. */
    public static final class Builder {
        private final SmtpConfig config;
        private final SmtpTransactionListenerFactory listenerFactory;
        private Authenticator authenticator;
        private AddressVerifier addressVerifier;
        private AuthFailurePolicy authFailures = AuthFailurePolicy.NONE;
        private RatePerAddress messageRate = RatePerAddress.UNLIMITED;
        private SpoolFactory spoolFactory = ThresholdSpoolFactory.defaults();
        private StorageRoom storageRoom = StorageRoom.UNLIMITED;
        private Clock clock = Clock.systemDefaultZone();
        private Supplier<String> queueIds = SmtpProtocol::randomId;
        private Supplier<String> sessionIds = SmtpProtocol::randomId;

        private Builder(SmtpConfig config, SmtpTransactionListenerFactory listenerFactory) {
            this.config = Objects.requireNonNull(config, "config");
            this.listenerFactory = Objects.requireNonNull(listenerFactory, "listenerFactory");
        }

        public Builder authenticator(Authenticator value) {
            authenticator = Objects.requireNonNull(value);
            return this;
        }

        public Builder addressVerifier(AddressVerifier value) {
            addressVerifier = Objects.requireNonNull(value);
            return this;
        }

        /**
         * How long a refused AUTH is held back, by client address; shared with POP3 and IMAP so that switching
         * protocols does not reset the count. None by default.
         */
        public Builder authFailures(AuthFailurePolicy value) {
            authFailures = Objects.requireNonNull(value);
            return this;
        }

        /** Transactions (MAIL) per client address and minute; beyond it {@code 450 4.7.1}. Default: no limit. */
        public Builder messageRate(RatePerAddress value) {
            messageRate = Objects.requireNonNull(value);
            return this;
        }

        public Builder spoolFactory(SpoolFactory value) {
            spoolFactory = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Whether the disk that takes new mail has room: when it has not, MAIL gets {@code 452 4.3.1}, and so does a
         * message whose storing failed. Default: always room.
         */
        public Builder storageRoom(StorageRoom value) {
            storageRoom = Objects.requireNonNull(value);
            return this;
        }

        /** The clock of the {@code Received:} date (its zone gives the header's offset). */
        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value);
            return this;
        }

        /** Ids for transactions; must give printable ASCII without spaces. */
        public Builder queueIds(Supplier<String> value) {
            queueIds = Objects.requireNonNull(value);
            return this;
        }

        public Builder sessionIds(Supplier<String> value) {
            sessionIds = Objects.requireNonNull(value);
            return this;
        }

        public SmtpProtocol build() {
            return new SmtpProtocol(this);
        }
    }
}

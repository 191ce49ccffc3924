package org.postroom.protocol.smtp;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings of one SMTP listening endpoint.
 *
 * @param hostname this server's name, in the greeting, the EHLO answer and the {@code Received:} header
 * @param maxMessageSize the largest message accepted, in octets (advertised as {@code SIZE}, RFC 1870)
 * @param maxRecipients the most recipients accepted in one transaction (RFC 5321 requires at least 100)
 * @param authRequired a submission endpoint: MAIL needs a successful AUTH first ({@code 530 5.7.0})
 * @param plaintextAuthOnLoopback offer AUTH without TLS to clients on loopback (local webmail, tests)
 * @param startTlsAvailable the adapter can start TLS on this endpoint (advertise STARTTLS)
 * @param implicitTls the connection is TLS from its first byte (port 465, RFC 8314)
 * @param vrfyEnabled answer VRFY from the {@code AddressVerifier}; otherwise always {@code 252 2.5.2}
 * @param maxReceivedHeaders more {@code Received:} headers than this in a message means a mail loop
 *            ({@code 554 5.4.6})
 * @param maxAuthFailures after this many refused AUTH attempts in one session the connection is closed
 *            ({@code 421 4.7.0}); each refusal is also delayed by the protocol's
 *            {@link org.postroom.protocol.AuthFailurePolicy}
 * @param softErrorLimit after this many error replies (4xx, 5xx) in one session, each further error reply is held
 *            back by {@code errorDelay} (a tarpit, like Postfix's {@code smtpd_soft_error_limit})
 * @param hardErrorLimit at this many error replies the session is closed with {@code 421 4.7.0}
 *            ({@code smtpd_hard_error_limit})
 * @param errorDelay how long an error reply past the soft limit is held ({@code smtpd_error_sleep_time})
 */
public record SmtpConfig(String hostname, long maxMessageSize, int maxRecipients, boolean authRequired,
        boolean plaintextAuthOnLoopback, boolean startTlsAvailable, boolean implicitTls, boolean vrfyEnabled,
        int maxReceivedHeaders, int maxAuthFailures, int softErrorLimit, int hardErrorLimit, Duration errorDelay) {

    /** Longest command line in octets, counting CRLF (RFC 5321 section 4.5.3.1.6, text line). */
    public static final int MAX_LINE_LENGTH = 1000;
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 25L * 1024 * 1024;
    public static final int DEFAULT_MAX_RECIPIENTS = 100;
    public static final int DEFAULT_MAX_RECEIVED_HEADERS = 50;
    public static final int DEFAULT_MAX_AUTH_FAILURES = 3;
    public static final int DEFAULT_SOFT_ERROR_LIMIT = 10;
    public static final int DEFAULT_HARD_ERROR_LIMIT = 20;
    public static final Duration DEFAULT_ERROR_DELAY = Duration.ofSeconds(1);

    public SmtpConfig {
        Objects.requireNonNull(hostname, "hostname");
        if (!HeloName.isValid(hostname)) {
            throw new IllegalArgumentException("invalid hostname: " + hostname);
        }
        if (maxMessageSize < 1) {
            throw new IllegalArgumentException("maxMessageSize must be positive");
        }
        if (maxRecipients < 1) {
            throw new IllegalArgumentException("maxRecipients must be positive");
        }
        if (maxReceivedHeaders < 1) {
            throw new IllegalArgumentException("maxReceivedHeaders must be positive");
        }
        if (maxAuthFailures < 1) {
            throw new IllegalArgumentException("maxAuthFailures must be positive");
        }
        Objects.requireNonNull(errorDelay, "errorDelay");
        if (softErrorLimit < 0 || hardErrorLimit < 1 || errorDelay.isNegative()) {
            throw new IllegalArgumentException("need softErrorLimit >= 0, hardErrorLimit >= 1, errorDelay >= 0");
        }
        if (implicitTls && startTlsAvailable) {
            throw new IllegalArgumentException("STARTTLS makes no sense on an implicit-TLS endpoint");
        }
    }

    /** Defaults for a public MX on port 25: no STARTTLS until the adapter says it has a certificate. */
    public static Builder builder(String hostname) {
        return new Builder(hostname);
    }

    public Builder toBuilder() {
        return new Builder(hostname).maxMessageSize(maxMessageSize)
                .maxRecipients(maxRecipients)
                .authRequired(authRequired)
                .plaintextAuthOnLoopback(plaintextAuthOnLoopback)
                .startTlsAvailable(startTlsAvailable)
                .implicitTls(implicitTls)
                .vrfyEnabled(vrfyEnabled)
                .maxReceivedHeaders(maxReceivedHeaders)
                .maxAuthFailures(maxAuthFailures)
                .errorLimits(softErrorLimit, hardErrorLimit, errorDelay);
    }

    /** Builds a {@link SmtpConfig}; every setting has the default given on {@link SmtpConfig}'s constants. */
    public static final class Builder {
        private final String hostname;
        private long maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private int maxRecipients = DEFAULT_MAX_RECIPIENTS;
        private boolean authRequired;
        private boolean plaintextAuthOnLoopback;
        private boolean startTlsAvailable;
        private boolean implicitTls;
        private boolean vrfyEnabled;
        private int maxReceivedHeaders = DEFAULT_MAX_RECEIVED_HEADERS;
        private int maxAuthFailures = DEFAULT_MAX_AUTH_FAILURES;
        private int softErrorLimit = DEFAULT_SOFT_ERROR_LIMIT;
        private int hardErrorLimit = DEFAULT_HARD_ERROR_LIMIT;
        private Duration errorDelay = DEFAULT_ERROR_DELAY;

        private Builder(String hostname) {
            this.hostname = hostname;
        }

        public Builder maxMessageSize(long value) {
            maxMessageSize = value;
            return this;
        }

        public Builder maxRecipients(int value) {
            maxRecipients = value;
            return this;
        }

        public Builder authRequired(boolean value) {
            authRequired = value;
            return this;
        }

        public Builder plaintextAuthOnLoopback(boolean value) {
            plaintextAuthOnLoopback = value;
            return this;
        }

        public Builder startTlsAvailable(boolean value) {
            startTlsAvailable = value;
            return this;
        }

        public Builder implicitTls(boolean value) {
            implicitTls = value;
            return this;
        }

        public Builder vrfyEnabled(boolean value) {
            vrfyEnabled = value;
            return this;
        }

        public Builder maxReceivedHeaders(int value) {
            maxReceivedHeaders = value;
            return this;
        }

        public Builder maxAuthFailures(int value) {
            maxAuthFailures = value;
            return this;
        }

        /** Error replies before the tarpit, error replies before the close, and the tarpit's delay. */
        public Builder errorLimits(int soft, int hard, Duration delay) {
            softErrorLimit = soft;
            hardErrorLimit = hard;
            errorDelay = delay;
            return this;
        }

        public SmtpConfig build() {
            return new SmtpConfig(hostname, maxMessageSize, maxRecipients, authRequired, plaintextAuthOnLoopback,
                    startTlsAvailable, implicitTls, vrfyEnabled, maxReceivedHeaders, maxAuthFailures, softErrorLimit,
                    hardErrorLimit, errorDelay);
        }
    }
}

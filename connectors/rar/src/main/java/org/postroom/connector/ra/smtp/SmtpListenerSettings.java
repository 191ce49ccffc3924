package org.postroom.connector.ra.smtp;

import org.postroom.connector.ra.net.ListenerKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.postroom.connector.ra.net.ListenerSettings;
import org.postroom.connector.ra.net.TlsMode;
import org.postroom.protocol.smtp.SmtpConfig;

/**
 * Everything one SMTP listener needs, independent of JCA: its network settings and the engine's.
 *
 * @param kind MX, submission or implicit-TLS submission
 * @param network socket, limits, idle timeout and TLS
 * @param hostname this server's name (greeting, EHLO, {@code Received:})
 * @param maxMessageBytes the largest message accepted
 * @param maxRecipients the most recipients per transaction
 * @param allowPlaintextAuthOnLoopback offer AUTH without TLS to loopback clients
 * @param spoolDirectory where message content larger than the memory threshold waits during DATA
 * @param maxAuthFailures refused AUTH attempts after which a session is closed
 * @param softErrorLimit error replies after which each further one is held back by {@code errorDelay}
 * @param hardErrorLimit error replies at which the session is closed
 * @param errorDelay how long an error reply past the soft limit is held
 * @param messagesPerMinute transactions (MAIL) one client address may start per minute, beyond which MAIL gets
 *            {@code 450 4.7.1}; 0 for no limit; loopback exempt as {@link ListenerSettings#exemptLoopback()} says
 * @param minFreeDataBytes below this much free space on the data disk (where the spool is) MAIL gets
 *            {@code 452 4.3.1 Insufficient system storage}; a declared SIZE must fit one and a half times besides
 */
public record SmtpListenerSettings(ListenerKind kind, ListenerSettings network, String hostname,
        long maxMessageBytes, int maxRecipients, boolean allowPlaintextAuthOnLoopback, Path spoolDirectory,
        int maxAuthFailures, int softErrorLimit, int hardErrorLimit, Duration errorDelay, int messagesPerMinute,
        long minFreeDataBytes) {

    /** Messages per client address and minute unless configured (ADR 0071). */
    public static final int DEFAULT_MESSAGES_PER_MINUTE = 100;

    /** Free space the data disk keeps for the database and the broker, unless configured: 64 MiB. */
    public static final long DEFAULT_MIN_FREE_DATA_BYTES = 64L * 1024 * 1024;

    /** With the default free-space floor. */
    public SmtpListenerSettings(ListenerKind kind, ListenerSettings network, String hostname, long maxMessageBytes,
            int maxRecipients, boolean allowPlaintextAuthOnLoopback, Path spoolDirectory, int maxAuthFailures,
            int softErrorLimit, int hardErrorLimit, Duration errorDelay, int messagesPerMinute) {
        this(kind, network, hostname, maxMessageBytes, maxRecipients, allowPlaintextAuthOnLoopback, spoolDirectory,
                maxAuthFailures, softErrorLimit, hardErrorLimit, errorDelay, messagesPerMinute,
                DEFAULT_MIN_FREE_DATA_BYTES);
    }

    /** No limit on the message rate. */
    public SmtpListenerSettings(ListenerKind kind, ListenerSettings network, String hostname, long maxMessageBytes,
            int maxRecipients, boolean allowPlaintextAuthOnLoopback, Path spoolDirectory, int maxAuthFailures,
            int softErrorLimit, int hardErrorLimit, Duration errorDelay) {
        this(kind, network, hostname, maxMessageBytes, maxRecipients, allowPlaintextAuthOnLoopback, spoolDirectory,
                maxAuthFailures, softErrorLimit, hardErrorLimit, errorDelay, 0);
    }

    /** With the default error limits (10, 20, 1 s). */
    public SmtpListenerSettings(ListenerKind kind, ListenerSettings network, String hostname, long maxMessageBytes,
            int maxRecipients, boolean allowPlaintextAuthOnLoopback, Path spoolDirectory, int maxAuthFailures) {
        this(kind, network, hostname, maxMessageBytes, maxRecipients, allowPlaintextAuthOnLoopback, spoolDirectory,
                maxAuthFailures, SmtpConfig.DEFAULT_SOFT_ERROR_LIMIT, SmtpConfig.DEFAULT_HARD_ERROR_LIMIT,
                SmtpConfig.DEFAULT_ERROR_DELAY);
    }

    public SmtpListenerSettings {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(spoolDirectory, "spoolDirectory");
        Objects.requireNonNull(errorDelay, "errorDelay");
        if (minFreeDataBytes < 0) {
            throw new IllegalArgumentException("minFreeDataBytes must not be negative");
        }
        if (messagesPerMinute < 0) {
            throw new IllegalArgumentException("messagesPerMinute must not be negative");
        }
        if (network.tlsMode() != kind.tlsMode() && network.tlsMode() != TlsMode.NONE) {
            throw new IllegalArgumentException(kind + " needs TLS mode " + kind.tlsMode());
        }
        if (kind.tlsMode() == TlsMode.IMPLICIT
                && network.tlsMode() != TlsMode.IMPLICIT) {
            throw new IllegalArgumentException("smtps needs a TLS context");
        }
    }

    /** The engine's configuration for this listener. */
    public SmtpConfig engineConfig() {
        return SmtpConfig.builder(hostname)
                .maxMessageSize(maxMessageBytes)
                .maxRecipients(maxRecipients)
                .authRequired(kind.authRequired())
                .plaintextAuthOnLoopback(allowPlaintextAuthOnLoopback)
                .startTlsAvailable(network.tlsMode() == TlsMode.STARTTLS)
                .implicitTls(network.tlsMode() == TlsMode.IMPLICIT)
                .maxAuthFailures(maxAuthFailures)
                .errorLimits(softErrorLimit, hardErrorLimit, errorDelay)
                .build();
    }
}

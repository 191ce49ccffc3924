package org.postroom.protocol.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.postroom.connector.api.AuthenticationResult;
import org.postroom.connector.api.Authenticator;

/**
 * Test harness: one SMTP session behind its driver, no socket. {@link #send(String)} feeds bytes exactly as written
 * (use {@code \r\n}) and returns exactly the bytes the server would write, as a string.
 *
 * <p>
 * Fixed ids ({@code Q1}, {@code Q2}, ...; session {@code S1}) and a fixed clock make transcripts exact.
 */
final class SmtpDialogue {

    static final String HOST = "mx.example.org";
    static final InetSocketAddress REMOTE = address(new byte[]{(byte) 192, 0, 2, 7}, 40001);
    static final InetSocketAddress LOOPBACK = address(new byte[]{127, 0, 0, 1}, 40002);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-03T10:15:30Z"), ZoneOffset.UTC);
    static final String DATE = "Tue, 3 Nov 2026 10:15:30 +0000";

    /** alice / secret is the one valid account; user "ldap-down" makes the directory unavailable. */
    static final Authenticator AUTHENTICATOR = (session, credentials) -> {
        if (credentials.username().equals("ldap-down")) {
            return AuthenticationResult.temporarilyUnavailable();
        }
        return credentials.username().equals("alice") && credentials.password().equals("secret")
                ? AuthenticationResult.authenticated("alice")
                : AuthenticationResult.invalidCredentials();
    };

    /** Listener failures are logged by design; tests provoke them on purpose, so keep the output readable. */
    private static final java.util.logging.Logger QUIET = quiet();

    final RecordingListenerFactory listeners = new RecordingListenerFactory();
    final SmtpSessionDriver driver;
    final String greeting;
    private SmtpOutput lastOutput = SmtpOutput.NONE;

    SmtpDialogue(SmtpConfig config, InetSocketAddress client, boolean withAuthenticator) {
        this(config, client, withAuthenticator, org.postroom.protocol.AuthFailurePolicy.NONE);
    }

    SmtpDialogue(SmtpConfig config, InetSocketAddress client, boolean withAuthenticator,
            org.postroom.protocol.AuthFailurePolicy authFailures) {
        this(config, client, withAuthenticator, authFailures,
                new ThresholdSpoolFactory(Path.of(System.getProperty("java.io.tmpdir")), 64));
    }

    /** A public MX whose DATA spools to this directory beyond 64 octets. */
    static SmtpDialogue mxSpoolingTo(Path spoolDirectory) {
        return new SmtpDialogue(config().build(), REMOTE, false, org.postroom.protocol.AuthFailurePolicy.NONE,
                new ThresholdSpoolFactory(spoolDirectory, 64));
    }

    SmtpDialogue(SmtpConfig config, InetSocketAddress client, boolean withAuthenticator,
            org.postroom.protocol.AuthFailurePolicy authFailures, SpoolFactory spools) {
        this(config, client, withAuthenticator, authFailures, spools, StorageRoom.UNLIMITED);
    }

    /** A public MX spooling to this directory beyond 64 octets, on a disk whose room {@code room} says. */
    static SmtpDialogue mxOnDisk(Path spoolDirectory, StorageRoom room) {
        return new SmtpDialogue(config().build(), REMOTE, false, org.postroom.protocol.AuthFailurePolicy.NONE,
                new ThresholdSpoolFactory(spoolDirectory, 64), room);
    }

    SmtpDialogue(SmtpConfig config, InetSocketAddress client, boolean withAuthenticator,
            org.postroom.protocol.AuthFailurePolicy authFailures, SpoolFactory spools, StorageRoom room) {
        AtomicInteger ids = new AtomicInteger();
        SmtpProtocol.Builder builder = SmtpProtocol.builder(config, listeners)
                .queueIds(() -> "Q" + ids.incrementAndGet())
                .sessionIds(() -> "S1")
                .clock(CLOCK)
                .spoolFactory(spools)
                .storageRoom(room)
                .authFailures(authFailures);
        if (withAuthenticator) {
            builder.authenticator(AUTHENTICATOR);
        }
        this.driver = builder.build().newDriver(client);
        this.greeting = text(driver.start());
    }

    /** A public MX: no TLS, no AUTH offered, 1 MiB limit. */
    static SmtpDialogue mx() {
        return new SmtpDialogue(config().build(), REMOTE, false);
    }

    static SmtpDialogue with(SmtpConfig config) {
        return new SmtpDialogue(config, REMOTE, true);
    }

    static SmtpDialogue with(SmtpConfig config, InetSocketAddress client) {
        return new SmtpDialogue(config, client, true);
    }

    static SmtpConfig.Builder config() {
        return SmtpConfig.builder(HOST).maxMessageSize(1024 * 1024);
    }

    /** Feeds {@code input} (ISO-8859-1, so any octet can be written) and returns what the server answers. */
    String send(String input) {
        return send(input.getBytes(StandardCharsets.ISO_8859_1));
    }

    String send(byte[] input) {
        lastOutput = driver.receive(input);
        return text(lastOutput);
    }

    /** Feeds {@code input} one octet at a time, the worst possible chunking. */
    String sendByteByByte(String input) {
        StringBuilder out = new StringBuilder();
        for (byte b : input.getBytes(StandardCharsets.ISO_8859_1)) {
            out.append(send(new byte[]{b}));
        }
        return out.toString();
    }

    SmtpOutput lastOutput() {
        return lastOutput;
    }

    /** EHLO, asserting it is accepted; returns nothing to keep dialogues short. */
    SmtpDialogue ehlo() {
        String reply = send("EHLO client.example\r\n");
        assertEquals("250", reply.substring(0, 3), reply);
        return this;
    }

    SmtpSession session() {
        return driver.session();
    }

    void tlsStarted() {
        driver.tlsStarted();
    }

    /** Ends the connection and checks the listener contract for everything that happened. */
    void closeAndCheckContract() {
        driver.close();
        listeners.assertEveryListenerEndedOnce();
    }

    static String text(SmtpOutput output) {
        return new String(output.encode(), StandardCharsets.US_ASCII);
    }

    private static InetSocketAddress address(byte[] ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static java.util.logging.Logger quiet() {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(SmtpSession.class.getName());
        logger.setLevel(java.util.logging.Level.OFF);
        return logger;
    }
}

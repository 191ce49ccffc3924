package org.postroom.protocol.smtp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.postroom.connector.api.Accepted;
import org.postroom.connector.api.MailAddress;
import org.postroom.connector.api.MailParameters;
import org.postroom.connector.api.ReversePath;
import org.postroom.connector.api.SmtpTransactionListener;
import org.postroom.protocol.FuzzChecks;

/**
 * Fuzz target (ADR 0055): the SMTP engine behind its driver, fed raw connection bytes: line framing, the command
 * parser, MAIL and RCPT paths and parameters, AUTH PLAIN/LOGIN exchanges, DATA with dot-stuffing, STARTTLS.
 *
 * <p>
 * Input: the first octet chooses where the session starts ({@code '0'}: just greeted; {@code '1'}: after EHLO;
 * anything else: after EHLO and AUTH as alice); the rest is what the client sends, delivered in two reads split in
 * the middle. The listener accepts everything and reads each message to its end, so every failure the session logs
 * is its own. A finding is any exception, a failure the session caught and logged (its {@code 451 4.3.0}), more
 * than {@link FuzzChecks#MAX_ALLOCATED_BYTES_PER_INPUT} allocated, or an input running longer than the timeout.
 */
class SmtpSessionFuzzTest {

    private static final FuzzChecks CHECKS = new FuzzChecks(SmtpSession.class.getName());

    /** Messages stay in memory: the fuzzer is after the parser, not the disk. */
    private static final SpoolFactory SPOOL = new ThresholdSpoolFactory(Path.of(System.getProperty("java.io.tmpdir")),
            1 << 20);

    @BeforeAll
    static void captureLoggedFailures() {
        CHECKS.install();
    }

    @AfterAll
    static void releaseLoggers() {
        CHECKS.uninstall();
    }

    @FuzzTest(maxDuration = "5m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void smtpSessionSurvivesAnyClientBytes(byte[] input) {
        CHECKS.check(() -> run(input));
    }

    private static void run(byte[] input) {
        SmtpConfig config = SmtpDialogue.config()
                .maxMessageSize(64 * 1024)
                .maxRecipients(5)
                .plaintextAuthOnLoopback(true)
                .startTlsAvailable(true)
                .vrfyEnabled(true)
                .build();
        SmtpSessionDriver driver = SmtpProtocol.builder(config, (session, queueId) -> new Accepting(queueId))
                .authenticator(SmtpDialogue.AUTHENTICATOR)
                .addressVerifier((session, mailbox) -> !mailbox.localPart().equals("nobody"))
                .spoolFactory(SPOOL)
                .clock(SmtpDialogue.CLOCK)
                .sessionIds(() -> "S1")
                .build()
                .newDriver(SmtpDialogue.LOOPBACK);
        driver.start();
        int start = input.length == 0 ? '0' : input[0];
        if (start != '0') {
            driver.receive("EHLO client.example\r\n".getBytes(StandardCharsets.US_ASCII));
            if (start != '1') {
                // AUTH PLAIN \0alice\0secret
                driver.receive("AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        }
        byte[] client = input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
        int half = client.length / 2;
        driver.receive(ByteBuffer.wrap(client, 0, half));
        if (driver.session().inputMode() == InputMode.AWAITING_TLS) {
            driver.tlsStarted(); // as the adapter does after the handshake
        }
        driver.receive(ByteBuffer.wrap(client, half, client.length - half));
        driver.close();
    }

    /** Accepts every sender, recipient and message; reads the content to its end, as the business side does. */
    private record Accepting(String queueId) implements SmtpTransactionListener {

        @Override
        public Duration from(ReversePath reversePath, MailParameters parameters) {
            return Duration.ZERO;
        }

        @Override
        public void recipient(MailAddress forwardPath) {
        }

        @Override
        public void data(InputStream content) throws IOException {
            content.transferTo(OutputStream.nullOutputStream());
        }

        @Override
        public Accepted done() {
            return new Accepted(queueId);
        }

        @Override
        public void abort() {
        }
    }
}

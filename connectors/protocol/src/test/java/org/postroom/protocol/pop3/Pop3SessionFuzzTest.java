package org.postroom.protocol.pop3;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.postroom.protocol.FuzzChecks;

/**
 * Fuzz target (ADR 0055): the POP3 engine behind its driver, fed raw connection bytes: line framing, the command
 * parser and its arguments (message numbers, TOP line counts, USER/PASS, APOP-less AUTH with SASL, STLS).
 *
 * <p>
 * Input: the first octet chooses where the session starts ({@code '0'}: just greeted; anything else: logged in as
 * alice with three messages in the maildrop); the rest is what the client sends, in two reads split in the middle.
 * The fake maildrop never fails, so every failure the session logs is its own. A finding is any exception, a failure
 * the session caught and logged, more than {@link FuzzChecks#MAX_ALLOCATED_BYTES_PER_INPUT} allocated, or an input
 * running longer than the timeout.
 */
class Pop3SessionFuzzTest {

    private static final FuzzChecks CHECKS = new FuzzChecks(Pop3Session.class.getName());

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
    void pop3SessionSurvivesAnyClientBytes(byte[] input) {
        CHECKS.check(() -> run(input));
    }

    private static void run(byte[] input) {
        // loopback with plaintext passwords allowed, STLS offered: USER/PASS, AUTH and STLS are reachable
        Pop3Dialogue d = new Pop3Dialogue(new Pop3Config(Pop3Dialogue.HOST, true, true, false),
                Pop3Dialogue.LOOPBACK);
        int start = input.length == 0 ? '0' : input[0];
        if (start != '0') {
            d.loggedIn();
        }
        byte[] client = input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
        int half = client.length / 2;
        Pop3SessionDriver driver = d.driver;
        driver.receive(ByteBuffer.wrap(client, 0, half));
        if (driver.session().inputMode() == Pop3InputMode.AWAITING_TLS) {
            driver.tlsStarted(); // as the adapter does after the handshake
        }
        driver.receive(ByteBuffer.wrap(client, half, client.length - half));
        driver.close();
    }
}

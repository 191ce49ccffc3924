package org.postroom.protocol.imap;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.postroom.protocol.AuthFailurePolicy;
import org.postroom.protocol.FuzzChecks;

/**
 * Fuzz target (ADR 0055): the IMAP engine behind its driver, fed raw connection bytes: line and literal framing,
 * the command parser, every command's arguments (sequence sets, FETCH items, SEARCH keys, flags, dates, mailbox
 * names in modified UTF-7) and the in-memory store's evaluation of them.
 *
 * <p>
 * Input: the first octet chooses where the session starts ({@code '0'}: just greeted; {@code '1'}: logged in;
 * anything else: logged in with INBOX selected, holding a plain, a multipart and a forwarded message); the rest is
 * what the client sends, delivered in two reads split in the middle. A finding is any exception, a failure the
 * session caught and logged, more than {@link FuzzChecks#MAX_ALLOCATED_BYTES_PER_INPUT} allocated, or an input
 * running longer than the timeout.
 */
class ImapSessionFuzzTest {

    private static final FuzzChecks CHECKS = new FuzzChecks(ImapSession.class.getName());

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
    void imapSessionSurvivesAnyClientBytes(byte[] input) {
        CHECKS.check(() -> run(input));
    }

    private static void run(byte[] input) {
        InMemoryMailStore store = ImapDialogue.aliceStore();
        store.deliver("alice", "INBOX", Mails.SIMPLE);
        store.deliver("alice", "INBOX", Mails.MULTIPART);
        store.deliver("alice", "INBOX", Mails.FORWARD);
        // loopback with plaintext passwords allowed, STARTTLS offered: LOGIN and AUTHENTICATE are reachable
        ImapDialogue d = new ImapDialogue(store,
                new ImapConfig(ImapDialogue.HOST, true, true, false, ImapDialogue.MAX_MESSAGE), ImapDialogue.LOOPBACK,
                AuthFailurePolicy.NONE);
        int start = input.length == 0 ? '0' : input[0];
        if (start != '0') {
            d.loggedIn();
            if (start != '1') {
                d.selected("INBOX");
            }
        }
        byte[] client = input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
        int half = client.length / 2;
        ImapSessionDriver driver = d.driver;
        driver.receive(ByteBuffer.wrap(client, 0, half));
        if (driver.session().inputMode() == ImapInputMode.AWAITING_TLS) {
            driver.tlsStarted(); // as the adapter does after the handshake
        }
        driver.receive(ByteBuffer.wrap(client, half, client.length - half));
        driver.close();
    }
}

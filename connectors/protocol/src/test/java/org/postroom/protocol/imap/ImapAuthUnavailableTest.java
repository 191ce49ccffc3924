package org.postroom.protocol.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.postroom.protocol.AuthFailurePolicy;

/**
 * A login the listener cannot decide (the corporate directory did not answer): {@code NO [UNAVAILABLE]} (RFC 5530),
 * the session stays NOT AUTHENTICATED, and the failed-login delay is not charged (the password was never judged).
 */
class ImapAuthUnavailableTest {

    private final InMemoryMailStore store = ImapDialogue.aliceStore();
    private final List<String> seen = new ArrayList<>();
    private final ImapDialogue d = new ImapDialogue(store, new ImapConfig(ImapDialogue.HOST, false, false, true, 1000),
            ImapDialogue.REMOTE, new AuthFailurePolicy() {
                @Override
                public Duration failed(InetAddress client) {
                    seen.add("failed");
                    return Duration.ofMillis(750);
                }

                @Override
                public void succeeded(InetAddress client) {
                    seen.add("succeeded");
                }
            });

    @Test
    void loginWhileTheDirectoryIsDownIsNoUnavailableWithoutAFailureDelay() {
        store.authenticationUnavailable = true;
        assertEquals("a NO [UNAVAILABLE] Authentication temporarily unavailable\r\n",
                d.send("a LOGIN alice secret\r\n"));
        assertEquals(Duration.ZERO, d.lastOutput().delay());
        assertEquals(ImapState.NOT_AUTHENTICATED, d.session().state());
        assertEquals(List.of(), seen);
    }

    @Test
    void authenticateWhileTheDirectoryIsDownIsNoUnavailableAndALaterLoginWorks() {
        store.authenticationUnavailable = true;
        String plain = Base64.getEncoder().encodeToString("\0alice\0secret".getBytes(StandardCharsets.UTF_8));
        assertEquals("a NO [UNAVAILABLE] Authentication temporarily unavailable\r\n",
                d.send("a AUTHENTICATE PLAIN " + plain + "\r\n"));
        store.authenticationUnavailable = false;
        assertTrue(d.send("b LOGIN alice secret\r\n").startsWith("b OK [CAPABILITY"));
    }
}

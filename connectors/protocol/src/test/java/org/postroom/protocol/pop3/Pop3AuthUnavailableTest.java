package org.postroom.protocol.pop3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.postroom.protocol.AuthFailurePolicy;

/**
 * A login the listener cannot decide (the corporate directory did not answer): {@code -ERR [SYS/TEMP]} (RFC 3206),
 * the session stays in AUTHORIZATION, and the failed-login delay is not charged (the password was never judged).
 */
class Pop3AuthUnavailableTest {

    private final List<String> seen = new ArrayList<>();
    private final Pop3Dialogue d = new Pop3Dialogue(new Pop3Config(Pop3Dialogue.HOST, false, false, true),
            Pop3Dialogue.REMOTE, new AuthFailurePolicy() {
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
    void userPassWhileTheDirectoryIsDownIsATemporaryErrorWithoutAFailureDelay() {
        d.listener.authenticationUnavailable = true;
        assertEquals("+OK Send PASS\r\n-ERR [SYS/TEMP] Authentication temporarily unavailable\r\n",
                d.send("USER alice\r\nPASS secret\r\n"));
        assertEquals(Duration.ZERO, d.lastOutput().delay());
        assertEquals(Pop3State.AUTHORIZATION, d.session().state());
        assertEquals(List.of(), seen);
    }

    @Test
    void authPlainWhileTheDirectoryIsDownIsATemporaryErrorAndALaterLoginWorks() {
        d.listener.authenticationUnavailable = true;
        String plain = Base64.getEncoder().encodeToString("\0alice\0secret".getBytes(StandardCharsets.UTF_8));
        assertEquals("-ERR [SYS/TEMP] Authentication temporarily unavailable\r\n",
                d.send("AUTH PLAIN " + plain + "\r\n"));
        d.listener.authenticationUnavailable = false;
        assertEquals("+OK Maildrop ready\r\n", d.send("AUTH PLAIN " + plain + "\r\n"));
    }
}

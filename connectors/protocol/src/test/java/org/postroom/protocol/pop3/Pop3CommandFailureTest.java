package org.postroom.protocol.pop3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.postroom.protocol.AuthFailurePolicy;

/** Issue 11 item 2, for POP3: an unexpected failure under a command is an -ERR, never the end of the session. */
class Pop3CommandFailureTest {

    /** A collaborator that fails where the engine does not expect it (the listener calls are guarded one by one). */
    private static final AuthFailurePolicy THROWING = new AuthFailurePolicy() {
        @Override
        public Duration failed(InetAddress client) {
            throw new IllegalStateException("injected failure");
        }

        @Override
        public void succeeded(InetAddress client) {
            throw new IllegalStateException("injected failure");
        }
    };

    @Test
    void aFailureUnderACommandIsAnErrAndTheSessionGoesOn() {
        Pop3Dialogue d = new Pop3Dialogue(new Pop3Config(Pop3Dialogue.HOST, false, false, true), Pop3Dialogue.REMOTE,
                THROWING);
        d.send("USER alice\r\n");
        assertEquals("-ERR [SYS/TEMP] Command failed, try again later\r\n", d.send("PASS wrong\r\n"));
        assertFalse(d.lastOutput().close());
        assertEquals("+OK Capability list follows", d.send("CAPA\r\n").lines().findFirst().get());
    }
}

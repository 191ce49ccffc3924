package org.postroom.protocol.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Issue 11 item 2, for SMTP: an unexpected failure under a command is a 451, never the end of the session. */
class SmtpCommandFailureTest {

    @Test
    void aFailureUnderACommandIsA451AndTheSessionGoesOn() {
        SmtpProtocol protocol = SmtpProtocol.builder(SmtpDialogue.config().build(), new RecordingListenerFactory())
                .queueIds(() -> {
                    throw new IllegalStateException("injected failure");
                })
                .sessionIds(() -> "S1")
                .clock(SmtpDialogue.CLOCK)
                .spoolFactory(new ThresholdSpoolFactory(Path.of(System.getProperty("java.io.tmpdir")), 64))
                .build();
        SmtpSessionDriver driver = protocol.newDriver(SmtpDialogue.REMOTE);
        driver.start();
        SmtpDialogue.text(driver.receive("EHLO client.example.net\r\n".getBytes()));
        SmtpOutput failed = driver.receive("MAIL FROM:<a@example.net>\r\n".getBytes());
        assertEquals("451 4.3.0 Local error in processing\r\n", SmtpDialogue.text(failed));
        assertFalse(failed.close());
        assertEquals("250 2.0.0 Ok\r\n", SmtpDialogue.text(driver.receive("NOOP\r\n".getBytes())));
    }
}

package org.postroom.mail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import org.junit.jupiter.api.Test;

class AcceptanceLimitsTest {

    @Test
    void messageUpToTheLimitIsReadWhole() throws IOException, MailRejection {
        byte[] data = new byte[200_000];
        data[199_999] = 7;
        assertArrayEquals(data, AcceptanceService.readAtMost(new ByteArrayInputStream(data), 200_000));
    }

    @Test
    void messageOverTheLimitIsRefusedWith552WhileReading() {
        MailRejection e = assertThrows(MailRejection.class,
                () -> AcceptanceService.readAtMost(new ByteArrayInputStream(new byte[100_001]), 100_000));
        assertEquals(552, e.code());
        assertEquals("5.3.4", e.enhancedCode());
    }
}

package org.postroom.protocol.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmtpReplyTest {

    @Test
    void encodesMultilineRepliesWithDashesAndEnhancedCodesOnEveryLine() {
        assertEquals("250-one\r\n250-two\r\n250 three\r\n",
                text(SmtpReply.multiline(250, "", List.of("one", "two", "three"))));
        assertEquals("550-5.1.1 a\r\n550 5.1.1 b\r\n", text(SmtpReply.multiline(550, "5.1.1", List.of("a", "b"))));
    }

    @Test
    void controlCharactersInTextAreReplaced() {
        assertEquals("550 5.7.1 a??b?\r\n", text(SmtpReply.of(550, "5.7.1", "a\r\nb\u00e9")));
        assertThrows(IllegalArgumentException.class, () -> new SmtpReply(250, "", List.of("a\nb")));
    }

    @Test
    void enhancedCodeMustMatchTheReplyClass() {
        assertThrows(IllegalArgumentException.class, () -> SmtpReply.of(550, "4.1.1", "x"));
        assertThrows(IllegalArgumentException.class, () -> SmtpReply.of(250, "2.1", "x"));
        assertThrows(IllegalArgumentException.class, () -> SmtpReply.of(600, "", "x"));
    }

    @Test
    void everyDefinedReplyIsWellFormed() throws IllegalAccessException {
        for (Field field : SmtpReplies.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == SmtpReply.class) {
                SmtpReply reply = (SmtpReply) field.get(null);
                String encoded = text(reply);
                assertEquals(Integer.toString(reply.code()), encoded.substring(0, 3), field.getName());
                if (reply.code() >= 200 && reply.code() < 300 || reply.code() >= 400) {
                    assertEquals(Integer.toString(reply.code()).charAt(0), reply.enhancedCode().charAt(0),
                            field.getName() + " needs an enhanced code (RFC 2034)");
                }
            }
        }
    }

    private static String text(SmtpReply reply) {
        return new String(reply.encode(), StandardCharsets.US_ASCII);
    }
}

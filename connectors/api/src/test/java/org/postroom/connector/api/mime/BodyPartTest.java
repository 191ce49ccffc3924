package org.postroom.connector.api.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BodyPartTest {

    private static BodyPart text(long header, long body, long end) {
        return new BodyPart("text", "plain", List.of(), null, null, null, header, body, end, 1, null, null, List.of(),
                null, List.of(), null);
    }

    @Test
    void aLeafPartCanBeBuiltAndReportsItsBodySize() {
        BodyPart part = text(0, 10, 25);
        assertEquals(15, part.bodySize());
        assertTrue(part.isText());
    }

    @Test
    void aMultipartNeedsPartsAndALeafMayHaveNone() {
        assertThrows(IllegalArgumentException.class, () -> new BodyPart("multipart", "mixed", List.of(), null, null,
                null, 0, 0, 0, 0, null, null, List.of(), null, List.of(), null));
        assertThrows(IllegalArgumentException.class, () -> new BodyPart("text", "plain", List.of(), null, null, null,
                0, 0, 0, 0, null, null, List.of(), null, List.of(text(0, 0, 0)), null));
        assertTrue(new BodyPart("multipart", "mixed", List.of(), null, null, null, 0, 0, 0, 0, null, null, List.of(),
                null, List.of(text(0, 0, 0)), null).isMultipart());
    }
}

package org.postroom.protocol.imap;

import java.nio.charset.StandardCharsets;
import org.postroom.connector.api.mime.MessageStructure;
import org.postroom.model.mime.StructureAnalyzer;

/**
 * Test-only: the messages of the engines' tests as bytes, and their {@link MessageStructure} as the store computes
 * it.
 */
final class TestMessages {

    private TestMessages() {
    }

    static byte[] bytes(String message) {
        return message.getBytes(StandardCharsets.UTF_8);
    }

    /** The structure FETCH serves, by the store's own analysis (ADR 0012, 0038): the one SEARCH reads by. */
    static MessageStructure structure(byte[] m) {
        return StructureAnalyzer.analyze(m);
    }
}

package org.postroom.protocol.sasl;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Decoding a client's base64 SASL response. */
final class SaslText {

    private SaslText() {
    }

    /**
     * Base64 to strict UTF-8; {@code =} is the empty response (RFC 4954, RFC 4959). Empty on any decoding error
     * (bad base64, malformed UTF-8), never an exception.
     */
    static Optional<String> decode(String base64) {
        if (base64.equals("=")) {
            return Optional.of("");
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(base64);
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return Optional.empty();
        }
    }
}

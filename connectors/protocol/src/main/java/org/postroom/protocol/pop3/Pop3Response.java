package org.postroom.protocol.pop3;

import java.io.ByteArrayOutputStream;

/**
 * What the server writes for one command or SASL step: a status line alone, a status line with a multi-line body,
 * or a SASL continuation.
 */
public sealed interface Pop3Response permits Pop3Reply, Pop3MultiLine, Pop3Continuation {

    /** Appends the bytes to write. */
    void encodeTo(ByteArrayOutputStream out);
}

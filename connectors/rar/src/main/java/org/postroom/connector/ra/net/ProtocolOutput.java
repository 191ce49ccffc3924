package org.postroom.connector.ra.net;

import java.util.Objects;

/**
 * What a protocol session produced for some input, in protocol-neutral terms.
 *
 * @param bytes what to write now (already encoded replies, in order), possibly empty
 * @param startTls install TLS after writing {@code bytes} in plaintext (STARTTLS, STLS), then call
 *            {@link ProtocolSession#tlsStarted()} when the handshake completed
 * @param close close the connection after writing {@code bytes}
 */
public record ProtocolOutput(byte[] bytes, boolean startTls, boolean close) {

    public static final ProtocolOutput NONE = new ProtocolOutput(new byte[0], false, false);

    public ProtocolOutput {
        Objects.requireNonNull(bytes, "bytes");
        if (startTls && close) {
            throw new IllegalArgumentException("startTls and close are exclusive");
        }
    }
}

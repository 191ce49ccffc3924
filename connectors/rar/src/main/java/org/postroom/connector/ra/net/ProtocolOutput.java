package org.postroom.connector.ra.net;

import java.time.Duration;
import java.util.Objects;

/**
 * What a protocol session produced for some input, in protocol-neutral terms.
 *
 * @param bytes what to write now (already encoded replies, in order), possibly empty
 * @param startTls install TLS after writing {@code bytes} in plaintext (STARTTLS, STLS), then call
 *            {@link ProtocolSession#tlsStarted()} when the handshake completed
 * @param close close the connection after writing {@code bytes}
 * @param delay write this output only after this long, reading nothing from the connection meanwhile (a failed
 *            login); later outputs of the same connection wait behind it. Zero for almost every output.
 */
public record ProtocolOutput(byte[] bytes, boolean startTls, boolean close, Duration delay) {

    public static final ProtocolOutput NONE = new ProtocolOutput(new byte[0], false, false, Duration.ZERO);

    public ProtocolOutput(byte[] bytes, boolean startTls, boolean close) {
        this(bytes, startTls, close, Duration.ZERO);
    }

    public ProtocolOutput {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay");
        }
        if (startTls && close) {
            throw new IllegalArgumentException("startTls and close are exclusive");
        }
    }
}

package org.postroom.protocol.smtp.client;

import java.io.ByteArrayOutputStream;

/**
 * Turns message content into the DATA stream, chunk by chunk (RFC 5321 section 4.5.2): a line that begins with a
 * period gets one more, and {@link #finish()} ends the stream with {@code CRLF.CRLF} (adding the CRLF the content
 * lacks, if it does not end with one). The content's line ends are sent as they are (the message source keeps CRLF).
 * Not thread-safe: one per transmission.
 */
public final class DotStuffer {

    /** Whether the next byte starts a line (true at the start of the content). */
    private boolean lineStart = true;
    private byte previous = -1;
    private byte beforePrevious = -1;
    private long written;

    /** The bytes to write for {@code length} bytes of content from {@code chunk}. */
    public byte[] stuff(byte[] chunk, int offset, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 16);
        for (int i = offset; i < offset + length; i++) {
            byte b = chunk[i];
            if (lineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            lineStart = b == '\n';
            beforePrevious = previous;
            previous = b;
        }
        written += length;
        return out.toByteArray();
    }

    /**
     * The end of the stream: {@code .CRLF}, after a CRLF when the content did not end with one (a bare LF at the end
     * is not a line end to a strict server).
     */
    public byte[] finish() {
        if (written == 0 || (beforePrevious == '\r' && previous == '\n')) {
            return new byte[]{'.', '\r', '\n'};
        }
        return new byte[]{'\r', '\n', '.', '\r', '\n'};
    }
}

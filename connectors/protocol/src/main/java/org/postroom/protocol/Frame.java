package org.postroom.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One unit of line-framed input produced by {@link LineFramer}: a complete line, an over-long line that was dropped,
 * or "need more bytes" when the input ran out before a line end.
 */
public sealed interface Frame permits Frame.Line, Frame.Overlong, Frame.NeedMore {

    /** A complete line, without its line end. */
    record Line(byte[] bytes) implements Frame {

        public Line {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Line other && Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Line[" + new String(bytes, StandardCharsets.ISO_8859_1) + "]";
        }
    }

    /** A line longer than the limit; its bytes were discarded up to and including its line end. */
    record Overlong() implements Frame {
    }

    /** The input ran out before the next line end; the partial line, if any, is kept for the next call. */
    record NeedMore() implements Frame {
    }

    /** The one {@link Overlong} value. */
    Frame OVERLONG = new Overlong();

    /** The one {@link NeedMore} value. */
    Frame NEED_MORE = new NeedMore();
}

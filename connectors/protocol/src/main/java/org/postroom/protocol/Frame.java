package org.postroom.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** One unit of line-framed input produced by {@link LineFramer}. */
public sealed interface Frame permits Frame.Line, Frame.Overlong {

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

    /** The one {@link Overlong} value. */
    Frame OVERLONG = new Overlong();
}

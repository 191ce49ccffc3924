package org.postroom.protocol.imap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/** The message literal of an APPEND, wherever its octets are: in the command, or in a spool file. */
sealed interface MessageLiteral permits MessageLiteral.InCommand, SpooledLiteral {

    /** Octets, as announced and received. */
    long size();

    /** The octets, from the first; the caller closes the stream. */
    InputStream open() throws IOException;

    /** A literal inside the command's bytes (small enough for the heap). */
    record InCommand(byte[] command, int offset, int length) implements MessageLiteral {

        @Override
        public long size() {
            return length;
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(command, offset, length);
        }
    }
}

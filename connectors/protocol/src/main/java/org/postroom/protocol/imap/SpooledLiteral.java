package org.postroom.protocol.imap;

import java.io.IOException;
import java.io.InputStream;
import org.postroom.protocol.smtp.MessageSpool;

/**
 * A literal the driver wrote to a spool file as it arrived (an APPEND over {@link ImapSessionDriver#SPOOL_THRESHOLD}).
 *
 * @param offset where its octets would start in the command, right after the literal's header and CRLF
 * @param size its octets
 * @param spool the file; whoever holds the command deletes it with {@link MessageSpool#close()}
 */
record SpooledLiteral(int offset, long size, MessageSpool spool) implements MessageLiteral {

    @Override
    public InputStream open() throws IOException {
        return spool.content();
    }
}

package org.postroom.connector.api.outbound;

import java.io.IOException;
import java.io.InputStream;

/**
 * The message as it goes on the wire (trace and DKIM headers already added, CRLF line ends, not dot-stuffed: the
 * client stuffs). The client may open it more than once (a retry on the next MX) and reads it off the event loop.
 */
public interface MessageSource {

    /** The size in octets, for the SIZE parameter. */
    long size();

    /** A new stream over the whole message; the client closes it. */
    InputStream open() throws IOException;
}

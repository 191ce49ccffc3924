package org.postroom.protocol.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Where the content of one message waits between the DATA stream and the listener's {@code data(InputStream)}: the
 * engine writes the {@code Received:} header and the decoded content to {@link #output()}, closes it, then reads it
 * back once through {@link #content()}. Always {@link #close() closed} by the engine, whatever happened, which
 * releases the storage.
 */
public interface MessageSpool extends AutoCloseable {

    OutputStream output();

    /** The spooled bytes, readable after {@link #output()} was closed. */
    InputStream content() throws IOException;

    /** Deletes the spooled content. Never throws. */
    @Override
    void close();
}

package org.postroom.protocol.smtp;

import java.io.IOException;

/** Creates a {@link MessageSpool} per DATA command. Thread-safe. */
@FunctionalInterface
public interface SpoolFactory {

    MessageSpool create() throws IOException;
}

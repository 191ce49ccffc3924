package org.postroom.protocol;

import java.nio.ByteBuffer;

/**
 * One connection's engine with its input framing, as every protocol offers it to an adapter: feed it the
 * connection's bytes in chunks of any size, write what it returns. One call at a time, in arrival order, off the
 * event loop.
 *
 * @param <O> the protocol's output (replies to write plus what the adapter must do next)
 */
public interface SessionDriver<O> {

    /** The greeting; called once, first. */
    O start();

    /** Consumes all of {@code in}. */
    O receive(ByteBuffer in);

    /**
     * Consumes from {@code in} only the complete commands at its start that the engine can answer without calling its
     * listener (nothing that may block: no store, no authentication), and stops before the first that it cannot; the
     * rest is for {@link #receive}. The adapter may call this on the network thread when no other call for this
     * connection is queued or running, and passes whatever is left to {@link #receive} in order. An engine that has
     * no such commands consumes nothing and returns its empty output.
     */
    O receiveWithoutBlocking(ByteBuffer in);

    /**
     * Whether feeding {@code in} to {@link #receive} may call the authenticator (a login command, or a SASL response),
     * without consuming anything. Cheap and conservative (a false "yes" costs only a hand-off): the adapter runs such
     * input on its own bounded pool, so that password hashing and directory calls cannot take every thread that mail
     * needs. Default: never.
     */
    default boolean mayAuthenticate(ByteBuffer in) {
        return false;
    }

    /**
     * Whether the session waits for a login before it does any real work (IMAP not authenticated, POP3 in
     * AUTHORIZATION): the adapter then holds back less of the client's input (issue 14: an unauthenticated client
     * cannot make the server buffer much). Default: no (an SMTP MX serves mail without a login).
     */
    default boolean awaitingLogin() {
        return false;
    }

    /**
     * Whether a command has started arriving and is not complete: part of a line, or an IMAP command between its
     * small literals. Message content (SMTP DATA, an IMAP APPEND literal) does not count. The adapter closes a
     * connection that stays in the middle of one command for an idle timeout, however slowly it keeps sending (issue
     * 14: slowloris). Default: never.
     */
    default boolean midCommand() {
        return false;
    }

    /** The TLS handshake the last output asked for completed. */
    void tlsStarted();

    /** The connection ended, for whatever reason: release everything. Idempotent. */
    void close();
}

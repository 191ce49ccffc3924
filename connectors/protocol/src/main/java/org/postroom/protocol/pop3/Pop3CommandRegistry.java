package org.postroom.protocol.pop3;

import static org.postroom.protocol.CommandTable.Blocking.ALWAYS;
import static org.postroom.protocol.CommandTable.Blocking.NEVER;
import static org.postroom.protocol.CommandTable.Blocking.UNLESS_CACHED;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.postroom.protocol.CommandTable;
import org.postroom.protocol.CommandTable.Rule;

/**
 * The one table of POP3 commands: for each verb, the command, the states it is valid in ({@code -ERR} otherwise),
 * the cross-cutting rules it must pass first, and whether it may call the listener ({@code UNLESS_CACHED}: RETR and
 * TOP of a message read ahead do not). Reading this table answers "what may a client do when".
 */
final class Pop3CommandRegistry {

    /** USER, PASS and AUTH PLAIN carry passwords: only over TLS, or from loopback when configured (RFC 2595). */
    private static final Rule<Pop3Session, Pop3Reply> PLAINTEXT_AUTH_PERMITTED = CommandTable
            .credentialsProtected(Pop3Session::authChannelSecure, Pop3Replies.PLAINTEXT_DISALLOWED);
    /** STLS only where TLS can start and is not yet active. */
    private static final Rule<Pop3Session, Pop3Reply> TLS_STARTABLE = CommandTable.tlsStartable(Pop3Session::isTls,
            s -> s.config().startTlsAvailable(), Pop3Replies.TLS_ALREADY_ACTIVE, Pop3Replies.TLS_NOT_AVAILABLE);

    private static final Set<Pop3State> ANY = Pop3State.ANY;
    private static final Set<Pop3State> AUTHORIZATION = EnumSet.of(Pop3State.AUTHORIZATION);
    private static final Set<Pop3State> TRANSACTION = EnumSet.of(Pop3State.TRANSACTION);
    private static final List<Rule<Pop3Session, Pop3Reply>> NONE = List.of();

    // @formatter:off
    private static final CommandTable<Pop3Session, Pop3State, Pop3Command, Pop3Reply> TABLE =
        CommandTable.<Pop3Session, Pop3State, Pop3Command, Pop3Reply>builder(Pop3Replies.WRONG_STATE)
        //   verb    command                 valid in       rules                             may block
        .add("CAPA", new CapaCommand(),      ANY,           NONE,                             NEVER)
        .add("QUIT", new QuitCommand(),      ANY,           NONE,                             ALWAYS)
        .add("STLS", new StlsCommand(),      AUTHORIZATION, List.of(TLS_STARTABLE),           NEVER)
        .add("USER", new UserCommand(),      AUTHORIZATION, List.of(PLAINTEXT_AUTH_PERMITTED), NEVER)
        .add("PASS", new PassCommand(),      AUTHORIZATION, List.of(PLAINTEXT_AUTH_PERMITTED), ALWAYS)
        .add("AUTH", new AuthCommand(),      AUTHORIZATION, List.of(PLAINTEXT_AUTH_PERMITTED), ALWAYS)
        .add("STAT", new StatCommand(),      TRANSACTION,   NONE,                             NEVER)
        .add("LIST", ListingCommand.list(),  TRANSACTION,   NONE,                             NEVER)
        .add("UIDL", ListingCommand.uidl(),  TRANSACTION,   NONE,                             NEVER)
        .add("RETR", new RetrCommand(),      TRANSACTION,   NONE,                             UNLESS_CACHED)
        .add("TOP",  new TopCommand(),       TRANSACTION,   NONE,                             UNLESS_CACHED)
        .add("DELE", new DeleCommand(),      TRANSACTION,   NONE,                             NEVER)
        .add("RSET", new RsetCommand(),      TRANSACTION,   NONE,                             NEVER)
        .add("NOOP", new NoopCommand(),      TRANSACTION,   NONE,                             NEVER)
        .build();
    // @formatter:on

    private Pop3CommandRegistry() {
    }

    static Optional<CommandTable.Entry<Pop3Session, Pop3State, Pop3Command, Pop3Reply>> lookup(String verb) {
        return TABLE.lookup(verb);
    }

    /** The reply that stops {@code entry} in the session's current state, if any: wrong state first, then rules. */
    static Optional<Pop3Reply> refusal(CommandTable.Entry<Pop3Session, Pop3State, Pop3Command, Pop3Reply> entry,
            Pop3Session session) {
        return TABLE.refusal(entry, session, session.state());
    }
}

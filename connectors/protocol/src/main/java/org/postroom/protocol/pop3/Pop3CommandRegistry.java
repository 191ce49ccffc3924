package org.postroom.protocol.pop3;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The one table of POP3 commands: for each verb, the command, the states it is valid in ({@code -ERR} otherwise)
 * and the cross-cutting rules it must pass first. Reading this table answers "what may a client do when".
 */
final class Pop3CommandRegistry {

    /** A rule checked before a command runs; an empty result lets it run. */
    enum Rule {
        /** USER, PASS and AUTH PLAIN carry passwords: only over TLS, or from loopback when configured (RFC 2595). */
        PLAINTEXT_AUTH_PERMITTED(s -> s.authChannelSecure()
                ? Optional.empty()
                : Optional.of(Pop3Replies.PLAINTEXT_DISALLOWED)),
        /** STLS only where TLS can start and is not yet active. */
        TLS_STARTABLE(s -> {
            if (s.isTls()) {
                return Optional.of(Pop3Replies.TLS_ALREADY_ACTIVE);
            }
            return s.config().startTlsAvailable() ? Optional.empty() : Optional.of(Pop3Replies.TLS_NOT_AVAILABLE);
        });

        private final Function<Pop3Session, Optional<Pop3Reply>> check;

        Rule(Function<Pop3Session, Optional<Pop3Reply>> check) {
            this.check = check;
        }

        Optional<Pop3Reply> check(Pop3Session session) {
            return check.apply(session);
        }
    }

    /** Whether a command may call the listener (the store, authentication), which may block. */
    enum Blocking {
        /** Answered from the session's own state. */
        NEVER,
        /** RETR and TOP: answered from the session when the message was read ahead, from the listener otherwise. */
        UNLESS_READ_AHEAD,
        /** Calls the listener. */
        ALWAYS
    }

    record Entry(String verb, Pop3Command command, Set<Pop3State> validIn, List<Rule> rules, Blocking blocking) {
    }

    private static final Set<Pop3State> ANY = Pop3State.ANY;
    private static final Set<Pop3State> AUTHORIZATION = EnumSet.of(Pop3State.AUTHORIZATION);
    private static final Set<Pop3State> TRANSACTION = EnumSet.of(Pop3State.TRANSACTION);

    // @formatter:off
    private static final Map<String, Entry> TABLE = Stream.of(
        //        verb    command                  valid in       rules                                   may block
        new Entry("CAPA", new CapaCommand(),       ANY,           List.of(),                              Blocking.NEVER),
        new Entry("QUIT", new QuitCommand(),       ANY,           List.of(),                              Blocking.ALWAYS),
        new Entry("STLS", new StlsCommand(),       AUTHORIZATION, List.of(Rule.TLS_STARTABLE),            Blocking.NEVER),
        new Entry("USER", new UserCommand(),       AUTHORIZATION, List.of(Rule.PLAINTEXT_AUTH_PERMITTED), Blocking.NEVER),
        new Entry("PASS", new PassCommand(),       AUTHORIZATION, List.of(Rule.PLAINTEXT_AUTH_PERMITTED), Blocking.ALWAYS),
        new Entry("AUTH", new AuthCommand(),       AUTHORIZATION, List.of(Rule.PLAINTEXT_AUTH_PERMITTED), Blocking.ALWAYS),
        new Entry("STAT", new StatCommand(),       TRANSACTION,   List.of(),                              Blocking.NEVER),
        new Entry("LIST", ListingCommand.list(),   TRANSACTION,   List.of(),                              Blocking.NEVER),
        new Entry("UIDL", ListingCommand.uidl(),   TRANSACTION,   List.of(),                              Blocking.NEVER),
        new Entry("RETR", new RetrCommand(),       TRANSACTION,   List.of(),                              Blocking.UNLESS_READ_AHEAD),
        new Entry("TOP",  new TopCommand(),        TRANSACTION,   List.of(),                              Blocking.UNLESS_READ_AHEAD),
        new Entry("DELE", new DeleCommand(),       TRANSACTION,   List.of(),                              Blocking.NEVER),
        new Entry("RSET", new RsetCommand(),       TRANSACTION,   List.of(),                              Blocking.NEVER),
        new Entry("NOOP", new NoopCommand(),       TRANSACTION,   List.of(),                              Blocking.NEVER))
        .collect(Collectors.toUnmodifiableMap(Entry::verb, e -> e));
    // @formatter:on

    private Pop3CommandRegistry() {
    }

    static Optional<Entry> lookup(String verb) {
        return Optional.ofNullable(TABLE.get(verb.toUpperCase(Locale.ROOT)));
    }

    /** The reply that stops {@code entry} in the session's current state, if any: wrong state first, then rules. */
    static Optional<Pop3Reply> refusal(Entry entry, Pop3Session session) {
        if (!entry.validIn().contains(session.state())) {
            return Optional.of(Pop3Replies.WRONG_STATE);
        }
        for (Rule rule : entry.rules()) {
            Optional<Pop3Reply> refused = rule.check(session);
            if (refused.isPresent()) {
                return refused;
            }
        }
        return Optional.empty();
    }
}

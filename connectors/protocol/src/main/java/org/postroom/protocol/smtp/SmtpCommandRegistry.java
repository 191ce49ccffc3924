package org.postroom.protocol.smtp;

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
 * The one table of SMTP commands: for each verb, the command, the states it is valid in (with the {@code 503} reply
 * otherwise) and the cross-cutting rules it must pass first. Reading this table answers "what may a client do
 * when".
 */
final class SmtpCommandRegistry {

    /** A rule checked before a command runs; an empty result lets it run. */
    enum Rule {
        /** MAIL on a submission endpoint needs AUTH first: {@code 530 5.7.0}. */
        AUTHENTICATED_IF_REQUIRED(s -> s.config().authRequired() && !s.isAuthenticated()
                ? Optional.of(SmtpReplies.AUTHENTICATION_REQUIRED)
                : Optional.empty()),
        /** STARTTLS only where TLS can start and is not yet active. */
        TLS_STARTABLE(s -> {
            if (s.isTls()) {
                return Optional.of(SmtpReplies.TLS_ALREADY_ACTIVE);
            }
            return s.config().startTlsAvailable() ? Optional.empty() : Optional.of(SmtpReplies.NOT_IMPLEMENTED);
        }),
        /** AUTH only with an authenticator, once, and never in plaintext unless from loopback when allowed. */
        AUTH_PERMITTED(s -> {
            if (!s.hasAuthenticator()) {
                return Optional.of(SmtpReplies.NOT_IMPLEMENTED);
            }
            if (s.isAuthenticated()) {
                return Optional.of(SmtpReplies.ALREADY_AUTHENTICATED);
            }
            return s.authChannelSecure() ? Optional.empty() : Optional.of(SmtpReplies.ENCRYPTION_REQUIRED_FOR_AUTH);
        });

        private final Function<SmtpSession, Optional<SmtpReply>> check;

        Rule(Function<SmtpSession, Optional<SmtpReply>> check) {
            this.check = check;
        }

        Optional<SmtpReply> check(SmtpSession session) {
            return check.apply(session);
        }
    }

    /**
     * @param validIn the states in which the verb may run
     * @param outOfSequence the {@code 503} reply for each other state
     */
    record Entry(String verb, SmtpCommand command, Set<SmtpState> validIn,
            Function<SmtpState, SmtpReply> outOfSequence, List<Rule> rules) {
    }

    private static final Set<SmtpState> ANY = SmtpState.ANY;
    private static final Set<SmtpState> GREETED = EnumSet.of(SmtpState.GREETED);
    private static final Set<SmtpState> IN_TRANSACTION = EnumSet.of(SmtpState.MAIL, SmtpState.RCPT);
    private static final Set<SmtpState> HAS_RECIPIENTS = EnumSet.of(SmtpState.RCPT);

    // @formatter:off
    private static final Map<String, Entry> TABLE = Stream.of(
        //        verb        command                 valid in         refusal in other states          rules
        new Entry("EHLO",     new EhloCommand(true),  ANY,             noOtherState(),                         List.of()),
        new Entry("HELO",     new EhloCommand(false), ANY,             noOtherState(),                         List.of()),
        new Entry("MAIL",     new MailCommand(),      GREETED,         heloFirstElse(SmtpReplies.NESTED_MAIL), List.of(Rule.AUTHENTICATED_IF_REQUIRED)),
        new Entry("RCPT",     new RcptCommand(),      IN_TRANSACTION,  s -> SmtpReplies.NEED_MAIL,      List.of()),
        new Entry("DATA",     new DataCommand(),      HAS_RECIPIENTS,  s -> s == SmtpState.MAIL ? SmtpReplies.NEED_RCPT : SmtpReplies.NEED_MAIL, List.of()),
        new Entry("RSET",     new RsetCommand(),      ANY,             noOtherState(),                         List.of()),
        new Entry("NOOP",     new NoopCommand(),      ANY,             noOtherState(),                         List.of()),
        new Entry("QUIT",     new QuitCommand(),      ANY,             noOtherState(),                         List.of()),
        new Entry("HELP",     new HelpCommand(),      ANY,             noOtherState(),                         List.of()),
        new Entry("VRFY",     new VrfyCommand(),      ANY,             noOtherState(),                         List.of()),
        new Entry("STARTTLS", new StartTlsCommand(),  GREETED,         heloFirstElse(SmtpReplies.NOT_DURING_TRANSACTION), List.of(Rule.TLS_STARTABLE)),
        new Entry("AUTH",     new AuthCommand(),      GREETED,         heloFirstElse(SmtpReplies.NOT_DURING_TRANSACTION), List.of(Rule.AUTH_PERMITTED)))
        .collect(Collectors.toUnmodifiableMap(Entry::verb, e -> e));
    // @formatter:on

    private SmtpCommandRegistry() {
    }

    /** For verbs valid in every state: there is no other state, so this never answers. */
    private static Function<SmtpState, SmtpReply> noOtherState() {
        return s -> SmtpReplies.BAD_SEQUENCE;
    }

    private static Function<SmtpState, SmtpReply> heloFirstElse(SmtpReply inTransaction) {
        return s -> s == SmtpState.CONNECTED ? SmtpReplies.SEND_HELO_FIRST : inTransaction;
    }

    static Optional<Entry> lookup(String verb) {
        return Optional.ofNullable(TABLE.get(verb.toUpperCase(Locale.ROOT)));
    }

    /**
     * The reply that stops {@code entry} in the session's current state, if any: wrong state first, then the
     * rules in table order.
     */
    static Optional<SmtpReply> refusal(Entry entry, SmtpSession session) {
        if (!entry.validIn().contains(session.state())) {
            return Optional.of(entry.outOfSequence().apply(session.state()));
        }
        for (Rule rule : entry.rules()) {
            Optional<SmtpReply> refused = rule.check(session);
            if (refused.isPresent()) {
                return refused;
            }
        }
        return Optional.empty();
    }
}

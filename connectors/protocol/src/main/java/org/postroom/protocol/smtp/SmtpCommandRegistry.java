package org.postroom.protocol.smtp;

import static org.postroom.protocol.CommandTable.Blocking.ALWAYS;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.postroom.protocol.CommandTable;
import org.postroom.protocol.CommandTable.Rule;

/**
 * The one table of SMTP commands: for each verb, the command, the states it is valid in (with the {@code 503} reply
 * otherwise) and the cross-cutting rules it must pass first. Reading this table answers "what may a client do
 * when". Every SMTP command runs on the dispatch lane ({@code ALWAYS}): nothing is answered on the network thread.
 */
final class SmtpCommandRegistry {

    /** MAIL on a submission endpoint needs AUTH first: {@code 530 5.7.0}. */
    private static final Rule<SmtpSession, SmtpReply> AUTHENTICATED_IF_REQUIRED = CommandTable.refusedWhen(
            s -> s.config().authRequired() && !s.isAuthenticated(), SmtpReplies.AUTHENTICATION_REQUIRED);
    /** STARTTLS only where TLS can start and is not yet active. */
    private static final Rule<SmtpSession, SmtpReply> TLS_STARTABLE = CommandTable.tlsStartable(SmtpSession::isTls,
            s -> s.config().startTlsAvailable(), SmtpReplies.TLS_ALREADY_ACTIVE, SmtpReplies.NOT_IMPLEMENTED);
    /** AUTH only with an authenticator, once, and never in plaintext unless from loopback when allowed. */
    private static final List<Rule<SmtpSession, SmtpReply>> AUTH_PERMITTED = List.of(
            CommandTable.refusedWhen(s -> !s.hasAuthenticator(), SmtpReplies.NOT_IMPLEMENTED),
            CommandTable.refusedWhen(SmtpSession::isAuthenticated, SmtpReplies.ALREADY_AUTHENTICATED),
            CommandTable.credentialsProtected(SmtpSession::authChannelSecure,
                    SmtpReplies.ENCRYPTION_REQUIRED_FOR_AUTH));

    private static final Set<SmtpState> ANY = SmtpState.ANY;
    private static final Set<SmtpState> GREETED = EnumSet.of(SmtpState.GREETED);
    private static final Set<SmtpState> IN_TRANSACTION = EnumSet.of(SmtpState.MAIL, SmtpState.RCPT);
    private static final Set<SmtpState> HAS_RECIPIENTS = EnumSet.of(SmtpState.RCPT);
    private static final List<Rule<SmtpSession, SmtpReply>> NONE = List.of();

    // @formatter:off
    private static final CommandTable<SmtpSession, SmtpState, SmtpCommand, SmtpReply> TABLE =
        CommandTable.<SmtpSession, SmtpState, SmtpCommand, SmtpReply>builder(SmtpReplies.BAD_SEQUENCE)
        //   verb        command                 valid in         refusal in other states                           rules                                may block
        .add("EHLO",     new EhloCommand(true),  ANY,             noOtherState(),                                   NONE,                                ALWAYS)
        .add("HELO",     new EhloCommand(false), ANY,             noOtherState(),                                   NONE,                                ALWAYS)
        .add("MAIL",     new MailCommand(),      GREETED,         heloFirstElse(SmtpReplies.NESTED_MAIL),           List.of(AUTHENTICATED_IF_REQUIRED),  ALWAYS)
        .add("RCPT",     new RcptCommand(),      IN_TRANSACTION,  s -> SmtpReplies.NEED_MAIL,                       NONE,                                ALWAYS)
        .add("DATA",     new DataCommand(),      HAS_RECIPIENTS,  s -> s == SmtpState.MAIL ? SmtpReplies.NEED_RCPT : SmtpReplies.NEED_MAIL, NONE, ALWAYS)
        .add("RSET",     new RsetCommand(),      ANY,             noOtherState(),                                   NONE,                                ALWAYS)
        .add("NOOP",     new NoopCommand(),      ANY,             noOtherState(),                                   NONE,                                ALWAYS)
        .add("QUIT",     new QuitCommand(),      ANY,             noOtherState(),                                   NONE,                                ALWAYS)
        .add("HELP",     new HelpCommand(),      ANY,             noOtherState(),                                   NONE,                                ALWAYS)
        .add("VRFY",     new VrfyCommand(),      ANY,             noOtherState(),                                   NONE,                                ALWAYS)
        .add("STARTTLS", new StartTlsCommand(),  GREETED,         heloFirstElse(SmtpReplies.NOT_DURING_TRANSACTION), List.of(TLS_STARTABLE),             ALWAYS)
        .add("AUTH",     new AuthCommand(),      GREETED,         heloFirstElse(SmtpReplies.NOT_DURING_TRANSACTION), AUTH_PERMITTED,                     ALWAYS)
        .build();
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

    static Optional<CommandTable.Entry<SmtpSession, SmtpState, SmtpCommand, SmtpReply>> lookup(String verb) {
        return TABLE.lookup(verb);
    }

    /**
     * The reply that stops {@code entry} in the session's current state, if any: wrong state first, then the
     * rules in table order.
     */
    static Optional<SmtpReply> refusal(CommandTable.Entry<SmtpSession, SmtpState, SmtpCommand, SmtpReply> entry,
            SmtpSession session) {
        return TABLE.refusal(entry, session, session.state());
    }
}

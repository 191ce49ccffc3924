package org.postroom.protocol.imap;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The one table of IMAP commands: for each name, the command, the states it is valid in ({@code BAD} otherwise), the
 * cross-cutting rules it must pass first, and when the session may report the store's changes to the selected
 * mailbox after it. Reading this table answers "what may a client do when".
 */
final class ImapCommandRegistry {

    /** When untagged EXISTS, RECENT, EXPUNGE and FETCH FLAGS for other sessions' changes follow the command. */
    enum Updates {
        /** Always ask the store (NOOP, CHECK, and commands after which the client expects to see new messages). */
        ALWAYS,
        /** Only if a change event arrived meanwhile. */
        WHEN_CHANGED,
        /** Never: FETCH, STORE and SEARCH may not be followed by EXPUNGE (RFC 3501 section 7.4.1). */
        NEVER
    }

    /** A rule checked before a command runs: empty lets it run, otherwise the refusal. */
    enum Rule {
        /** LOGIN and AUTHENTICATE carry passwords: only over TLS, or from loopback when configured (RFC 3501 6.2.3). */
        PLAINTEXT_AUTH_PERMITTED {
            @Override
            Optional<ImapReply> check(ImapSession s) {
                return s.authChannelSecure() ? Optional.empty() : Optional.of(ImapReplies.PRIVACY_REQUIRED);
            }
        },
        /** STARTTLS only where TLS can start and is not yet active. */
        TLS_STARTABLE {
            @Override
            Optional<ImapReply> check(ImapSession s) {
                if (s.isTls()) {
                    return Optional.of(ImapReplies.TLS_ALREADY_ACTIVE);
                }
                return s.config().startTlsAvailable()
                        ? Optional.empty()
                        : Optional.of(ImapReplies.TLS_NOT_AVAILABLE);
            }
        };

        abstract Optional<ImapReply> check(ImapSession session);
    }

    record Entry(String name, ImapCommand command, Set<ImapState> validIn, List<Rule> rules, Updates updates) {
    }

    private static final Set<ImapState> ANY = ImapState.ANY;
    private static final Set<ImapState> NOT_AUTH = ImapState.NOT_AUTH;
    private static final Set<ImapState> AUTH = ImapState.AUTH;
    private static final Set<ImapState> SELECTED = ImapState.SELECT;
    private static final List<Rule> NONE = List.of();
    private static final Updates ALWAYS = Updates.ALWAYS;
    private static final Updates CHANGED = Updates.WHEN_CHANGED;
    private static final Updates NEVER = Updates.NEVER;

    // @formatter:off
    private static final Map<String, Entry> TABLE = Stream.of(
        //        name            command                       valid in  rules                                  updates
        new Entry("CAPABILITY",   new CapabilityCommand(),      ANY,      NONE,                                  CHANGED),
        new Entry("NOOP",         new NoopCommand(),            ANY,      NONE,                                  ALWAYS),
        new Entry("LOGOUT",       new LogoutCommand(),          ANY,      NONE,                                  NEVER),
        new Entry("ID",           new IdCommand(),              ANY,      NONE,                                  CHANGED),
        new Entry("STARTTLS",     new StartTlsCommand(),        NOT_AUTH, List.of(Rule.TLS_STARTABLE),           NEVER),
        new Entry("LOGIN",        new LoginCommand(),           NOT_AUTH, List.of(Rule.PLAINTEXT_AUTH_PERMITTED), NEVER),
        new Entry("AUTHENTICATE", new AuthenticateCommand(),     NOT_AUTH, List.of(Rule.PLAINTEXT_AUTH_PERMITTED), NEVER),
        new Entry("ENABLE",       new EnableCommand(),          AUTH,     NONE,                                  CHANGED),
        new Entry("NAMESPACE",    new NamespaceCommand(),       AUTH,     NONE,                                  CHANGED),
        new Entry("SELECT",       SelectCommand.select(),       AUTH,     NONE,                                  NEVER),
        new Entry("EXAMINE",      SelectCommand.examine(),      AUTH,     NONE,                                  NEVER),
        new Entry("CREATE",       new CreateCommand(),          AUTH,     NONE,                                  CHANGED),
        new Entry("DELETE",       new DeleteCommand(),          AUTH,     NONE,                                  CHANGED),
        new Entry("RENAME",       new RenameCommand(),          AUTH,     NONE,                                  CHANGED),
        new Entry("SUBSCRIBE",    SubscribeCommand.subscribe(), AUTH,     NONE,                                  CHANGED),
        new Entry("UNSUBSCRIBE",  SubscribeCommand.unsubscribe(), AUTH,   NONE,                                  CHANGED),
        new Entry("LIST",         ListCommand.list(),           AUTH,     NONE,                                  CHANGED),
        new Entry("LSUB",         ListCommand.lsub(),           AUTH,     NONE,                                  CHANGED),
        new Entry("STATUS",       new StatusCommand(),          AUTH,     NONE,                                  CHANGED),
        new Entry("APPEND",       new AppendCommand(),          AUTH,     NONE,                                  ALWAYS),
        new Entry("IDLE",         new IdleCommand(),            AUTH,     NONE,                                  NEVER),
        new Entry("CHECK",        new NoopCommand(),            SELECTED, NONE,                                  ALWAYS),
        new Entry("CLOSE",        CloseCommand.close(),         SELECTED, NONE,                                  NEVER),
        new Entry("UNSELECT",     CloseCommand.unselect(),      SELECTED, NONE,                                  NEVER),
        new Entry("EXPUNGE",      new ExpungeCommand(),         SELECTED, NONE,                                  ALWAYS),
        new Entry("UID EXPUNGE",  new ExpungeCommand(),         SELECTED, NONE,                                  ALWAYS),
        new Entry("SEARCH",       new SearchCommand(),          SELECTED, NONE,                                  NEVER),
        new Entry("UID SEARCH",   new SearchCommand(),          SELECTED, NONE,                                  CHANGED),
        new Entry("FETCH",        new FetchCommand(),           SELECTED, NONE,                                  NEVER),
        new Entry("UID FETCH",    new FetchCommand(),           SELECTED, NONE,                                  CHANGED),
        new Entry("STORE",        new StoreCommand(),           SELECTED, NONE,                                  NEVER),
        new Entry("UID STORE",    new StoreCommand(),           SELECTED, NONE,                                  CHANGED),
        new Entry("COPY",         CopyCommand.copy(),           SELECTED, NONE,                                  ALWAYS),
        new Entry("UID COPY",     CopyCommand.copy(),           SELECTED, NONE,                                  ALWAYS),
        new Entry("MOVE",         CopyCommand.move(),           SELECTED, NONE,                                  ALWAYS),
        new Entry("UID MOVE",     CopyCommand.move(),           SELECTED, NONE,                                  ALWAYS))
        .collect(Collectors.toUnmodifiableMap(Entry::name, e -> e));
    // @formatter:on

    private ImapCommandRegistry() {
    }

    /** @param name the upper-case command name, {@code UID } prefixed where given */
    static Optional<Entry> lookup(String name) {
        return Optional.ofNullable(TABLE.get(name));
    }

    /** Why {@code entry} may not run now, if it may not: wrong state first, then the rules. */
    static Optional<ImapReply> refusal(Entry entry, ImapSession session) {
        if (!entry.validIn().contains(session.state())) {
            return Optional.of(ImapReplies.WRONG_STATE);
        }
        for (Rule rule : entry.rules()) {
            Optional<ImapReply> refused = rule.check(session);
            if (refused.isPresent()) {
                return refused;
            }
        }
        return Optional.empty();
    }
}

package org.postroom.protocol.imap;

import static org.postroom.protocol.CommandTable.Blocking.ALWAYS;
import static org.postroom.protocol.CommandTable.Blocking.UNLESS_CACHED;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.postroom.connector.api.imap.MailboxException;
import org.postroom.protocol.CommandTable;
import org.postroom.protocol.CommandTable.Rule;

/**
 * The one table of IMAP commands: for each name, the command, the states it is valid in ({@code BAD} otherwise), the
 * cross-cutting rules it must pass first, when the session may report the store's changes to the selected mailbox
 * after it, and whether it may be answered without blocking (FETCH of cached messages, ADR 0020; every other command
 * may call the store, if only to report changes after it). Reading this table answers "what may a client do when".
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

    /** LOGIN and AUTHENTICATE carry passwords: only over TLS, or from loopback when configured (RFC 3501 6.2.3). */
    private static final Rule<ImapSession, ImapReply> PLAINTEXT_AUTH_PERMITTED = CommandTable
            .credentialsProtected(ImapSession::authChannelSecure, ImapReplies.PRIVACY_REQUIRED);
    /** STARTTLS only where TLS can start and is not yet active. */
    private static final Rule<ImapSession, ImapReply> TLS_STARTABLE = CommandTable.tlsStartable(ImapSession::isTls,
            s -> s.config().startTlsAvailable(), ImapReplies.TLS_ALREADY_ACTIVE, ImapReplies.TLS_NOT_AVAILABLE);

    /** A command with the updates that may follow it: the IMAP column of the table. */
    record Handler(ImapCommand command, Updates updates) implements ImapCommand {

        @Override
        public void execute(ImapSession session, Invocation call)
                throws ImapSyntaxException, MailboxException, IOException {
            command.execute(session, call);
        }
    }

    private static final Set<ImapState> ANY = ImapState.ANY;
    private static final Set<ImapState> NOT_AUTH = ImapState.NOT_AUTH;
    private static final Set<ImapState> AUTH = ImapState.AUTH;
    private static final Set<ImapState> SELECTED = ImapState.SELECT;
    private static final List<Rule<ImapSession, ImapReply>> NONE = List.of();
    private static final List<Rule<ImapSession, ImapReply>> TLS = List.of(TLS_STARTABLE);
    private static final List<Rule<ImapSession, ImapReply>> PLAINTEXT = List.of(PLAINTEXT_AUTH_PERMITTED);
    private static final Updates POLL = Updates.ALWAYS;
    private static final Updates CHANGED = Updates.WHEN_CHANGED;
    private static final Updates NEVER = Updates.NEVER;

    // @formatter:off
    private static final CommandTable<ImapSession, ImapState, Handler, ImapReply> TABLE =
        CommandTable.<ImapSession, ImapState, Handler, ImapReply>builder(ImapReplies.WRONG_STATE)
        //   name           command, updates that may follow                           valid in  rules      may block
        .add("CAPABILITY",   new Handler(new CapabilityCommand(), CHANGED),             ANY,      NONE,      ALWAYS)
        .add("NOOP",         new Handler(new NoopCommand(), POLL),                      ANY,      NONE,      ALWAYS)
        .add("LOGOUT",       new Handler(new LogoutCommand(), NEVER),                   ANY,      NONE,      ALWAYS)
        .add("ID",           new Handler(new IdCommand(), CHANGED),                     ANY,      NONE,      ALWAYS)
        .add("STARTTLS",     new Handler(new StartTlsCommand(), NEVER),                 NOT_AUTH, TLS,       ALWAYS)
        .add("LOGIN",        new Handler(new LoginCommand(), NEVER),                    NOT_AUTH, PLAINTEXT, ALWAYS)
        .add("AUTHENTICATE", new Handler(new AuthenticateCommand(), NEVER),             NOT_AUTH, PLAINTEXT, ALWAYS)
        .add("ENABLE",       new Handler(new EnableCommand(), CHANGED),                 AUTH,     NONE,      ALWAYS)
        .add("NAMESPACE",    new Handler(new NamespaceCommand(), CHANGED),              AUTH,     NONE,      ALWAYS)
        .add("SELECT",       new Handler(SelectCommand.select(), NEVER),                AUTH,     NONE,      ALWAYS)
        .add("EXAMINE",      new Handler(SelectCommand.examine(), NEVER),               AUTH,     NONE,      ALWAYS)
        .add("CREATE",       new Handler(new CreateCommand(), CHANGED),                 AUTH,     NONE,      ALWAYS)
        .add("DELETE",       new Handler(new DeleteCommand(), CHANGED),                 AUTH,     NONE,      ALWAYS)
        .add("RENAME",       new Handler(new RenameCommand(), CHANGED),                 AUTH,     NONE,      ALWAYS)
        .add("SUBSCRIBE",    new Handler(SubscribeCommand.subscribe(), CHANGED),        AUTH,     NONE,      ALWAYS)
        .add("UNSUBSCRIBE",  new Handler(SubscribeCommand.unsubscribe(), CHANGED),      AUTH,     NONE,      ALWAYS)
        .add("LIST",         new Handler(ListCommand.list(), CHANGED),                  AUTH,     NONE,      ALWAYS)
        .add("LSUB",         new Handler(ListCommand.lsub(), CHANGED),                  AUTH,     NONE,      ALWAYS)
        .add("STATUS",       new Handler(new StatusCommand(), CHANGED),                 AUTH,     NONE,      ALWAYS)
        .add("APPEND",       new Handler(new AppendCommand(), POLL),                    AUTH,     NONE,      ALWAYS)
        .add("IDLE",         new Handler(new IdleCommand(), NEVER),                     AUTH,     NONE,      ALWAYS)
        .add("CHECK",        new Handler(new NoopCommand(), POLL),                      SELECTED, NONE,      ALWAYS)
        .add("CLOSE",        new Handler(CloseCommand.close(), NEVER),                  SELECTED, NONE,      ALWAYS)
        .add("UNSELECT",     new Handler(CloseCommand.unselect(), NEVER),               SELECTED, NONE,      ALWAYS)
        .add("EXPUNGE",      new Handler(new ExpungeCommand(), POLL),                   SELECTED, NONE,      ALWAYS)
        .add("UID EXPUNGE",  new Handler(new ExpungeCommand(), POLL),                   SELECTED, NONE,      ALWAYS)
        .add("SEARCH",       new Handler(new SearchCommand(), NEVER),                   SELECTED, NONE,      ALWAYS)
        .add("UID SEARCH",   new Handler(new SearchCommand(), CHANGED),                 SELECTED, NONE,      ALWAYS)
        .add("FETCH",        new Handler(new FetchCommand(), NEVER),                    SELECTED, NONE,      UNLESS_CACHED)
        .add("UID FETCH",    new Handler(new FetchCommand(), CHANGED),                  SELECTED, NONE,      UNLESS_CACHED)
        .add("STORE",        new Handler(new StoreCommand(), NEVER),                    SELECTED, NONE,      ALWAYS)
        .add("UID STORE",    new Handler(new StoreCommand(), CHANGED),                  SELECTED, NONE,      ALWAYS)
        .add("COPY",         new Handler(CopyCommand.copy(), POLL),                     SELECTED, NONE,      ALWAYS)
        .add("UID COPY",     new Handler(CopyCommand.copy(), POLL),                     SELECTED, NONE,      ALWAYS)
        .add("MOVE",         new Handler(CopyCommand.move(), POLL),                     SELECTED, NONE,      ALWAYS)
        .add("UID MOVE",     new Handler(CopyCommand.move(), POLL),                     SELECTED, NONE,      ALWAYS)
        .build();
    // @formatter:on

    private ImapCommandRegistry() {
    }

    /** @param name the command name, {@code UID } prefixed where given */
    static Optional<CommandTable.Entry<ImapSession, ImapState, Handler, ImapReply>> lookup(String name) {
        return TABLE.lookup(name);
    }

    /** Why {@code entry} may not run now, if it may not: wrong state first, then the rules. */
    static Optional<ImapReply> refusal(CommandTable.Entry<ImapSession, ImapState, Handler, ImapReply> entry,
            ImapSession session) {
        return TABLE.refusal(entry, session, session.state());
    }
}

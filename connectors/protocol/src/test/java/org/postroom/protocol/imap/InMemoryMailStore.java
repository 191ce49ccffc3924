package org.postroom.protocol.imap;

import org.postroom.connector.api.imap.MailboxKey;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.postroom.connector.api.AuthenticatedUser;
import org.postroom.connector.api.AuthenticationResult;
import org.postroom.connector.api.Credentials;
import org.postroom.connector.api.imap.FetchedMessage;
import org.postroom.connector.api.imap.AppendResult;
import org.postroom.connector.api.imap.CopyResult;
import org.postroom.connector.api.imap.ImapFlags;
import org.postroom.connector.api.imap.MailboxAttribute;
import org.postroom.connector.api.imap.MailboxChanges;
import org.postroom.connector.api.imap.MailboxException;
import org.postroom.connector.api.imap.MailboxException.Reason;
import org.postroom.connector.api.imap.MailboxInfo;
import org.postroom.connector.api.imap.MailboxSessionListener;
import org.postroom.connector.api.imap.MailboxSnapshot;
import org.postroom.connector.api.imap.MailboxStatus;
import org.postroom.connector.api.imap.MessageFlags;
import org.postroom.connector.api.imap.MessageMetadata;
import org.postroom.model.search.SearchEvaluator;
import org.postroom.connector.api.imap.SearchKey;
import org.postroom.model.search.SearchableMessage;
import org.postroom.connector.api.imap.StoreMode;
import org.postroom.connector.api.imap.UidSet;
import org.postroom.connector.api.mime.MessageStructure;

/**
 * An in-memory {@link MailboxSessionListener} for tests: one account per user, folders with UIDs, flags and a
 * per-folder modification sequence, exactly the bookkeeping a database implementation keeps. Synchronized: several
 * sessions may share it. Counts its calls so tests can check the engine's economy.
 */
final class InMemoryMailStore implements MailboxSessionListener {

    static final OffsetDateTime DEFAULT_DATE = OffsetDateTime.of(2026, 11, 20, 9, 30, 0, 0, ZoneOffset.ofHours(1));

    private static final AtomicInteger FOLDER_IDS = new AtomicInteger();

    private static final class Message {
        final long uid;
        final Set<String> flags = new HashSet<>();
        final OffsetDateTime internalDate;
        final byte[] content;
        final MessageStructure structure;
        final long addedModSeq;
        long modSeq;
        boolean unclaimedRecent = true;

        Message(long uid, Set<String> flags, OffsetDateTime internalDate, byte[] content, long modSeq) {
            this.uid = uid;
            this.flags.addAll(flags);
            this.internalDate = internalDate;
            this.content = content;
            this.structure = TestMessages.structure(content);
            this.addedModSeq = modSeq;
            this.modSeq = modSeq;
        }
    }

    private static final class Folder {
        final int id = FOLDER_IDS.incrementAndGet();
        final Set<MailboxAttribute> specialUse;
        final long uidValidity;
        long uidNext = 1;
        long modSeq = 1;
        boolean noselect;
        final TreeMap<Long, Message> messages = new TreeMap<>();
        final Map<Long, Long> expunged = new HashMap<>(); // uid -> modseq

        Folder(long uidValidity, Set<MailboxAttribute> specialUse) {
            this.uidValidity = uidValidity;
            this.specialUse = specialUse;
        }
    }

    private static final class Account {
        final String password;
        final TreeMap<String, Folder> folders = new TreeMap<>();
        final Set<String> subscriptions = new TreeSet<>();

        Account(String password) {
            this.password = password;
        }
    }

    private final Map<String, Account> accounts = new HashMap<>();
    private long nextUidValidity = 1000;
    final Map<String, AtomicInteger> calls = new TreeMap<>();
    /** The UIDs and byte budget of each {@link #fetchWithContent} call, in order ({@code "1:32/262144"}). */
    final List<String> contentRequests = new ArrayList<>();

    /** An account with INBOX and the special-use folders Sent, Drafts, Trash, Junk, Archive. */
    synchronized InMemoryMailStore user(String name, String password) {
        Account account = new Account(password);
        account.folders.put("INBOX", new Folder(nextUidValidity++, Set.of()));
        account.folders.put("Sent", new Folder(nextUidValidity++, Set.of(MailboxAttribute.SENT)));
        account.folders.put("Drafts", new Folder(nextUidValidity++, Set.of(MailboxAttribute.DRAFTS)));
        account.folders.put("Trash", new Folder(nextUidValidity++, Set.of(MailboxAttribute.TRASH)));
        account.folders.put("Junk", new Folder(nextUidValidity++, Set.of(MailboxAttribute.JUNK)));
        account.folders.put("Archive", new Folder(nextUidValidity++, Set.of(MailboxAttribute.ARCHIVE)));
        account.subscriptions.addAll(account.folders.keySet());
        accounts.put(name, account);
        return this;
    }

    /** Delivers a message (as the delivery service would): returns its UID. */
    synchronized long deliver(String user, String folder, String message, Set<String> flags,
            OffsetDateTime internalDate) {
        Folder f = accounts.get(user).folders.get(folder);
        return add(f, TestMessages.bytes(message), flags, internalDate).uid;
    }

    synchronized long deliver(String user, String folder, String message) {
        return deliver(user, folder, message, Set.of(), DEFAULT_DATE);
    }

    /** The next message delivered to this folder gets {@code uid} (a folder whose UIDs went past 2^31). */
    synchronized InMemoryMailStore nextUid(String user, String folder, long uid) {
        accounts.get(user).folders.get(folder).uidNext = uid;
        return this;
    }

    synchronized int callCount(String method) {
        return calls.getOrDefault(method, new AtomicInteger()).get();
    }

    synchronized Set<String> flagsOf(String user, String folder, long uid) {
        return Set.copyOf(accounts.get(user).folders.get(folder).messages.get(uid).flags);
    }

    synchronized int size(String user, String folder) {
        return accounts.get(user).folders.get(folder).messages.size();
    }

    /** When set, every login answers that the directory could not be asked. */
    volatile boolean authenticationUnavailable;

    @Override
    public synchronized AuthenticationResult authenticate(InetSocketAddress clientAddress, boolean tls,
            Credentials credentials) {
        count("authenticate");
        if (authenticationUnavailable) {
            return AuthenticationResult.temporarilyUnavailable();
        }
        Account account = accounts.get(credentials.username());
        if (account == null || !account.password.equals(credentials.password())) {
            return AuthenticationResult.invalidCredentials();
        }
        return AuthenticationResult.authenticated(credentials.username());
    }

    @Override
    public synchronized List<MailboxInfo> mailboxes(AuthenticatedUser user, String prefix) {
        count("mailboxes");
        Account account = account(user);
        List<MailboxInfo> out = new ArrayList<>();
        for (Map.Entry<String, Folder> e : account.folders.entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                continue;
            }
            Set<MailboxAttribute> attributes = EnumSet.noneOf(MailboxAttribute.class);
            attributes.addAll(e.getValue().specialUse);
            attributes.add(hasChildren(account, e.getKey())
                    ? MailboxAttribute.HAS_CHILDREN
                    : MailboxAttribute.HAS_NO_CHILDREN);
            if (e.getValue().noselect) {
                attributes.add(MailboxAttribute.NOSELECT);
            }
            out.add(new MailboxInfo(e.getKey(), attributes, account.subscriptions.contains(e.getKey())));
        }
        return out;
    }

    @Override
    public synchronized Set<String> subscriptions(AuthenticatedUser user) {
        count("subscriptions");
        return Set.copyOf(account(user).subscriptions);
    }

    @Override
    public synchronized void subscribe(AuthenticatedUser user, String name, boolean subscribed)
            throws MailboxException {
        count("subscribe");
        Account account = account(user);
        if (subscribed) {
            if (!account.folders.containsKey(name)) {
                throw new MailboxException(Reason.NONEXISTENT, "No such mailbox");
            }
            account.subscriptions.add(name);
        } else {
            account.subscriptions.remove(name);
        }
    }

    @Override
    public synchronized void create(AuthenticatedUser user, String name) throws MailboxException {
        count("create");
        Account account = account(user);
        if (account.folders.containsKey(name)) {
            throw new MailboxException(Reason.ALREADY_EXISTS, "Mailbox already exists");
        }
        String[] levels = name.split("/");
        StringBuilder path = new StringBuilder();
        for (String level : levels) {
            if (path.length() > 0) {
                path.append('/');
            }
            path.append(level);
            account.folders.computeIfAbsent(path.toString(), k -> new Folder(nextUidValidity++, Set.of()));
        }
    }

    @Override
    public synchronized void delete(AuthenticatedUser user, String name) throws MailboxException {
        count("delete");
        Account account = account(user);
        Folder folder = folder(account, name, Reason.NONEXISTENT);
        if (name.equals("INBOX")) {
            throw new MailboxException(Reason.CANNOT, "INBOX cannot be deleted");
        }
        if (hasChildren(account, name)) {
            if (folder.noselect) {
                throw new MailboxException(Reason.CANNOT, "Mailbox has children");
            }
            folder.noselect = true;
            folder.messages.clear();
            return;
        }
        account.folders.remove(name);
    }

    @Override
    public synchronized void rename(AuthenticatedUser user, String from, String to) throws MailboxException {
        count("rename");
        Account account = account(user);
        Folder source = folder(account, from, Reason.NONEXISTENT);
        if (account.folders.containsKey(to)) {
            throw new MailboxException(Reason.ALREADY_EXISTS, "Target exists");
        }
        if (from.equals("INBOX")) {
            Folder target = new Folder(nextUidValidity++, Set.of());
            for (Message m : List.copyOf(source.messages.values())) {
                add(target, m.content, m.flags, m.internalDate);
                remove(source, m.uid);
            }
            account.folders.put(to, target);
            return;
        }
        for (String name : List.copyOf(account.folders.keySet())) {
            if (name.equals(from) || name.startsWith(from + "/")) {
                account.folders.put(to + name.substring(from.length()), account.folders.remove(name));
            }
        }
    }

    @Override
    public synchronized MailboxStatus status(AuthenticatedUser user, String name) throws MailboxException {
        count("status");
        Folder f = folder(account(user), name, Reason.NONEXISTENT);
        long recent = f.messages.values().stream().filter(m -> m.unclaimedRecent).count();
        long unseen = f.messages.values().stream().filter(m -> !m.flags.contains(ImapFlags.SEEN)).count();
        return new MailboxStatus(f.messages.size(), recent, f.uidNext, f.uidValidity, unseen, f.modSeq);
    }

    @Override
    public synchronized MailboxSnapshot select(AuthenticatedUser user, String name, boolean readOnly)
            throws MailboxException {
        count("select");
        Folder f = folder(account(user), name, Reason.NONEXISTENT);
        if (f.noselect) {
            throw new MailboxException(Reason.NONEXISTENT, "Mailbox cannot be selected");
        }
        List<MessageFlags> messages = new ArrayList<>();
        for (Message m : f.messages.values()) {
            messages.add(new MessageFlags(m.uid, m.flags, claimRecent(m, readOnly)));
        }
        Set<String> defined = new LinkedHashSet<>(ImapFlags.SYSTEM);
        f.messages.values().forEach(m -> defined.addAll(m.flags));
        Set<String> permanent = new LinkedHashSet<>(ImapFlags.SYSTEM);
        permanent.add("\\*");
        return new MailboxSnapshot(new MailboxKey(f.id, f.uidValidity), name, f.uidValidity, f.uidNext, f.modSeq,
                messages,
                defined, permanent, readOnly);
    }

    @Override
    public synchronized MailboxChanges changesSince(AuthenticatedUser user, MailboxKey mailboxKey, long modSeq,
            boolean readOnly) throws MailboxException {
        count("changesSince");
        Folder f = byKey(user, mailboxKey);
        List<MessageFlags> added = new ArrayList<>();
        List<MessageFlags> changed = new ArrayList<>();
        for (Message m : f.messages.values()) {
            if (m.addedModSeq > modSeq) {
                added.add(new MessageFlags(m.uid, m.flags, claimRecent(m, readOnly)));
            } else if (m.modSeq > modSeq) {
                changed.add(MessageFlags.of(m.uid, m.flags));
            }
        }
        List<Long> expunged = new ArrayList<>();
        f.expunged.forEach((uid, seq) -> {
            if (seq > modSeq) {
                expunged.add(uid);
            }
        });
        expunged.sort(null);
        return new MailboxChanges(f.modSeq, added, changed, expunged);
    }

    @Override
    public synchronized List<MessageMetadata> fetch(AuthenticatedUser user, MailboxKey mailboxKey, UidSet uids,
            boolean withStructure) throws MailboxException {
        count("fetch");
        Folder f = byKey(user, mailboxKey);
        List<MessageMetadata> out = new ArrayList<>();
        for (Message m : f.messages.values()) {
            if (uids.contains(m.uid)) {
                out.add(new MessageMetadata(m.uid, m.flags, m.internalDate, m.content.length,
                        withStructure ? m.structure : null));
            }
        }
        return out;
    }

    /** What {@link #fetchEnvelopes} gives every message as its stored ENVELOPE form; null: none, the structure. */
    private byte[] storedEnvelope;

    /** Has {@link #fetchEnvelopes} answer with these bytes as every message's stored ENVELOPE form (ADR 0076). */
    synchronized InMemoryMailStore storedEnvelope(byte[] envelope) {
        this.storedEnvelope = envelope;
        return this;
    }

    /** Without a stored ENVELOPE form (the engine renders it from the structure), unless one is set. */
    @Override
    public synchronized List<MessageMetadata> fetchEnvelopes(AuthenticatedUser user, MailboxKey mailboxKey,
            UidSet uids) throws MailboxException {
        count("fetchEnvelopes");
        Folder f = byKey(user, mailboxKey);
        List<MessageMetadata> out = new ArrayList<>();
        for (Message m : f.messages.values()) {
            if (uids.contains(m.uid)) {
                out.add(new MessageMetadata(m.uid, m.flags, m.internalDate, m.content.length,
                        storedEnvelope == null ? m.structure : null, storedEnvelope));
            }
        }
        return out;
    }

    @Override
    public synchronized List<FetchedMessage> fetchWithContent(AuthenticatedUser user, MailboxKey mailboxKey,
            UidSet uids,
            boolean withStructure, long maxBytes) throws MailboxException {
        count("fetchWithContent");
        contentRequests.add(uids + "/" + maxBytes);
        Folder f = byKey(user, mailboxKey);
        List<FetchedMessage> out = new ArrayList<>();
        long bytes = 0;
        for (Message m : f.messages.values()) {
            if (uids.contains(m.uid)) {
                if (!out.isEmpty() && bytes + m.content.length > maxBytes) {
                    break;
                }
                bytes += m.content.length;
                out.add(new FetchedMessage(new MessageMetadata(m.uid, m.flags, m.internalDate, m.content.length,
                        withStructure ? m.structure : null), m.content));
            }
        }
        return out;
    }

    @Override
    public synchronized Optional<InputStream> content(AuthenticatedUser user, MailboxKey mailboxKey, long uid)
            throws MailboxException {
        count("content");
        Message m = byKey(user, mailboxKey).messages.get(uid);
        return m == null ? Optional.empty() : Optional.of(new ByteArrayInputStream(m.content));
    }

    @Override
    public synchronized List<MessageFlags> store(AuthenticatedUser user, MailboxKey mailboxKey, UidSet uids,
            StoreMode mode, Set<String> flags) throws MailboxException {
        count("store");
        Folder f = byKey(user, mailboxKey);
        List<MessageFlags> out = new ArrayList<>();
        for (Message m : f.messages.values()) {
            if (!uids.contains(m.uid)) {
                continue;
            }
            Set<String> before = Set.copyOf(m.flags);
            switch (mode) {
                case ADD -> m.flags.addAll(flags);
                case REMOVE -> m.flags.removeAll(flags);
                case REPLACE -> {
                    m.flags.clear();
                    m.flags.addAll(flags);
                }
            }
            if (!before.equals(m.flags)) {
                m.modSeq = ++f.modSeq;
            }
            out.add(MessageFlags.of(m.uid, m.flags));
        }
        return out;
    }

    @Override
    public synchronized CopyResult copy(AuthenticatedUser user, MailboxKey mailboxKey, UidSet uids, String target)
            throws MailboxException {
        count("copy");
        return copyOrMove(user, mailboxKey, uids, target, false);
    }

    @Override
    public synchronized CopyResult move(AuthenticatedUser user, MailboxKey mailboxKey, UidSet uids, String target)
            throws MailboxException {
        count("move");
        return copyOrMove(user, mailboxKey, uids, target, true);
    }

    @Override
    public synchronized List<Long> expunge(AuthenticatedUser user, MailboxKey mailboxKey, Optional<UidSet> only)
            throws MailboxException {
        count("expunge");
        Folder f = byKey(user, mailboxKey);
        List<Long> removed = new ArrayList<>();
        for (Message m : List.copyOf(f.messages.values())) {
            if (m.flags.contains(ImapFlags.DELETED) && only.map(u -> u.contains(m.uid)).orElse(true)) {
                remove(f, m.uid);
                removed.add(m.uid);
            }
        }
        return removed;
    }

    @Override
    public synchronized AppendResult append(AuthenticatedUser user, String name, Set<String> flags,
            Optional<OffsetDateTime> internalDate, byte[] content) throws MailboxException {
        count("append");
        Folder f = folder(account(user), name, Reason.TRY_CREATE);
        Message m = add(f, content, flags, internalDate.orElse(DEFAULT_DATE));
        return new AppendResult(f.uidValidity, m.uid);
    }

    @Override
    public synchronized UidSet search(AuthenticatedUser user, MailboxKey mailboxKey, SearchKey program)
            throws MailboxException {
        count("search");
        Folder f = byKey(user, mailboxKey);
        List<Long> found = new ArrayList<>();
        for (Message m : f.messages.values()) {
            SearchableMessage sm = new SearchableMessage(m.uid, m.flags, m.internalDate, m.content.length,
                    () -> m.content);
            if (SearchEvaluator.matches(program, sm)) {
                found.add(m.uid);
            }
        }
        return UidSet.of(found);
    }

    // ---- internals

    private CopyResult copyOrMove(AuthenticatedUser user, MailboxKey mailboxKey, UidSet uids, String target,
            boolean move) throws MailboxException {
        Folder source = byKey(user, mailboxKey);
        Folder destination = folder(account(user), target, Reason.TRY_CREATE);
        List<Long> from = new ArrayList<>();
        List<Long> to = new ArrayList<>();
        for (Message m : List.copyOf(source.messages.values())) {
            if (uids.contains(m.uid)) {
                from.add(m.uid);
                to.add(add(destination, m.content, m.flags, m.internalDate).uid);
                if (move) {
                    remove(source, m.uid);
                }
            }
        }
        return new CopyResult(destination.uidValidity, from, to);
    }

    private static Message add(Folder f, byte[] content, Set<String> flags, OffsetDateTime date) {
        Message m = new Message(f.uidNext++, flags, date, content, ++f.modSeq);
        f.messages.put(m.uid, m);
        return m;
    }

    private static void remove(Folder f, long uid) {
        f.messages.remove(uid);
        f.expunged.put(uid, ++f.modSeq);
    }

    private static boolean claimRecent(Message m, boolean readOnly) {
        boolean recent = m.unclaimedRecent;
        if (!readOnly) {
            m.unclaimedRecent = false;
        }
        return recent;
    }

    private static boolean hasChildren(Account account, String name) {
        return account.folders.keySet().stream().anyMatch(n -> n.startsWith(name + "/"));
    }

    private Account account(AuthenticatedUser user) {
        return accounts.get(user.name());
    }

    private static Folder folder(Account account, String name, Reason missing) throws MailboxException {
        Folder f = account.folders.get(name);
        if (f == null) {
            throw new MailboxException(missing, "No such mailbox");
        }
        return f;
    }

    private Folder byKey(AuthenticatedUser user, MailboxKey key) throws MailboxException {
        for (Folder f : account(user).folders.values()) {
            if (key.equals(new MailboxKey(f.id, f.uidValidity))) {
                return f;
            }
        }
        throw new MailboxException(Reason.NONEXISTENT, "Mailbox no longer exists");
    }

    private void count(String method) {
        calls.computeIfAbsent(method, k -> new AtomicInteger()).incrementAndGet();
    }
}

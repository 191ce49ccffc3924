package org.postroom.mailbox;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.postroom.connector.api.imap.AppendResult;
import org.postroom.connector.api.imap.CopyResult;
import org.postroom.connector.api.imap.FetchedMessage;
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
import org.postroom.connector.api.imap.SearchEvaluator;
import org.postroom.connector.api.imap.SearchKey;
import org.postroom.connector.api.imap.SearchableMessage;
import org.postroom.connector.api.imap.StoreMode;
import org.postroom.connector.api.imap.UidSet;
import org.postroom.connector.api.mime.MessageStructure;
import org.postroom.domain.Quota;
import org.postroom.domain.QuotaUsage;
import org.postroom.mime.StructureAnalyzer;
import org.postroom.store.Account;
import org.postroom.store.AccountRepository;
import org.postroom.store.Folder;
import org.postroom.store.MailMessage;
import org.postroom.store.MailboxRepository;
import org.postroom.store.MessageContent;
import org.postroom.store.MessageRow;
import org.postroom.store.MessageStructureRecord;
import org.postroom.store.SettingRepository;
import org.postroom.store.StructureRepository;

/**
 * The IMAP mail store over the repositories: what {@link MailboxSessionListener} asks, user by user, without any
 * container dependency, so that it is tested on a real database (ADR 0016). Every method runs in the caller's
 * transaction; every change locks the folder row first, advances its modification sequence, and reports the folder's
 * mailbox key to {@code changed}, which must publish only after the commit.
 *
 * <p>
 * The mailbox key is {@code <folder id>:<UIDVALIDITY>}: a deleted and recreated folder has another id, so a session
 * holding the old key is told {@code NONEXISTENT}. Internal dates are shown in UTC, and SEARCH compares calendar days
 * in UTC as well.
 */
public final class ImapMailStore {

    private static final Logger LOG = Logger.getLogger(ImapMailStore.class.getName());
    static final String INBOX = "INBOX";
    private static final char DELIMITER = MailboxSessionListener.DELIMITER;
    private static final int MAX_NAME = 512;
    private static final int MAX_KEYWORDS = 1024;
    /** Messages whose content SEARCH loads at once. */
    private static final int CONTENT_BATCH = 100;
    private static final Set<String> PERMANENT_FLAGS;
    static final String LAST_UID_VALIDITY = "imap.last-uid-validity";

    static {
        Set<String> permanent = new LinkedHashSet<>(ImapFlags.SYSTEM);
        permanent.add("\\*");
        PERMANENT_FLAGS = Set.copyOf(permanent);
    }

    /** Computes once per content what delivery computes: the envelope and the MIME structure (ADR 0012). */
    @FunctionalInterface
    public interface ContentAnalysis {
        void analyze(MessageContent content);
    }

    private final AccountRepository accounts;
    private final MailboxRepository mailboxes;
    private final StructureRepository structures;
    private final SettingRepository settings;
    private final ContentAnalysis analysis;
    private final Consumer<String> changed;
    private final FolderViews views;

    /**
     * @param changed called with the key of each mailbox this transaction changed; publish after the commit only
     * @param views the process's cache of selected folders (one per process, shared by every call: ADR 0021)
     */
    public ImapMailStore(AccountRepository accounts, MailboxRepository mailboxes, StructureRepository structures,
            SettingRepository settings, ContentAnalysis analysis, Consumer<String> changed, FolderViews views) {
        this.views = Objects.requireNonNull(views, "views");
        this.accounts = accounts;
        this.mailboxes = mailboxes;
        this.structures = structures;
        this.settings = settings;
        this.analysis = analysis;
        this.changed = changed;
    }

    /** The opaque key of a folder, as {@link MailboxSnapshot#key()} and {@code MailboxEvents} carry it. */
    public static String key(Folder folder) {
        return folder.getId() + ":" + folder.getUidValidity();
    }

    // ---- mailbox level

    /** Every folder of the user whose name starts with {@code prefix}; none for an unknown user. */
    public List<MailboxInfo> mailboxes(String user, String prefix) {
        Optional<Account> found = accounts.find(user);
        if (found.isEmpty()) {
            return List.of();
        }
        Account account = found.get();
        List<Folder> folders = mailboxes.folders(account);
        Set<String> subscribed = mailboxes.subscriptions(account);
        List<MailboxInfo> out = new ArrayList<>();
        for (Folder f : folders) {
            if (!f.getName().startsWith(prefix)) {
                continue;
            }
            Set<MailboxAttribute> attributes = EnumSet.noneOf(MailboxAttribute.class);
            specialUse(f).ifPresent(attributes::add);
            boolean children = folders.stream().anyMatch(o -> o.getName().startsWith(f.getName() + DELIMITER));
            attributes.add(children ? MailboxAttribute.HAS_CHILDREN : MailboxAttribute.HAS_NO_CHILDREN);
            if (f.isNoselect()) {
                attributes.add(MailboxAttribute.NOSELECT);
            }
            out.add(new MailboxInfo(f.getName(), attributes, subscribed.contains(f.getName())));
        }
        return out;
    }

    static Optional<MailboxAttribute> specialUse(Folder f) {
        if (f.getSpecialUse() == null) {
            return Optional.empty();
        }
        for (MailboxAttribute a : MailboxAttribute.values()) {
            if (a.isSpecialUse() && a.imap().equalsIgnoreCase(f.getSpecialUse())) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    public Set<String> subscriptions(String user) {
        return accounts.find(user).map(mailboxes::subscriptions).orElse(Set.of());
    }

    /** SUBSCRIBE needs an existing mailbox; UNSUBSCRIBE works for any name (a deleted mailbox's subscription). */
    public void subscribe(String user, String name, boolean subscribed) throws MailboxException {
        Account account = account(user);
        if (subscribed && mailboxes.folder(account, name).isEmpty()) {
            throw new MailboxException(Reason.NONEXISTENT, "No such mailbox");
        }
        mailboxes.subscribe(account, name, subscribed);
    }

    public void create(String user, String name) throws MailboxException {
        Account account = account(user);
        validName(name);
        Optional<Folder> existing = mailboxes.folder(account, name);
        if (existing.isPresent() && !existing.get().isNoselect() || name.equals(INBOX)) {
            throw new MailboxException(Reason.ALREADY_EXISTS, "Mailbox already exists");
        }
        if (existing.isPresent()) {
            mailboxes.lock(existing.get()).setNoselect(false);
            return;
        }
        createWithParents(account, name);
    }

    private Folder createWithParents(Account account, String name) {
        Set<String> subscribed = mailboxes.subscriptions(account);
        Folder created = null;
        int from = 0;
        while (from <= name.length()) {
            int end = name.indexOf(DELIMITER, from);
            String path = end < 0 ? name : name.substring(0, end);
            if (mailboxes.folder(account, path).isEmpty()) {
                Folder f = new Folder(account, path, null, nextUidValidity(account));
                f.setSubscribed(false);
                mailboxes.addFolder(f);
                if (subscribed.contains(path)) {
                    mailboxes.subscribe(account, path, true);
                }
                created = f;
            }
            if (end < 0) {
                break;
            }
            from = end + 1;
        }
        return created;
    }

    /**
     * Increasing over the whole server (the last one kept as a setting) and above the account's others, so a deleted
     * and recreated name never shows an old UIDVALIDITY again, even within the same second.
     */
    private long nextUidValidity(Account account) {
        long max = mailboxes.folders(account).stream().mapToLong(Folder::getUidValidity).max().orElse(0);
        long last = settings.get(LAST_UID_VALIDITY).map(Long::parseLong).orElse(0L);
        long next = Math.min(Math.max(Instant.now().getEpochSecond(), Math.max(max, last) + 1), 0xFFFF_FFFFL);
        settings.put(LAST_UID_VALIDITY, Long.toString(next));
        return next;
    }

    private static void validName(String name) throws MailboxException {
        if (name.isEmpty() || name.charAt(0) == DELIMITER || name.charAt(name.length() - 1) == DELIMITER
                || name.contains("" + DELIMITER + DELIMITER)) {
            throw new MailboxException(Reason.CANNOT, "Invalid mailbox name");
        }
        if (name.length() > MAX_NAME) {
            throw new MailboxException(Reason.LIMIT, "Mailbox name too long");
        }
    }

    /**
     * DELETE: the messages are removed as by EXPUNGE (logged, content nobody references purged); a mailbox with
     * children becomes \Noselect instead of disappearing; a subscription outlives the mailbox.
     */
    public void delete(String user, String name) throws MailboxException {
        Account account = account(user);
        if (name.equals(INBOX)) {
            throw new MailboxException(Reason.CANNOT, "INBOX cannot be deleted");
        }
        Folder folder = mailboxes.folder(account, name)
                .orElseThrow(() -> new MailboxException(Reason.NONEXISTENT, "No such mailbox"));
        boolean children = mailboxes.folders(account).stream()
                .anyMatch(f -> f.getName().startsWith(name + DELIMITER));
        if (children && folder.isNoselect()) {
            throw new MailboxException(Reason.CANNOT, "Mailbox has children");
        }
        Folder locked = mailboxes.lock(folder);
        List<Long> ids = mailboxes.rows(locked, 1, Long.MAX_VALUE).stream().map(MessageRow::id).toList();
        mailboxes.remove(locked, ids);
        changed.accept(key(locked));
        if (children) {
            locked.setNoselect(true);
            return;
        }
        boolean subscribed = locked.isSubscribed();
        mailboxes.removeFolder(locked);
        if (subscribed) {
            mailboxes.subscribe(account, name, true);
        }
    }

    /** RENAME with children; RENAME INBOX moves its messages to a new mailbox and leaves INBOX empty. */
    public void rename(String user, String from, String to) throws MailboxException {
        Account account = account(user);
        validName(to);
        Folder source = mailboxes.folder(account, from)
                .orElseThrow(() -> new MailboxException(Reason.NONEXISTENT, "No such mailbox"));
        if (to.equals(INBOX) || mailboxes.folder(account, to).isPresent()) {
            throw new MailboxException(Reason.ALREADY_EXISTS, "Target mailbox exists");
        }
        if (to.startsWith(from + DELIMITER)) {
            throw new MailboxException(Reason.CANNOT, "Cannot rename a mailbox into itself");
        }
        if (from.equals(INBOX)) {
            Folder target = createWithParents(account, to);
            Folder inbox = mailboxes.lock(source);
            moveRows(inbox, mailboxes.rows(inbox, 1, Long.MAX_VALUE), mailboxes.lock(target));
            return;
        }
        List<Folder> renamed = mailboxes.folders(account).stream()
                .filter(f -> f.getName().equals(from) || f.getName().startsWith(from + DELIMITER))
                .sorted(Comparator.comparing(Folder::getId)) // the lock order of every write path (ADR 0022)
                .toList();
        for (Folder f : renamed) {
            String newName = to + f.getName().substring(from.length());
            if (mailboxes.folder(account, newName).isPresent()) {
                throw new MailboxException(Reason.ALREADY_EXISTS, "Target mailbox exists: " + newName);
            }
        }
        int parent = to.lastIndexOf(DELIMITER);
        if (parent > 0) {
            createWithParents(account, to.substring(0, parent));
        }
        for (Folder f : renamed) {
            mailboxes.lock(f).setName(to + f.getName().substring(from.length()));
        }
    }

    public MailboxStatus status(String user, String name) throws MailboxException {
        Folder f = selectable(account(user), name, Reason.NONEXISTENT);
        MailboxRepository.FolderCounts counts = mailboxes.counts(f, f.getFirstRecentUid());
        return new MailboxStatus(counts.messages(), counts.recent(), f.getUidNext(), f.getUidValidity(),
                counts.unseen(), f.getHighestModSeq());
    }

    // ---- the selected mailbox

    /**
     * SELECT (claims \Recent under the folder lock) or EXAMINE. The folder is read before its messages and messages
     * from later appends are left out, so {@link #changesSince} from the snapshot's modseq misses nothing.
     */
    public MailboxSnapshot select(String user, String name, boolean readOnly) throws MailboxException {
        Folder f = selectable(account(user), name, Reason.NONEXISTENT);
        long firstRecent;
        if (readOnly) {
            firstRecent = f.getFirstRecentUid();
        } else {
            f = mailboxes.lock(f);
            firstRecent = f.claimRecentBelow(f.getUidNext());
        }
        List<MessageFlags> messages = new ArrayList<>();
        Set<String> defined = new LinkedHashSet<>(ImapFlags.SYSTEM);
        if (readOnly) {
            for (MessageRow r : mailboxes.rows(f, 1, f.getUidNext() - 1)) {
                Set<String> flags = flags(r.systemFlags(), r.keywords());
                defined.addAll(flags);
                messages.add(new MessageFlags(r.uid(), flags, r.uid() >= firstRecent));
            }
        } else { // under the folder lock: the cached view brought up to date
            FolderViews.View view = views.current(f, mailboxes);
            for (int i = 0; i < view.size(); i++) {
                Set<String> flags = sharedFlags(view.systemFlags()[i], view.keywords()[i]);
                if (view.keywords()[i] != null) {
                    defined.addAll(flags);
                }
                messages.add(new MessageFlags(view.uids()[i], flags, view.uids()[i] >= firstRecent));
            }
        }
        return new MailboxSnapshot(key(f), f.getName(), f.getUidValidity(), f.getUidNext(), f.getHighestModSeq(),
                messages, defined, PERMANENT_FLAGS, readOnly);
    }

    public MailboxChanges changesSince(String user, String mailboxKey, long modSeq, boolean readOnly)
            throws MailboxException {
        Folder f = byKey(user, mailboxKey);
        long highest = f.getHighestModSeq();
        List<MessageRow> rows = mailboxes.rowsChangedSince(f, modSeq);
        List<Long> expunged = mailboxes.expungedSince(f, modSeq);
        long firstRecent = f.getFirstRecentUid();
        long maxAdded = 0;
        for (MessageRow r : rows) {
            highest = Math.max(highest, r.modSeq());
            if (r.createdModSeq() > modSeq) {
                maxAdded = Math.max(maxAdded, r.uid());
            }
        }
        if (!readOnly && maxAdded >= firstRecent) {
            firstRecent = mailboxes.lock(f).claimRecentBelow(maxAdded + 1);
        }
        List<MessageFlags> added = new ArrayList<>();
        List<MessageFlags> flagsChanged = new ArrayList<>();
        for (MessageRow r : rows) {
            Set<String> flags = flags(r.systemFlags(), r.keywords());
            if (r.createdModSeq() > modSeq) {
                added.add(new MessageFlags(r.uid(), flags, r.uid() >= firstRecent));
            } else {
                flagsChanged.add(MessageFlags.of(r.uid(), flags));
            }
        }
        return new MailboxChanges(highest, added, flagsChanged, expunged);
    }

    /** FETCH metadata: one query for the rows, one batch lookup for the structures. */
    public List<MessageMetadata> fetch(String user, String mailboxKey, UidSet uids, boolean withStructure)
            throws MailboxException {
        Folder f = byKey(user, mailboxKey);
        List<MessageRow> rows = rows(f, uids);
        Map<Long, MessageStructure> byContent = withStructure ? structures(f, rows) : Map.of();
        List<MessageMetadata> out = new ArrayList<>(rows.size());
        for (MessageRow r : rows) {
            out.add(new MessageMetadata(r.uid(), flags(r.systemFlags(), r.keywords()), date(r.internalDate()),
                    r.size(), withStructure ? byContent.get(r.contentId()) : null));
        }
        return out;
    }

    /**
     * FETCH of body sections: the rows as {@link #fetch} reads them, then the content of as many as fit in
     * {@code maxBytes} (at least one) in one query. Messages expunged between the two queries are left out.
     */
    public List<FetchedMessage> fetchWithContent(String user, String mailboxKey, UidSet uids, boolean withStructure,
            long maxBytes) throws MailboxException {
        Folder f = byKey(user, mailboxKey);
        List<MessageRow> rows = rows(f, uids);
        int n = 0;
        long bytes = 0;
        while (n < rows.size() && (n == 0 || bytes + rows.get(n).size() <= maxBytes)) {
            bytes += rows.get(n).size();
            n++;
        }
        rows = rows.subList(0, n);
        Map<Long, byte[]> contents = mailboxes.contentsById(rows.stream().map(MessageRow::contentId).toList());
        Map<Long, MessageStructure> byContent = withStructure ? structures(f, rows) : Map.of();
        List<FetchedMessage> out = new ArrayList<>(rows.size());
        for (MessageRow r : rows) {
            byte[] data = contents.get(r.contentId());
            if (data != null) {
                out.add(new FetchedMessage(new MessageMetadata(r.uid(), flags(r.systemFlags(), r.keywords()),
                        date(r.internalDate()), r.size(), withStructure ? byContent.get(r.contentId()) : null),
                        data));
            }
        }
        return out;
    }

    /**
     * The stored structures of these rows' content; content stored before schema version 3 (or whose row cannot be
     * read) is analyzed now, and a missing row is stored for next time.
     */
    private Map<Long, MessageStructure> structures(Folder f, List<MessageRow> rows) {
        Map<Long, MessageStructure> byContent = new HashMap<>();
        Map<Long, MessageStructureRecord> stored = structures.find(rows.stream().map(MessageRow::contentId).toList());
        Map<Long, Long> missing = new HashMap<>(); // message id -> content id
        for (MessageRow r : rows) {
            MessageStructureRecord record = stored.get(r.contentId());
            if (record != null) {
                try {
                    byContent.put(r.contentId(), record.toStructure());
                    continue;
                } catch (IllegalArgumentException e) {
                    LOG.log(Level.WARNING, "Unreadable structure of content " + r.contentId() + "; analyzing again",
                            e);
                }
            }
            if (!byContent.containsKey(r.contentId())) {
                missing.put(r.id(), r.contentId());
            }
        }
        if (!missing.isEmpty()) {
            mailboxes.contents(f, missing.keySet()).forEach((messageId, data) -> {
                long contentId = missing.get(messageId);
                if (byContent.containsKey(contentId)) {
                    return;
                }
                MessageStructure structure = StructureAnalyzer.analyze(data);
                byContent.put(contentId, structure);
                if (!stored.containsKey(contentId)) {
                    structures.add(new MessageStructureRecord(contentId, structure));
                }
            });
        }
        return byContent;
    }

    public Optional<InputStream> content(String user, String mailboxKey, long uid) throws MailboxException {
        Folder f = byKey(user, mailboxKey);
        List<MessageRow> row = mailboxes.rows(f, uid, uid);
        return row.isEmpty()
                ? Optional.empty()
                : Optional.ofNullable(mailboxes.contentsById(List.of(row.get(0).contentId())).get(
                        row.get(0).contentId())).map(ByteArrayInputStream::new);
    }

    /** STORE: one new modseq for the messages whose flags changed. */
    public List<MessageFlags> store(String user, String mailboxKey, UidSet uids, StoreMode mode, Set<String> flags)
            throws MailboxException {
        Folder f = mailboxes.lock(byKey(user, mailboxKey));
        List<MessageFlags> out = new ArrayList<>();
        if (uids.isEmpty()) {
            return out;
        }
        int bits = 0;
        Set<String> keywords = new LinkedHashSet<>();
        for (String flag : flags) {
            Optional<String> canonical = ImapFlags.canonical(flag);
            if (canonical.isEmpty() || canonical.get().equals(ImapFlags.RECENT)) {
                continue;
            }
            int bit = bit(canonical.get());
            if (bit != 0) {
                bits |= bit;
            } else {
                keywords.add(canonical.get());
            }
        }
        long modSeq = 0;
        List<UidSet.Range> ranges = uids.ranges();
        for (MailMessage m : mailboxes.messages(f, ranges.get(0).first(), ranges.get(ranges.size() - 1).last())) {
            if (!uids.contains(m.getUid())) {
                continue;
            }
            int newBits = switch (mode) {
                case ADD -> m.getSystemFlags() | bits;
                case REMOVE -> m.getSystemFlags() & ~bits;
                case REPLACE -> bits;
            };
            String newKeywords = keywords(mode, m.getKeywords(), keywords);
            if (newBits != m.getSystemFlags() || !java.util.Objects.equals(newKeywords, m.getKeywords())) {
                if (newKeywords != null && newKeywords.length() > MAX_KEYWORDS) {
                    throw new MailboxException(Reason.LIMIT, "Too many keywords");
                }
                if (modSeq == 0) {
                    modSeq = f.nextModSeq();
                }
                m.setSystemFlags(newBits);
                m.setKeywords(newKeywords);
                m.setModSeq(modSeq);
            }
            out.add(MessageFlags.of(m.getUid(), flags(m.getSystemFlags(), m.getKeywords())));
        }
        if (modSeq != 0) {
            changed.accept(key(f));
        }
        return out;
    }

    private static String keywords(StoreMode mode, String stored, Set<String> given) {
        Map<String, String> result = new java.util.LinkedHashMap<>();
        if (mode != StoreMode.REPLACE) {
            for (String k : splitKeywords(stored)) {
                result.put(k.toLowerCase(Locale.ROOT), k);
            }
        }
        for (String k : given) {
            if (mode == StoreMode.REMOVE) {
                result.remove(k.toLowerCase(Locale.ROOT));
            } else {
                result.putIfAbsent(k.toLowerCase(Locale.ROOT), k);
            }
        }
        return result.isEmpty() ? null : String.join(" ", result.values());
    }

    public CopyResult copy(String user, String mailboxKey, UidSet uids, String target) throws MailboxException {
        return copyOrMove(user, mailboxKey, uids, target, false);
    }

    /** MOVE: copy and expunge the sources in this one transaction. */
    public CopyResult move(String user, String mailboxKey, UidSet uids, String target) throws MailboxException {
        return copyOrMove(user, mailboxKey, uids, target, true);
    }

    private CopyResult copyOrMove(String user, String mailboxKey, UidSet uids, String target, boolean move)
            throws MailboxException {
        Account account = account(user);
        Folder source = byKey(account, mailboxKey);
        Folder destination = mailboxes.folder(account, target)
                .filter(f -> !f.isNoselect())
                .orElseThrow(() -> new MailboxException(Reason.TRY_CREATE, "No such mailbox"));
        // lock both folders in id order, so concurrent moves in opposite directions cannot deadlock
        boolean sourceFirst = source.getId() <= destination.getId();
        Folder first = mailboxes.lock(sourceFirst ? source : destination);
        Folder second = mailboxes.lock(sourceFirst ? destination : source);
        source = sourceFirst ? first : second;
        destination = sourceFirst ? second : first;
        List<MessageRow> rows = rows(source, uids);
        if (!move) {
            admit(account, rows.stream().mapToLong(MessageRow::size).toArray());
        }
        CopyResult result = move ? moveRows(source, rows, destination) : copyRows(rows, destination);
        return result;
    }

    private CopyResult copyRows(List<MessageRow> rows, Folder destination) {
        List<Long> from = new ArrayList<>();
        List<Long> to = new ArrayList<>();
        for (MessageRow r : rows) {
            from.add(r.uid());
            to.add(mailboxes.copy(destination, r).getUid());
        }
        if (!rows.isEmpty()) {
            changed.accept(key(destination));
        }
        return new CopyResult(destination.getUidValidity(), from, to);
    }

    private CopyResult moveRows(Folder source, List<MessageRow> rows, Folder destination) {
        CopyResult result = copyRows(rows, destination);
        if (!rows.isEmpty()) {
            mailboxes.remove(source, rows.stream().map(MessageRow::id).toList());
            changed.accept(key(source));
        }
        return result;
    }

    /** EXPUNGE and UID EXPUNGE: removes the \Deleted messages through {@link MailboxRepository#remove}. */
    public List<Long> expunge(String user, String mailboxKey, Optional<UidSet> only) throws MailboxException {
        Folder f = mailboxes.lock(byKey(user, mailboxKey));
        List<MessageRow> deleted = mailboxes.rowsWithFlag(f, MailMessage.DELETED).stream()
                .filter(r -> only.map(u -> u.contains(r.uid())).orElse(true))
                .toList();
        if (deleted.isEmpty()) {
            return List.of();
        }
        mailboxes.remove(f, deleted.stream().map(MessageRow::id).toList());
        changed.accept(key(f));
        return deleted.stream().map(MessageRow::uid).toList();
    }

    /**
     * APPEND: stores the content, computes its envelope and structure as delivery does, and appends it within the
     * quota. The message is durable when the caller's transaction commits.
     */
    public AppendResult append(String user, String name, Set<String> flags, Optional<OffsetDateTime> internalDate,
            byte[] content) throws MailboxException {
        Account account = account(user);
        Folder folder = mailboxes.folder(account, name)
                .filter(f -> !f.isNoselect())
                .orElseThrow(() -> new MailboxException(Reason.TRY_CREATE, "No such mailbox"));
        admit(account, new long[]{content.length});
        int bits = 0;
        Set<String> keywords = new LinkedHashSet<>();
        for (String flag : flags) {
            ImapFlags.canonical(flag).filter(c -> !c.equals(ImapFlags.RECENT)).ifPresent(c -> {
                if (bit(c) == 0) {
                    keywords.add(c);
                }
            });
            bits |= ImapFlags.canonical(flag).map(ImapMailStore::bit).orElse(0);
        }
        String keywordText = keywords(StoreMode.ADD, null, keywords);
        if (keywordText != null && keywordText.length() > MAX_KEYWORDS) {
            throw new MailboxException(Reason.LIMIT, "Too many keywords");
        }
        MessageContent stored = mailboxes.storeContent(content);
        analysis.analyze(stored);
        MailMessage message = mailboxes.append(folder, stored,
                internalDate.map(OffsetDateTime::toInstant).orElseGet(Instant::now), bits);
        message.setKeywords(keywordText);
        changed.accept(key(message.getFolder()));
        return new AppendResult(message.getFolder().getUidValidity(), message.getUid());
    }

    private void admit(Account account, long[] sizes) throws MailboxException {
        Quota quota = new Quota(account.getQuotaMaxBytes(), account.getQuotaMaxMessages());
        if (quota.isUnlimited() || sizes.length == 0) {
            return;
        }
        QuotaUsage usage = accounts.usage(account);
        for (long size : sizes) {
            if (!quota.admits(usage, size)) {
                throw new MailboxException(Reason.OVER_QUOTA, "Quota exceeded");
            }
            usage = new QuotaUsage(usage.bytes() + size, usage.messages() + 1);
        }
    }

    /**
     * SEARCH: the indexed keys in the query ({@link MailboxRepository#searchCandidates}), header keys from the stored
     * envelope where it is exact ({@link EnvelopeSearch}), the rest with {@link SearchEvaluator}, loading content in
     * batches and only for the messages still undecided.
     */
    public UidSet search(String user, String mailboxKey, SearchKey program) throws MailboxException {
        Folder f = byKey(user, mailboxKey);
        MailboxRepository.SearchCandidates candidates = mailboxes.searchCandidates(f, program);
        if (candidates.exact()) {
            return UidSet.of(candidates.rows().stream().map(MessageRow::uid).toList());
        }
        boolean needsContent = SearchEvaluator.needsContent(program);
        List<MessageRow> rows = candidates.rows();
        List<Long> found = new ArrayList<>();
        if (needsContent && EnvelopeSearch.usesEnvelope(program)) {
            // header keys from the stored envelope where it is exact (ADR 0018); the content decides the rest
            List<MessageRow> undecided = new ArrayList<>();
            Map<Long, MailboxRepository.EnvelopeHeaders> envelopes = mailboxes.envelopeHeaders(
                    rows.stream().map(MessageRow::contentId).toList());
            for (MessageRow r : rows) {
                SearchableMessage m = new SearchableMessage(r.uid(), flags(r.systemFlags(), r.keywords()),
                        date(r.internalDate()), r.size(), () -> {
                            throw new IllegalStateException("decided without content");
                        });
                Optional<Boolean> decided = EnvelopeSearch.decide(program, m, envelopes.get(r.contentId()));
                if (decided.isEmpty()) {
                    undecided.add(r);
                } else if (decided.get()) {
                    found.add(r.uid());
                }
            }
            rows = undecided;
        }
        for (int from = 0; from < rows.size(); from += CONTENT_BATCH) {
            List<MessageRow> batch = rows.subList(from, Math.min(rows.size(), from + CONTENT_BATCH));
            Map<Long, byte[]> contents = needsContent
                    ? mailboxes.contentsById(batch.stream().map(MessageRow::contentId).toList())
                    : Map.of();
            for (MessageRow r : batch) {
                byte[] data = contents.getOrDefault(r.contentId(), new byte[0]);
                SearchableMessage m = new SearchableMessage(r.uid(), flags(r.systemFlags(), r.keywords()),
                        date(r.internalDate()), r.size(), () -> data);
                if (SearchEvaluator.matches(program, m)) {
                    found.add(r.uid());
                }
            }
        }
        found.sort(null);
        return UidSet.of(found);
    }

    // ---- helpers

    private List<MessageRow> rows(Folder f, UidSet uids) {
        if (uids.isEmpty()) {
            return List.of();
        }
        List<UidSet.Range> ranges = uids.ranges();
        List<MessageRow> rows = mailboxes.rows(f, ranges.get(0).first(), ranges.get(ranges.size() - 1).last());
        return ranges.size() == 1 ? rows : rows.stream().filter(r -> uids.contains(r.uid())).toList();
    }

    private Account account(String user) throws MailboxException {
        return accounts.find(user).orElseThrow(() -> new MailboxException(Reason.NONEXISTENT, "No such user"));
    }

    private Folder selectable(Account account, String name, Reason missing) throws MailboxException {
        return mailboxes.folder(account, name)
                .filter(f -> !f.isNoselect())
                .orElseThrow(() -> new MailboxException(missing, "No such mailbox"));
    }

    /**
     * As {@link #byKey(Account, String)} for calls on the selected mailbox, without looking the account up by address
     * first: the folder (a primary-key find) names its account, whose address must be the user's.
     */
    private Folder byKey(String user, String mailboxKey) throws MailboxException {
        Folder f = byKeyOf(mailboxKey, a -> a.getAddress().equals(user));
        if (f == null) {
            throw new MailboxException(Reason.NONEXISTENT, "Mailbox no longer exists");
        }
        return f;
    }

    /** The folder of a mailbox key, if it still is the same folder (id and UIDVALIDITY) of this user. */
    private Folder byKey(Account account, String mailboxKey) throws MailboxException {
        Folder f = byKeyOf(mailboxKey, a -> a.getId().equals(account.getId()));
        if (f == null) {
            throw new MailboxException(Reason.NONEXISTENT, "Mailbox no longer exists");
        }
        return f;
    }

    private Folder byKeyOf(String mailboxKey, java.util.function.Predicate<Account> owner) {
        int colon = mailboxKey.indexOf(':');
        try {
            long id = Long.parseLong(mailboxKey.substring(0, colon));
            long uidValidity = Long.parseLong(mailboxKey.substring(colon + 1));
            return mailboxes.folder(id)
                    .filter(f -> owner.test(f.getAccount()))
                    .filter(f -> f.getUidValidity() == uidValidity && !f.isNoselect())
                    .orElse(null);
        } catch (RuntimeException malformed) {
            return null; // a key this store did not make: no such mailbox
        }
    }

    private static OffsetDateTime date(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** Immutable flag sets of messages without keywords, one per combination of system flags. */
    private static final List<Set<String>> SYSTEM_FLAG_SETS = java.util.stream.IntStream
            .rangeClosed(0, MailMessage.ALL_FLAGS).mapToObj(bits -> Set.copyOf(flags(bits, null))).toList();

    /** As {@link #flags}, immutable, and shared when there are no keywords (SELECT of a large mailbox). */
    static Set<String> sharedFlags(int bits, String keywords) {
        return keywords == null && bits >= 0 && bits <= MailMessage.ALL_FLAGS
                ? SYSTEM_FLAG_SETS.get(bits)
                : Set.copyOf(flags(bits, keywords));
    }

    static Set<String> flags(int bits, String keywords) {
        Set<String> flags = new LinkedHashSet<>();
        if ((bits & MailMessage.ANSWERED) != 0) {
            flags.add(ImapFlags.ANSWERED);
        }
        if ((bits & MailMessage.FLAGGED) != 0) {
            flags.add(ImapFlags.FLAGGED);
        }
        if ((bits & MailMessage.DELETED) != 0) {
            flags.add(ImapFlags.DELETED);
        }
        if ((bits & MailMessage.SEEN) != 0) {
            flags.add(ImapFlags.SEEN);
        }
        if ((bits & MailMessage.DRAFT) != 0) {
            flags.add(ImapFlags.DRAFT);
        }
        flags.addAll(splitKeywords(keywords));
        return flags;
    }

    private static Collection<String> splitKeywords(String keywords) {
        if (keywords == null || keywords.isBlank()) {
            return List.of();
        }
        return List.of(keywords.trim().split(" +"));
    }

    static int bit(String canonicalFlag) {
        return switch (canonicalFlag) {
            case ImapFlags.SEEN -> MailMessage.SEEN;
            case ImapFlags.ANSWERED -> MailMessage.ANSWERED;
            case ImapFlags.FLAGGED -> MailMessage.FLAGGED;
            case ImapFlags.DELETED -> MailMessage.DELETED;
            case ImapFlags.DRAFT -> MailMessage.DRAFT;
            default -> 0;
        };
    }
}

package org.postroom.mailbox;

import org.postroom.connector.api.imap.MailboxKey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.postroom.connector.api.imap.MailboxAttribute;
import org.postroom.connector.api.imap.MailboxException;
import org.postroom.connector.api.imap.MailboxException.Reason;
import org.postroom.connector.api.imap.MailboxInfo;
import org.postroom.connector.api.imap.MailboxSessionListener;
import org.postroom.connector.api.imap.MailboxStatus;
import org.postroom.store.Account;
import org.postroom.store.Folder;
import org.postroom.store.FolderRepository;
import org.postroom.store.FolderStatus;
import org.postroom.store.MessageRepository;
import org.postroom.store.MessageRow;

/**
 * The user's folders as IMAP names them: LIST, CREATE, DELETE, RENAME, SUBSCRIBE and STATUS. Every change runs in the
 * caller's transaction and reports the key of each mailbox whose messages it changed to {@code changed}.
 */
public final class FolderOperations {

    static final String INBOX = "INBOX";
    static final String LAST_UID_VALIDITY = "imap.last-uid-validity";
    private static final char DELIMITER = MailboxSessionListener.DELIMITER;
    private static final int MAX_NAME = 512;
    /** The most folders one user may have unless configured otherwise ({@code POSTROOM_MAX_FOLDERS}). */
    public static final int DEFAULT_MAX_FOLDERS = 10_000;

    private final MailStoreRepositories repositories;
    private final FolderRepository folders;
    private final MessageRepository messages;
    private final MailboxLookup lookup;
    private final MessageMutations mutations;
    private final Consumer<MailboxKey> changed;
    private final int maxFolders;

    /** @param maxFolders the most folders a user may have (parents made on the way count); CREATE beyond: LIMIT */
    FolderOperations(MailStoreRepositories repositories, MailboxLookup lookup, MessageMutations mutations,
            Consumer<MailboxKey> changed, int maxFolders) {
        if (maxFolders < 1) {
            throw new IllegalArgumentException("maxFolders must be positive: " + maxFolders);
        }
        this.maxFolders = maxFolders;
        this.repositories = repositories;
        this.folders = repositories.folders();
        this.messages = repositories.messages();
        this.lookup = lookup;
        this.mutations = mutations;
        this.changed = changed;
    }

    /** Every folder of the user whose name starts with {@code prefix}; none for an unknown user. */
    public List<MailboxInfo> mailboxes(String user, String prefix) {
        Optional<Account> found = repositories.accounts().find(user);
        if (found.isEmpty()) {
            return List.of();
        }
        Account account = found.get();
        List<Folder> all = folders.folders(account);
        Set<String> subscribed = repositories.subscriptions().subscriptions(account);
        List<MailboxInfo> out = new ArrayList<>();
        for (Folder f : all) {
            if (!f.getName().startsWith(prefix)) {
                continue;
            }
            Set<MailboxAttribute> attributes = EnumSet.noneOf(MailboxAttribute.class);
            specialUse(f).ifPresent(attributes::add);
            boolean children = all.stream().anyMatch(o -> o.getName().startsWith(f.getName() + DELIMITER));
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
        return repositories.accounts().find(user).map(repositories.subscriptions()::subscriptions).orElse(Set.of());
    }

    /** SUBSCRIBE needs an existing mailbox; UNSUBSCRIBE works for any name (a deleted mailbox's subscription). */
    public void subscribe(String user, String name, boolean subscribed) throws MailboxException {
        Account account = lookup.account(user);
        if (subscribed && folders.folder(account, name).isEmpty()) {
            throw new MailboxException(Reason.NONEXISTENT, "No such mailbox");
        }
        repositories.subscriptions().subscribe(account, name, subscribed);
    }

    public void create(String user, String name) throws MailboxException {
        Account account = lookup.account(user);
        validName(name);
        Optional<Folder> existing = folders.folder(account, name);
        if (existing.isPresent() && !existing.get().isNoselect() || name.equals(INBOX)) {
            throw new MailboxException(Reason.ALREADY_EXISTS, "Mailbox already exists");
        }
        if (existing.isPresent()) {
            folders.lock(existing.get()).setNoselect(false);
            return;
        }
        checkRoomFor(account, name);
        createWithParents(account, name);
    }

    /**
     * Refuses a name whose creation (with the parents it needs) would take the account past {@link #maxFolders}: a
     * client cannot make the store list, lock and send an unbounded number of folders.
     */
    private void checkRoomFor(Account account, String name) throws MailboxException {
        List<Folder> all = folders.folders(account);
        Set<String> names = new HashSet<>();
        all.forEach(f -> names.add(f.getName()));
        int added = 0;
        for (int i = name.indexOf(DELIMITER); i > 0; i = name.indexOf(DELIMITER, i + 1)) {
            if (!names.contains(name.substring(0, i))) {
                added++;
            }
        }
        if (!names.contains(name)) {
            added++;
        }
        if (all.size() + added > maxFolders) {
            throw new MailboxException(Reason.LIMIT, "Too many mailboxes (at most " + maxFolders + ")");
        }
    }

    private Folder createWithParents(Account account, String name) {
        Set<String> subscribed = repositories.subscriptions().subscriptions(account);
        Folder created = null;
        int from = 0;
        while (from <= name.length()) {
            int end = name.indexOf(DELIMITER, from);
            String path = end < 0 ? name : name.substring(0, end);
            if (folders.folder(account, path).isEmpty()) {
                Folder f = new Folder(account, path, null, nextUidValidity(account));
                f.setSubscribed(false);
                folders.addFolder(f);
                if (subscribed.contains(path)) {
                    repositories.subscriptions().subscribe(account, path, true);
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
        long max = folders.folders(account).stream().mapToLong(Folder::getUidValidity).max().orElse(0);
        long last = repositories.settings().get(LAST_UID_VALIDITY).map(Long::parseLong).orElse(0L);
        long next = Math.min(Math.max(Instant.now().getEpochSecond(), Math.max(max, last) + 1), 0xFFFF_FFFFL);
        repositories.settings().put(LAST_UID_VALIDITY, Long.toString(next));
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
        Account account = lookup.account(user);
        if (name.equals(INBOX)) {
            throw new MailboxException(Reason.CANNOT, "INBOX cannot be deleted");
        }
        Folder folder = folders.folder(account, name)
                .orElseThrow(() -> new MailboxException(Reason.NONEXISTENT, "No such mailbox"));
        boolean children = folders.folders(account).stream()
                .anyMatch(f -> f.getName().startsWith(name + DELIMITER));
        if (children && folder.isNoselect()) {
            throw new MailboxException(Reason.CANNOT, "Mailbox has children");
        }
        Folder locked = folders.lock(folder);
        List<Long> ids = messages.rows(locked, 1, Long.MAX_VALUE).stream().map(MessageRow::id).toList();
        messages.remove(locked, ids);
        changed.accept(locked.mailboxKey());
        if (children) {
            locked.setNoselect(true);
            return;
        }
        boolean subscribed = locked.isSubscribed();
        folders.removeFolder(locked);
        if (subscribed) {
            repositories.subscriptions().subscribe(account, name, true);
        }
    }

    /** RENAME with children; RENAME INBOX moves its messages to a new mailbox and leaves INBOX empty. */
    public void rename(String user, String from, String to) throws MailboxException {
        Account account = lookup.account(user);
        validName(to);
        Folder source = folders.folder(account, from)
                .orElseThrow(() -> new MailboxException(Reason.NONEXISTENT, "No such mailbox"));
        if (to.equals(INBOX) || folders.folder(account, to).isPresent()) {
            throw new MailboxException(Reason.ALREADY_EXISTS, "Target mailbox exists");
        }
        if (to.startsWith(from + DELIMITER)) {
            throw new MailboxException(Reason.CANNOT, "Cannot rename a mailbox into itself");
        }
        if (from.equals(INBOX)) {
            checkRoomFor(account, to);
            Folder target = createWithParents(account, to);
            Folder inbox = folders.lock(source);
            mutations.moveRows(inbox, messages.rows(inbox, 1, Long.MAX_VALUE), folders.lock(target));
            return;
        }
        List<Folder> renamed = folders.folders(account).stream()
                .filter(f -> f.getName().equals(from) || f.getName().startsWith(from + DELIMITER))
                .sorted(Comparator.comparing(Folder::getId)) // the lock order of every write path (ADR 0022)
                .toList();
        for (Folder f : renamed) {
            String newName = to + f.getName().substring(from.length());
            if (folders.folder(account, newName).isPresent()) {
                throw new MailboxException(Reason.ALREADY_EXISTS, "Target mailbox exists: " + newName);
            }
        }
        int parent = to.lastIndexOf(DELIMITER);
        if (parent > 0) {
            checkRoomFor(account, to.substring(0, parent));
            createWithParents(account, to.substring(0, parent));
        }
        for (Folder f : renamed) {
            folders.lock(f).setName(to + f.getName().substring(from.length()));
        }
    }

    /**
     * STATUS from the folder row alone, read with its account in one statement: its counts are kept with every change
     * (ADR 0075), no message is read.
     */
    public MailboxStatus status(String user, String name) throws MailboxException {
        FolderStatus f = folders.status(user, name)
                .orElseThrow(() -> new MailboxException(Reason.NONEXISTENT, "No such mailbox"));
        return new MailboxStatus(f.messages(), f.recent(), f.uidNext(), f.uidValidity(), f.unseen(),
                f.highestModSeq());
    }
}

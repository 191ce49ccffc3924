package org.postroom.mailbox;

import org.postroom.connector.api.imap.MailboxKey;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Predicate;

import org.postroom.connector.api.imap.MailboxException;
import org.postroom.connector.api.imap.MailboxException.Reason;
import org.postroom.connector.api.imap.UidSet;
import org.postroom.store.Account;
import org.postroom.store.AccountRepository;
import org.postroom.store.Folder;
import org.postroom.store.FolderRepository;
import org.postroom.store.MessageRepository;
import org.postroom.store.MessageRow;

/**
 * What every part of the IMAP store looks up first: the user's account, a folder by name, the selected folder by its
 * mailbox key ({@link Folder#mailboxKey()}), the rows of a UID set. Internal dates are shown in UTC.
 */
final class MailboxLookup {

    private final AccountRepository accounts;
    private final FolderRepository folders;
    private final MessageRepository messages;

    MailboxLookup(MailStoreRepositories repositories) {
        this.accounts = repositories.accounts();
        this.folders = repositories.folders();
        this.messages = repositories.messages();
    }

    Account account(String user) throws MailboxException {
        return accounts.find(user).orElseThrow(() -> new MailboxException(Reason.NONEXISTENT, "No such user"));
    }

    /** The folder of this name unless it is \Noselect; else a refusal with {@code missing}. */
    Folder selectable(Account account, String name, Reason missing) throws MailboxException {
        return folders.folder(account, name)
                .filter(f -> !f.isNoselect())
                .orElseThrow(() -> new MailboxException(missing, "No such mailbox"));
    }

    /**
     * As {@link #byKey(Account, String)} for calls on the selected mailbox, without looking the account up by address
     * first: the folder (a primary-key find) names its account, whose address must be the user's.
     */
    Folder byKey(String user, MailboxKey mailboxKey) throws MailboxException {
        return byKeyOf(mailboxKey, a -> a.getAddress().equals(user));
    }

    /** The folder of a mailbox key, if it still is the same folder (id and UIDVALIDITY) of this user. */
    Folder byKey(Account account, MailboxKey mailboxKey) throws MailboxException {
        return byKeyOf(mailboxKey, a -> a.getId().equals(account.getId()));
    }

    private Folder byKeyOf(MailboxKey mailboxKey, Predicate<Account> owner) throws MailboxException {
        Folder f = folders.folder(mailboxKey.folderId())
                .filter(found -> owner.test(found.getAccount()))
                .filter(found -> found.getUidValidity() == mailboxKey.uidValidity() && !found.isNoselect())
                .orElse(null);
        if (f == null) {
            throw new MailboxException(Reason.NONEXISTENT, "Mailbox no longer exists");
        }
        return f;
    }

    /** The rows of the folder's messages in the UID set, ascending UID, in one query. */
    List<MessageRow> rows(Folder f, UidSet uids) {
        if (uids.isEmpty()) {
            return List.of();
        }
        List<UidSet.Range> ranges = uids.ranges();
        List<MessageRow> rows = messages.rows(f, ranges.get(0).first(), ranges.get(ranges.size() - 1).last());
        return ranges.size() == 1 ? rows : rows.stream().filter(r -> uids.contains(r.uid())).toList();
    }

    static OffsetDateTime date(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}

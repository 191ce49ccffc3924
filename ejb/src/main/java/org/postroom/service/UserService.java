package org.postroom.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;

import org.postroom.domain.EmailAddress;
import org.postroom.domain.PasswordHasher;
import org.postroom.domain.QuotaUsage;
import org.postroom.service.Views.FolderView;
import org.postroom.service.Views.QuotaView;
import org.postroom.service.Views.RestrictionsView;
import org.postroom.service.Views.UserView;
import org.postroom.store.Account;
import org.postroom.store.Disabled;
import org.postroom.store.AccountRepository;
import org.postroom.store.AliasRepository;
import org.postroom.store.DomainRepository;
import org.postroom.store.Folder;
import org.postroom.store.HostedDomain;
import org.postroom.store.FolderRepository;
import org.postroom.store.MessageRepository;

/** Users and their mailboxes: creation with the standard folders, passwords, restrictions and quota. */
@Stateless
public class UserService {

    /** The folders every new mailbox gets, with their RFC 6154 special-use attribute. */
    static final List<String[]> DEFAULT_FOLDERS = List.of(new String[]{"INBOX", null},
            new String[]{"Sent", "\\Sent"}, new String[]{"Drafts", "\\Drafts"},
            new String[]{"Trash", "\\Trash"}, new String[]{"Junk", "\\Junk"});

    static final int MIN_PASSWORD_LENGTH = 8;
    static final int MAX_PASSWORD_LENGTH = 1024;
    static final int MAX_SENDER_PATTERNS = 1000;

    private static final PasswordHasher HASHER = new PasswordHasher();

    @Inject
    DomainRepository domains;
    @Inject
    AccountRepository accounts;
    @Inject
    AliasRepository aliases;
    @Inject
    FolderRepository folders;
    @Inject
    MessageRepository messages;
    @Inject
    LoginCache loginCache;

    /** Creates a user and its mailbox. */
    public UserView create(String address, String password, String displayName) {
        EmailAddress parsed = AdminInput.address(address);
        HostedDomain domain = AdminInput.hostedDomain(domains, parsed.domain());
        String canonical = parsed.toString();
        if (accounts.find(canonical).isPresent()) {
            throw ServiceException.conflict("user " + canonical + " exists");
        }
        if (aliases.find(canonical).isPresent()) {
            throw ServiceException.conflict(canonical + " is an alias");
        }
        Account account;
        try {
            account = accounts.add(new Account(canonical, domain, displayName(displayName), hash(password),
                    Instant.now()));
        } catch (PersistenceException e) {
            throw ServiceException.conflict("user " + canonical + " was created concurrently");
        }
        long uidValidity = Instant.now().getEpochSecond();
        for (String[] folder : DEFAULT_FOLDERS) {
            folders.addFolder(new Folder(account, folder[0], folder[1], uidValidity));
        }
        return view(account);
    }

    public UserView get(String address) {
        return view(require(address));
    }

    /** All users, or those of one hosted domain. */
    public List<UserView> list(String domainOrNull) {
        List<Account> found = domainOrNull == null
                ? accounts.findAll()
                : accounts.findByDomain(AdminInput.hostedDomain(domains, domainOrNull));
        return found.stream().map(this::view).toList();
    }

    /** Deletes the user with its whole mailbox. */
    public void delete(String address) {
        Account account = require(address);
        accounts.remove(account);
        // its grants go with it: a user created later at the address does not inherit them (ADR 0081)
        domains.removeGrantsOf(account.getAddress());
        loginCache.cache().forget(account.getAddress());
    }

    /**
     * A new password; logins with the old one fail from the commit on (the login cache keys on the stored hash). A
     * directory user's password is the directory's: refused with a conflict.
     */
    public void setPassword(String address, String password) {
        Account account = require(address);
        if (DirectoryMailboxes.isDirectoryAccount(account.getPasswordHash())) {
            throw ServiceException.conflict(account.getAddress() + " is a corporate directory user: the password is"
                    + " set in the directory, not here");
        }
        account.setPasswordHash(hash(password));
        loginCache.cache().forget(account.getAddress());
    }

    public RestrictionsView restrictions(String address) {
        Account a = require(address);
        return new RestrictionsView(a.getMaxMessageBytes(), a.getAcceptSenders(), a.getRejectSenders());
    }

    /** Replaces the user's delivery restrictions; entries are addresses or {@code @domain}. */
    public RestrictionsView setRestrictions(String address, RestrictionsView requested) {
        Account a = require(address);
        List<String> accept = patterns("acceptSenders", requested.acceptSenders());
        List<String> reject = patterns("rejectSenders", requested.rejectSenders());
        if (requested.maxMessageBytes() != null && requested.maxMessageBytes() <= 0) {
            throw ServiceException.invalid("maxMessageBytes must be a positive number of bytes or null");
        }
        a.setRestrictions(requested.maxMessageBytes(), accept, reject);
        return restrictions(address);
    }

    /** The addresses the user may submit mail as besides its own and its aliases (send-as grants, issue 12). */
    public List<String> sendAs(String address) {
        return require(address).getSendAs();
    }

    /** Replaces the user's send-as grants; each must be a mail address (stored canonical, without repeats). */
    public List<String> setSendAs(String address, List<String> addresses) {
        Account a = require(address);
        LinkedHashSet<String> granted = new LinkedHashSet<>();
        for (String text : addresses) {
            try {
                granted.add(EmailAddress.parse(text == null ? "" : text.trim()).toString());
            } catch (org.postroom.domain.InvalidAddressException e) {
                throw ServiceException.invalid("send-as: not a mail address: " + text);
            }
        }
        a.setSendAs(List.copyOf(granted));
        return a.getSendAs();
    }

    public QuotaView quota(String address) {
        Account a = require(address);
        QuotaUsage usage = accounts.usage(a);
        return new QuotaView(a.getQuotaMaxBytes(), a.getQuotaMaxMessages(), usage.bytes(), usage.messages());
    }

    public QuotaView setQuota(String address, Long maxBytes, Long maxMessages) {
        if (maxBytes != null && maxBytes < 0 || maxMessages != null && maxMessages < 0) {
            throw ServiceException.invalid("maxBytes and maxMessages must be zero or more, or null for no limit");
        }
        require(address).setQuota(maxBytes, maxMessages);
        return quota(address);
    }

    Account require(String address) {
        String canonical = AdminInput.address(address).toString();
        return accounts.find(canonical).orElseThrow(() -> ServiceException.notFound("no user " + canonical));
    }

    private static List<String> patterns(String field, List<String> entries) {
        if (entries == null) {
            return List.of();
        }
        if (entries.size() > MAX_SENDER_PATTERNS) {
            throw ServiceException.invalid(field + " has more than " + MAX_SENDER_PATTERNS + " entries");
        }
        LinkedHashSet<String> canonical = new LinkedHashSet<>();
        for (String entry : entries) {
            if (entry == null) {
                throw ServiceException.invalid(field + " contains null");
            }
            canonical.add(AdminInput.senderPattern(entry).toString());
        }
        return new ArrayList<>(canonical);
    }

    private static String hash(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw ServiceException.invalid("password must have at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (password.length() > MAX_PASSWORD_LENGTH) {
            throw ServiceException.invalid("password must have at most " + MAX_PASSWORD_LENGTH + " characters");
        }
        return HASHER.hash(password.toCharArray());
    }

    private static String displayName(String displayName) {
        if (displayName == null) {
            return null;
        }
        if (displayName.length() > 256 || displayName.chars().anyMatch(Character::isISOControl)) {
            throw ServiceException.invalid("displayName must be at most 256 characters without control characters");
        }
        return displayName;
    }

    private UserView view(Account a) {
        Map<Long, Long> counts = messages.messageCounts(a);
        List<FolderView> folders = this.folders.folders(a)
                .stream()
                .map(f -> new FolderView(f.getName(), f.getSpecialUse(), counts.getOrDefault(f.getId(), 0L)))
                .toList();
        return new UserView(a.getAddress(), a.getDisplayName(), a.getCreatedAt(),
                DirectoryMailboxes.isDirectoryAccount(a.getPasswordHash()) ? "directory" : "local",
                a.getDisabled().isPresent(), a.getDisabled().map(Disabled::at).orElse(null),
                a.getDisabled().map(Disabled::reason).orElse(null), folders);
    }
}

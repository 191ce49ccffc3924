package org.postroom.mail;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.postroom.config.PostroomConfig;
import org.postroom.directory.DirectoryRecipient;
import org.postroom.directory.DirectoryService;
import org.postroom.directory.DirectoryUnavailableException;
import org.postroom.directory.DirectoryUser;
import org.postroom.domain.AliasLookup;
import org.postroom.domain.DeliveryRestrictions;
import org.postroom.domain.EmailAddress;
import org.postroom.domain.Quota;
import org.postroom.domain.QuotaUsage;
import org.postroom.domain.SenderPattern;
import org.postroom.mail.RecipientPolicy.LocalUser;
import org.postroom.store.Account;
import org.postroom.store.AccountLimits;
import org.postroom.store.AccountRepository;
import org.postroom.store.AliasRepository;
import org.postroom.store.DomainRepository;
import org.postroom.store.Folder;
import org.postroom.store.FolderRepository;
import org.postroom.service.DirectoryMailboxes;

/**
 * The mail rules' view of the store and the configuration: the {@link RecipientPolicy.Directory} over the
 * repositories, the alias graph for {@link org.postroom.domain.AliasExpander}, and the configured policy. Works in
 * the caller's transaction.
 *
 * <p>With a corporate directory (ADR 0050): an account whose user the directory disables, or a directory user's
 * account whose user left the directory, is no user for RCPT TO; other addresses of hosted domains are
 * {@linkplain #listing listed} by the directory; at delivery a directory user's further address is an alias of its
 * primary one, a distribution group an alias of its members' primary addresses (nested groups expanded by the
 * directory), and a directory user's mailbox is created at its first delivery. While the directory cannot be asked,
 * an existing account takes mail (at RCPT and at delivery: an address with an account is never resolved through the
 * directory); a recipient whose delivery needs the directory is a {@link DirectoryOutage}, left waiting for the
 * queue's schedule (ADR 0065).
 */
@ApplicationScoped
public class StoreDirectory implements RecipientPolicy.Directory {

    @Inject
    PostroomConfig config;
    @Inject
    DomainRepository domains;
    @Inject
    AccountRepository accounts;
    @Inject
    AliasRepository aliases;
    @Inject
    FolderRepository folders;
    @Inject
    DirectoryService corporate;
    @Inject
    DirectoryMailboxes mailboxes;

    /** The policy settings, read once: the SMTP path asks for them several times per message. */
    private volatile RecipientPolicy policy;

    /** The recipient policy with the configuration read at first use (relay networks, hard quota, size limit). */
    public RecipientPolicy policy() {
        RecipientPolicy p = policy;
        if (p == null) {
            p = new RecipientPolicy(this, RelayNetworks.parse(config.relayNetworks()), config.quotaHard(),
                    config.maxMessageBytes());
            policy = p;
        }
        return p;
    }

    @Override
    public boolean hostsDomain(String domain) {
        return domains.find(domain).isPresent();
    }

    @Override
    public Optional<LocalUser> user(EmailAddress address) {
        Optional<AccountLimits> limits = limits(address);
        if (limits.isPresent() && (limits.get().disabled() || corporate.configured() && !stillListed(address))) {
            return Optional.empty();
        }
        return limits.map(this::localUser);
    }

    /**
     * For an address with an account: false when the directory disables its user, or when the account is a directory
     * user's and the directory no longer has the user. True while the directory cannot be asked.
     */
    private boolean stillListed(EmailAddress address) {
        DirectoryRecipient listed;
        try {
            listed = corporate.recipient(address);
        } catch (DirectoryUnavailableException e) {
            return true;
        }
        if (listed instanceof DirectoryRecipient.Disabled) {
            return false;
        }
        if (listed instanceof DirectoryRecipient.Mailbox) {
            return true;
        }
        return accounts.find(address.toString())
                .map(a -> !DirectoryMailboxes.isDirectoryAccount(a.getPasswordHash())).orElse(true);
    }

    @Override
    public boolean isAlias(EmailAddress address) {
        return aliases.find(address.toString()).isPresent();
    }

    @Override
    public RecipientPolicy.Listing listing(EmailAddress address) {
        if (limits(address).filter(AccountLimits::disabled).isPresent()) {
            return RecipientPolicy.Listing.DISABLED; // a kept, disabled mailbox (ADR 0066), directory or not
        }
        if (!corporate.configured()) {
            return RecipientPolicy.Listing.UNKNOWN;
        }
        DirectoryRecipient listed;
        try {
            listed = corporate.recipient(address);
        } catch (DirectoryUnavailableException e) {
            return RecipientPolicy.Listing.UNAVAILABLE;
        }
        if (listed instanceof DirectoryRecipient.Mailbox mailbox) {
            return hostsDomain(mailbox.primary().domain())
                    ? RecipientPolicy.Listing.RECIPIENT
                    : RecipientPolicy.Listing.UNKNOWN;
        }
        if (listed instanceof DirectoryRecipient.Group) {
            return RecipientPolicy.Listing.RECIPIENT;
        }
        return listed instanceof DirectoryRecipient.Disabled
                ? RecipientPolicy.Listing.DISABLED
                : RecipientPolicy.Listing.UNKNOWN;
    }

    /**
     * {@link #limits} at delivery: a directory user's primary address without an account gets its mailbox now (with
     * the default folders).
     *
     * @throws DirectoryOutage when the directory cannot be asked (the recipient is tried again later)
     */
    public Optional<AccountLimits> deliveryLimits(EmailAddress address) {
        Optional<AccountLimits> limits = limits(address);
        if (limits.isPresent() || !corporate.configured() || !hostsDomain(address.domain())) {
            return limits;
        }
        if (atDelivery(address) instanceof DirectoryRecipient.Mailbox mailbox
                && mailbox.primary().equals(address)) {
            mailboxes.ensure(address, mailbox.user().displayName());
            return limits(address);
        }
        return limits;
    }

    /** What the directory says of an address at delivery. */
    private DirectoryRecipient atDelivery(EmailAddress address) {
        try {
            return corporate.recipient(address);
        } catch (DirectoryUnavailableException e) {
            throw new DirectoryOutage(address, e);
        }
    }

    /** What the directory makes of an address at delivery: another address of a user, or a group's members. */
    private Optional<List<EmailAddress>> directoryTargets(EmailAddress address) {
        DirectoryRecipient listed = atDelivery(address);
        if (listed instanceof DirectoryRecipient.Mailbox mailbox) {
            return mailbox.primary().equals(address) || !hostsDomain(mailbox.primary().domain())
                    ? Optional.empty()
                    : Optional.of(List.of(mailbox.primary()));
        }
        if (listed instanceof DirectoryRecipient.Group group) {
            try {
                return Optional.of(corporate.groupMembers(group.dn()).stream().map(DirectoryUser::primary)
                        .flatMap(Optional::stream).distinct().toList());
            } catch (DirectoryUnavailableException e) {
                throw new DirectoryOutage(address, e);
            }
        }
        return Optional.empty();
    }

    public Optional<Account> account(EmailAddress address) {
        return accounts.find(address.toString());
    }

    /** The account's limits and sender rules (plain statements: the SMTP hot path asks for them, ADR 0019). */
    /** The addresses a user may submit mail as besides its own and its aliases (send-as grants). */
    public List<String> sendAs(EmailAddress user) {
        return accounts.find(user.toString()).map(Account::getSendAs).orElse(List.of());
    }

    public Optional<AccountLimits> limits(EmailAddress address) {
        return accounts.limits(address.toString());
    }

    /** The user's restrictions, quota and current usage, as the rules see them. */
    public LocalUser localUser(Account a) {
        return localUser(new AccountLimits(a.getId(), a.getAddress(), a.getMaxMessageBytes(), a.getQuotaMaxBytes(),
                a.getQuotaMaxMessages(), a.getAcceptSenders(), a.getRejectSenders(), a.getDisabled().isPresent()));
    }

    /** The user's restrictions, quota and current usage, as the rules see them. */
    public LocalUser localUser(AccountLimits a) {
        DeliveryRestrictions restrictions = new DeliveryRestrictions(a.maxMessageBytes(),
                a.acceptSenders().stream().map(SenderPattern::parse).toList(),
                a.rejectSenders().stream().map(SenderPattern::parse).toList());
        Quota quota = new Quota(a.quotaMaxBytes(), a.quotaMaxMessages());
        // Usage is a query over the whole mailbox: only pay for it when a limit makes it matter.
        QuotaUsage usage = quota.isUnlimited() ? new QuotaUsage(0, 0) : accounts.usage(a.id());
        return new LocalUser(EmailAddress.parse(a.address()), restrictions, quota, usage);
    }

    /**
     * The user's INBOX with its row locked for the rest of the transaction (for
     * {@link org.postroom.store.MessageRepository#appendLockedRow}), created if it is missing.
     */
    public Folder lockedInbox(AccountLimits a) {
        return folders.lockFolder(a.id(), "INBOX").orElseGet(() -> folders.addFolder(new Folder(
                accounts.find(a.address()).orElseThrow(), "INBOX", null, Instant.now().getEpochSecond())));
    }

    /**
     * The current alias definitions, and with a directory its users' further addresses and its groups. An address
     * with an account is its own mailbox and is not asked of the directory, so a directory outage does not hold its
     * mail.
     *
     * @throws DirectoryOutage (from the lookup) when an address needs the directory and it cannot be asked
     */
    public AliasLookup aliasLookup() {
        return address -> {
            Optional<List<EmailAddress>> local = aliases.find(address.toString())
                    .map(alias -> alias.getTargets().stream().map(EmailAddress::parse).toList())
                    .map(List::copyOf);
            if (local.isPresent() || !corporate.configured() || !hostsDomain(address.domain())
                    || limits(address).isPresent()) {
                return local;
            }
            return directoryTargets(address);
        };
    }
}

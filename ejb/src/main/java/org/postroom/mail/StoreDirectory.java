package org.postroom.mail;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.postroom.config.PostroomConfig;
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

/**
 * The mail rules' view of the store and the configuration: the {@link RecipientPolicy.Directory} over the
 * repositories, the alias graph for {@link org.postroom.domain.AliasExpander}, and the configured policy. Works in
 * the caller's transaction.
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
        return limits(address).map(this::localUser);
    }

    @Override
    public boolean isAlias(EmailAddress address) {
        return aliases.find(address.toString()).isPresent();
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
                a.getQuotaMaxMessages(), a.getAcceptSenders(), a.getRejectSenders()));
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

    /** The current alias definitions. */
    public AliasLookup aliasLookup() {
        return address -> aliases.find(address.toString())
                .map(alias -> alias.getTargets().stream().map(EmailAddress::parse).toList())
                .map(List::copyOf);
    }
}

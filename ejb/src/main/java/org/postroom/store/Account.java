package org.postroom.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A user: a login address with a password and one mailbox (its {@link Folder}s). Carries the user's Exchange-style
 * delivery restrictions and quota limits; usage is computed from the stored messages.
 */
@Entity
@Table(name = "PR_ACCOUNT")
public class Account {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = Ids.GENERATOR)
    private Long id;

    @Column(name = "ADDRESS", nullable = false, unique = true, length = 254)
    private String address;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "DOMAIN_ID", nullable = false)
    private HostedDomain domain;

    @Column(name = "DISPLAY_NAME", length = 256)
    private String displayName;

    @Column(name = "PASSWORD_HASH", nullable = false, length = 200)
    private String passwordHash;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    @Column(name = "MAX_MESSAGE_BYTES")
    private Long maxMessageBytes;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "PR_ACCEPT_SENDER", joinColumns = @JoinColumn(name = "ACCOUNT_ID"))
    @OrderColumn(name = "POS")
    @Column(name = "PATTERN", nullable = false, length = 254)
    private List<String> acceptSenders = new ArrayList<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "PR_REJECT_SENDER", joinColumns = @JoinColumn(name = "ACCOUNT_ID"))
    @OrderColumn(name = "POS")
    @Column(name = "PATTERN", nullable = false, length = 254)
    private List<String> rejectSenders = new ArrayList<>();

    /** Addresses besides its own and its aliases that the user may submit mail as ("send as"; issue 12). */
    @ElementCollection(fetch = FetchType.LAZY)
    @CollectionTable(name = "PR_SEND_AS", joinColumns = @JoinColumn(name = "ACCOUNT_ID"))
    @OrderColumn(name = "POS")
    @Column(name = "ADDRESS", nullable = false, length = 254)
    private List<String> sendAs = new ArrayList<>();

    /** When the account was disabled (kept, but no login and no mail), or null while it is enabled. */
    @Column(name = "DISABLED_AT")
    private Instant disabledAt;

    /** Why it is disabled ("not in the directory", "disabled in the directory"); null while enabled. */
    @Column(name = "DISABLED_REASON", length = 200)
    private String disabledReason;

    @Column(name = "QUOTA_MAX_BYTES")
    private Long quotaMaxBytes;

    @Column(name = "QUOTA_MAX_MESSAGES")
    private Long quotaMaxMessages;

    @Version
    @Column(name = "VERSION")
    private long version;

    protected Account() {
    }

    public Account(String address, HostedDomain domain, String displayName, String passwordHash, Instant createdAt) {
        this.address = address;
        this.domain = domain;
        this.displayName = displayName;
        this.passwordHash = passwordHash;
        this.createdAt = createdAt;
    }

    public Long getId() {
        return id;
    }

    public String getAddress() {
        return address;
    }

    public HostedDomain getDomain() {
        return domain;
    }

    public String getDisplayName() {
        return displayName;
    }

    public String getPasswordHash() {
        return passwordHash;
    }

    public void setPasswordHash(String passwordHash) {
        this.passwordHash = passwordHash;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Long getMaxMessageBytes() {
        return maxMessageBytes;
    }

    public List<String> getAcceptSenders() {
        return List.copyOf(acceptSenders);
    }

    public List<String> getRejectSenders() {
        return List.copyOf(rejectSenders);
    }

    public void setRestrictions(Long maxMessageBytes, List<String> acceptSenders, List<String> rejectSenders) {
        this.maxMessageBytes = maxMessageBytes;
        this.acceptSenders.clear();
        this.acceptSenders.addAll(acceptSenders);
        this.rejectSenders.clear();
        this.rejectSenders.addAll(rejectSenders);
    }

    public List<String> getSendAs() {
        return List.copyOf(sendAs);
    }

    /** Replaces the user's send-as grants. */
    public void setSendAs(List<String> addresses) {
        sendAs.clear();
        sendAs.addAll(addresses);
    }

    /** When and why the account was disabled (ADR 0066); empty while it is enabled. */
    public Optional<Disabled> getDisabled() {
        return disabledAt == null ? Optional.empty() : Optional.of(new Disabled(disabledAt, disabledReason));
    }

    /** Disables the account from {@code at} for {@code reason}, or enables it with {@code null}. */
    public void setDisabled(Disabled disabled) {
        this.disabledAt = disabled == null ? null : disabled.at();
        this.disabledReason = disabled == null ? null : disabled.reason();
    }

    public Long getQuotaMaxBytes() {
        return quotaMaxBytes;
    }

    public Long getQuotaMaxMessages() {
        return quotaMaxMessages;
    }

    public void setQuota(Long maxBytes, Long maxMessages) {
        this.quotaMaxBytes = maxBytes;
        this.quotaMaxMessages = maxMessages;
    }
}

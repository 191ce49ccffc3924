package org.postroom.service;

import java.time.Instant;
import java.util.List;

/** The immutable values the services hand to the REST layer (never entities). */
public final class Views {

    private Views() {
    }

    /**
     * Who administers one domain besides the global administrators (ADR 0081): the logins granted it over REST, and
     * the directory group whose members do (ADR 0068), or null without one.
     */
    public record DomainAdministratorsView(String domain, List<GrantView> granted, String directoryGroup) {
    }

    /** A REST grant: the grantee's canonical login and when it was granted. */
    public record GrantView(String login, Instant grantedAt) {
    }

    public record DomainView(String name, long users, long aliases, Instant createdAt) {
    }

    /**
     * A domain's DKIM key, public parts only (the private key never leaves the server).
     *
     * @param active whether mail is signed with it (the others are retired by rotations)
     * @param recordName where its TXT record goes: {@code <selector>._domainkey.<domain>}
     * @param recordValue the TXT record: {@code v=DKIM1; k=...; p=...}
     */
    public record DkimKeyView(String domain, String selector, String algorithm, boolean active, Instant createdAt,
            Instant retiredAt, String recordName, String recordValue) {
    }

    /**
     * A DNS record an administrator publishes for a hosted domain.
     *
     * @param name the owner name (fully qualified, without the final dot)
     * @param type MX, TXT or CNAME
     * @param value the record's value (a TXT value as one string)
     * @param zoneLine the same as a zone-file line, long TXT values split into quoted strings of at most 255 octets
     * @param purpose what it is for and what to consider before publishing it
     */
    public record DnsRecordView(String name, String type, String value, String zoneLine, String purpose) {
    }

    public record FolderView(String name, String specialUse, long messages) {
    }

    /**
     * A user; {@code source} is {@code local} (a password of Postroom's own) or {@code directory} (a corporate
     * directory user's mailbox, ADR 0050); {@code disabled} when the mailbox is kept but takes no login and no mail
     * (a directory user who left the directory or is disabled there, as the last sync saw it; ADR 0066), since
     * {@code disabledAt}, for {@code disabledReason}.
     */
    public record UserView(String address, String displayName, Instant createdAt, String source, boolean disabled,
            Instant disabledAt, String disabledReason, List<FolderView> folders) {
    }

    public record AliasView(String address, List<String> targets) {
    }

    public record RestrictionsView(Long maxMessageBytes, List<String> acceptSenders, List<String> rejectSenders) {
    }

    public record QuotaView(Long maxBytes, Long maxMessages, long usedBytes, long usedMessages) {
    }

    /**
     * One recipient of a queued message: {@code via} is the alias it was expanded from, or null; {@code detail} the
     * last reply or note; {@code attempts} the outbound attempts; {@code nextAttempt} when it is tried next (null
     * when settled or held); {@code remoteHost} the host that gave the last reply.
     */
    public record QueueRecipientView(String address, String via, String state, String detail, int attempts,
            Instant nextAttempt, String remoteHost) {
    }

    /**
     * A message in the delivery queue; {@code sender} is empty for the null reverse-path; {@code nextAttempt} is when
     * the broker retries a failed delivery (null when none is due).
     */
    public record QueueJobView(String id, String sender, List<QueueRecipientView> recipients, long size, int attempts,
            Instant nextAttempt, String lastError, String state, Instant createdAt) {
    }
}

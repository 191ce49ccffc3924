package org.postroom.domain;

import java.util.Objects;

/**
 * One entry of an accepted-senders or rejected-senders list (see {@link DeliveryRestrictions}): either one full
 * address ({@code bob@example.com}) or a whole domain ({@code @example.com}, with a null {@link #localPart()}).
 *
 * <p>The rule: a pattern matches a sender whose canonical address (see {@link EmailAddress}) is equal to it, or,
 * for a domain pattern, whose canonical domain is equal to it. Matching is case-insensitive because both sides are
 * normalised, and exact: {@code @example.com} does not match {@code bob@sales.example.com}, since a subdomain may
 * belong to someone else. Patterns are parsed with the address rules of RFC 5321 (see {@link EmailAddress} and
 * {@link DomainName}); there are no wildcards.
 *
 * @param localPart the canonical local part, or null for a pattern that matches a whole domain
 * @param domain the canonical domain
 */
public record SenderPattern(String localPart, String domain) {

    /**
     * @throws NullPointerException if {@code domain} is null
     */
    public SenderPattern {
        Objects.requireNonNull(domain, "domain");
    }

    /**
     * Parses {@code bob@example.com} (one address) or {@code @example.com} (a whole domain).
     *
     * @param text the pattern as typed by an administrator
     * @return the canonical pattern
     * @throws InvalidAddressException if {@code text} is neither a valid address nor {@code @} and a valid domain
     */
    public static SenderPattern parse(String text) {
        if (text == null) {
            throw new InvalidAddressException("invalid sender pattern: no pattern given");
        }
        String problemPrefix = "invalid sender pattern " + UntrustedText.quote(text) + ": ";
        if (text.isBlank()) {
            throw new InvalidAddressException(problemPrefix + "blank");
        }
        if (text.startsWith("@")) {
            try {
                return new SenderPattern(null, DomainName.normalize(text.substring(1)));
            } catch (InvalidAddressException e) {
                throw new InvalidAddressException(problemPrefix + e.getMessage());
            }
        }
        if (text.indexOf('@') < 0) {
            throw new InvalidAddressException(
                    problemPrefix + "expected an address (bob@example.com) or a whole domain (@example.com)");
        }
        EmailAddress address = EmailAddress.parse(text);
        return new SenderPattern(address.localPart(), address.domain());
    }

    /**
     * Whether {@code sender} is the address of this pattern, or is in its domain (not in a subdomain of it).
     *
     * @param sender a canonical address
     * @return true if this pattern covers {@code sender}
     */
    public boolean matches(EmailAddress sender) {
        Objects.requireNonNull(sender, "sender");
        return domain.equals(sender.domain()) && (localPart == null || localPart.equals(sender.localPart()));
    }

    /** Returns the canonical text: {@code @example.com} or {@code bob@example.com}. */
    @Override
    public String toString() {
        return (localPart == null ? "" : localPart) + "@" + domain;
    }
}

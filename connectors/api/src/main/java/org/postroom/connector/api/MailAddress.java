package org.postroom.connector.api;

import java.util.Locale;
import java.util.Objects;

/**
 * An SMTP address {@code localPart@domain} (RFC 5321 section 4.1.2 calls it a "Mailbox"; here a mailbox is a
 * folder) as the client sent it in a forward or reverse path, syntax already checked by the protocol engine; the
 * local part keeps its quotes if it was a quoted string.
 *
 * <p>
 * The only address without a domain is the special recipient {@code <postmaster>} (RFC 5321 section 4.5.1), which
 * every server must accept: see {@link #isUnqualifiedPostmaster()}.
 */
public record MailAddress(String localPart, String domain) {

    public MailAddress {
        Objects.requireNonNull(localPart, "localPart");
        Objects.requireNonNull(domain, "domain");
        if (localPart.isEmpty()) {
            throw new IllegalArgumentException("empty local part");
        }
        if (domain.isEmpty() && !localPart.equalsIgnoreCase("postmaster")) {
            throw new IllegalArgumentException("only postmaster may have no domain: " + localPart);
        }
        requirePrintable(localPart);
        requirePrintable(domain);
    }

    /** The special unqualified recipient {@code <postmaster>}. */
    public static MailAddress postmaster() {
        return new MailAddress("postmaster", "");
    }

    public boolean isUnqualifiedPostmaster() {
        return domain.isEmpty();
    }

    /** The domain in lower case, for lookups (local parts stay case-sensitive, as RFC 5321 says). */
    public String normalizedDomain() {
        return domain.toLowerCase(Locale.ROOT);
    }

    /** {@code local@domain}, or {@code postmaster} for the unqualified postmaster. */
    public String address() {
        return domain.isEmpty() ? localPart : localPart + "@" + domain;
    }

    @Override
    public String toString() {
        return address();
    }

    private static void requirePrintable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("mailbox contains a non-printable or non-ASCII character");
            }
        }
    }
}

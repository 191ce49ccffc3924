package org.postroom.domain;

import java.util.Objects;

/**
 * A mail address in Postroom's canonical form: {@code local@domain}, both parts lower-case ASCII.
 *
 * <p>The rule ({@link #parse(String)}, {@link #of(String, String)}):
 * <ul>
 *   <li>the text is {@code local@domain}, optionally inside one pair of angle brackets ({@code <local@domain>}, the
 *       RFC 5321 section 4.1.2 "Path" form); nothing else (no display name, no comment, no white space, no control
 *       character); the last {@code @} separates the local part from the domain;</li>
 *   <li>the local part is an RFC 5321 section 4.1.2 Dot-string: atoms of RFC 5322 section 3.2.3 atext (letters,
 *       digits and {@code !#$%&'*+-/=?^_`{|}~}) joined by single dots, no leading or trailing dot, 1 to 64 octets
 *       (RFC 5321 section 4.5.3.1.1); a Quoted-string local part is valid SMTP but refused for hosted addresses;
 *       non-ASCII local parts need SMTPUTF8 (RFC 6531), which Postroom does not support yet;</li>
 *   <li>the local part is lower-cased: RFC 5321 section 2.4 lets the receiving host decide, and Postroom, like
 *       Exchange, treats local parts case-insensitively; the domain is normalised by {@link DomainName#normalize};</li>
 *   <li>the canonical address is at most 254 characters (the 256-octet Path limit of RFC 5321 section 4.5.3.1.3,
 *       less the angle brackets).</li>
 * </ul>
 * The canonical constructor only checks for nulls; use {@code parse} or {@code of} for untrusted input.
 *
 * @param localPart the part before the {@code @}, lower-case
 * @param domain the canonical domain (see {@link DomainName})
 */
public record EmailAddress(String localPart, String domain) {

    /** Longest local part in octets (RFC 5321 section 4.5.3.1.1). */
    static final int MAX_LOCAL_PART_LENGTH = 64;
    /** Longest address: a 256-octet Path less its angle brackets (RFC 5321 section 4.5.3.1.3). */
    static final int MAX_LENGTH = 254;

    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

    /**
     * @throws NullPointerException if either part is null
     */
    public EmailAddress {
        Objects.requireNonNull(localPart, "localPart");
        Objects.requireNonNull(domain, "domain");
    }

    /**
     * Parses {@code local@domain} or {@code <local@domain>} into its canonical form.
     *
     * @param text the address as typed or received
     * @return the canonical address
     * @throws InvalidAddressException if {@code text} breaks the rule in the class comment; the message says how
     */
    public static EmailAddress parse(String text) {
        if (text == null) {
            throw new InvalidAddressException("invalid address: no address given");
        }
        String problemPrefix = "invalid address " + UntrustedText.quote(text) + ": ";
        if (text.isBlank()) {
            throw new InvalidAddressException(problemPrefix + "blank");
        }
        rejectControlAndWhitespace(text, problemPrefix);
        String address = text;
        if (text.length() >= 2 && text.startsWith("<") && text.endsWith(">")) {
            address = text.substring(1, text.length() - 1);
            if (address.isEmpty()) {
                throw new InvalidAddressException(problemPrefix + "empty (the null reverse-path <> is not an address)");
            }
        } else if (text.chars().filter(c -> c == '<' || c == '>').count() == 1) {
            throw new InvalidAddressException(problemPrefix + "unbalanced angle brackets");
        }
        if (address.indexOf('<') >= 0 || address.indexOf('>') >= 0) {
            throw new InvalidAddressException(
                    problemPrefix + "only local@domain, optionally inside one pair of angle brackets, is accepted");
        }
        int at = address.lastIndexOf('@');
        if (at < 0) {
            throw new InvalidAddressException(problemPrefix + "missing '@'");
        }
        return build(address.substring(0, at), address.substring(at + 1), problemPrefix);
    }

    /**
     * Builds an address from its two parts, validated and normalised exactly as {@link #parse(String)} does.
     *
     * @param localPart the part before the {@code @}
     * @param domain the domain
     * @return the canonical address
     * @throws InvalidAddressException if either part is invalid; the message says why
     */
    public static EmailAddress of(String localPart, String domain) {
        if (localPart == null || domain == null) {
            throw new InvalidAddressException("invalid address: " + (localPart == null ? "no local part" : "no domain")
                    + " given");
        }
        String problemPrefix = "invalid address " + UntrustedText.quote(localPart + "@" + domain) + ": ";
        rejectControlAndWhitespace(localPart, problemPrefix);
        rejectControlAndWhitespace(domain, problemPrefix);
        return build(localPart, domain, problemPrefix);
    }

    /** Returns {@code local@domain}. */
    @Override
    public String toString() {
        return localPart + "@" + domain;
    }

    private static void rejectControlAndWhitespace(String text, String problemPrefix) {
        if (UntrustedText.containsControl(text)) {
            throw new InvalidAddressException(problemPrefix + "control characters are not allowed");
        }
        if (UntrustedText.containsWhitespace(text)) {
            throw new InvalidAddressException(problemPrefix + "white space is not allowed");
        }
    }

    private static EmailAddress build(String localPart, String domainText, String problemPrefix) {
        String local = normalizeLocalPart(localPart, problemPrefix);
        if (domainText.isEmpty()) {
            throw new InvalidAddressException(problemPrefix + "missing domain after '@'");
        }
        String domain;
        try {
            domain = DomainName.normalize(domainText);
        } catch (InvalidAddressException e) {
            throw new InvalidAddressException(problemPrefix + e.getMessage());
        }
        if (local.length() + 1 + domain.length() > MAX_LENGTH) {
            throw new InvalidAddressException(problemPrefix + "longer than " + MAX_LENGTH + " characters");
        }
        return new EmailAddress(local, domain);
    }

    private static String normalizeLocalPart(String local, String problemPrefix) {
        if (local.isEmpty()) {
            throw new InvalidAddressException(problemPrefix + "empty local part");
        }
        if (local.startsWith("\"")) {
            throw new InvalidAddressException(
                    problemPrefix + "quoted local parts (\"...\"@domain) are not supported for hosted addresses");
        }
        if (!local.chars().allMatch(c -> c < 0x80)) {
            throw new InvalidAddressException(
                    problemPrefix + "non-ASCII local parts need SMTPUTF8, which is not supported yet");
        }
        if (local.length() > MAX_LOCAL_PART_LENGTH) {
            throw new InvalidAddressException(
                    problemPrefix + "local part is longer than " + MAX_LOCAL_PART_LENGTH + " characters");
        }
        if (local.startsWith(".")) {
            throw new InvalidAddressException(problemPrefix + "local part starts with '.'");
        }
        if (local.endsWith(".")) {
            throw new InvalidAddressException(problemPrefix + "local part ends with '.'");
        }
        if (local.contains("..")) {
            throw new InvalidAddressException(problemPrefix + "local part contains '..'");
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (!isAtext(c) && c != '.') {
                throw new InvalidAddressException(problemPrefix + "character " + UntrustedText.quote(String.valueOf(c))
                        + " is not allowed in the local part");
            }
        }
        return UntrustedText.asciiLowerCase(local);
    }

    private static boolean isAtext(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || ATEXT_SPECIALS.indexOf(c) >= 0;
    }
}

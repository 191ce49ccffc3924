package org.postroom.domain;

import java.net.IDN;
import java.util.ArrayList;
import java.util.List;

/**
 * Validation and normalisation of the domain of a hosted or remote mail address.
 *
 * <p>The rule: a domain is a dot-separated sequence of at least two labels in the "preferred name syntax" of
 * RFC 1035 section 2.3.1 as relaxed by RFC 1123 section 2.1: each label is 1 to 63 letters, digits or hyphens
 * (LDH) and neither starts nor ends with a hyphen, and the whole name is at most 253 characters (RFC 5321 section
 * 4.5.3.1.2 allows 255 octets on the wire, which is 253 characters of dotted text). Normalisation:
 * <ul>
 *   <li>one trailing dot (the DNS root) is removed before validation;</li>
 *   <li>ASCII letters are lower-cased (DNS names are case-insensitive, RFC 4343);</li>
 *   <li>internationalised labels (U-labels) are converted to A-labels ({@code xn--...}) with
 *       {@link IDN#toASCII(String, int)} and {@link IDN#USE_STD3_ASCII_RULES} (IDNA, RFC 3490), so a domain is
 *       stored and compared in one form only; the ideographic full stops U+3002, U+FF0E and U+FF61 separate labels
 *       as RFC 3490 section 3.1 says.</li>
 * </ul>
 * Nothing is trimmed: white space anywhere, control characters and address literals such as {@code [192.0.2.1]}
 * (RFC 5321 section 4.1.3) are refused here.
 */
public final class DomainName {

    /** Longest domain in dotted text form (RFC 5321 section 4.5.3.1.2, less the length octets). */
    static final int MAX_LENGTH = 253;
    /** Longest label (RFC 1035 section 2.3.4). */
    static final int MAX_LABEL_LENGTH = 63;

    private DomainName() {
    }

    /**
     * Validates {@code text} as a domain and returns its canonical form: lower-case ASCII, A-labels, no trailing dot.
     *
     * @param text a domain as typed or received, e.g. {@code Bücher.Example.}
     * @return the canonical form, e.g. {@code xn--bcher-kva.example}
     * @throws InvalidAddressException if {@code text} is not a valid domain; the message says why
     */
    public static String normalize(String text) {
        if (text == null) {
            throw new InvalidAddressException("invalid domain: no domain given");
        }
        String problemPrefix = "invalid domain " + UntrustedText.quote(text) + ": ";
        if (text.isEmpty()) {
            throw new InvalidAddressException(problemPrefix + "empty");
        }
        if (UntrustedText.containsControl(text)) {
            throw new InvalidAddressException(problemPrefix + "control characters are not allowed");
        }
        if (UntrustedText.containsWhitespace(text)) {
            throw new InvalidAddressException(problemPrefix + "white space is not allowed");
        }
        if (text.startsWith("[")) {
            throw new InvalidAddressException(problemPrefix + "address literals like [192.0.2.1] are not accepted");
        }
        String dotted = text.replace('\u3002', '.').replace('\uFF0E', '.').replace('\uFF61', '.');
        if (dotted.endsWith(".")) {
            dotted = dotted.substring(0, dotted.length() - 1);
        }
        if (dotted.isEmpty()) {
            throw new InvalidAddressException(problemPrefix + "no labels");
        }
        List<String> labels = new ArrayList<>();
        for (String label : dotted.split("\\.", -1)) {
            labels.add(toAsciiLabel(label, problemPrefix));
        }
        if (labels.size() < 2) {
            throw new InvalidAddressException(problemPrefix + "at least two labels are required (like example.com)");
        }
        String normalized = String.join(".", labels);
        if (normalized.length() > MAX_LENGTH) {
            throw new InvalidAddressException(problemPrefix + "longer than " + MAX_LENGTH + " characters");
        }
        return normalized;
    }

    private static String toAsciiLabel(String label, String problemPrefix) {
        if (label.isEmpty()) {
            throw new InvalidAddressException(problemPrefix + "empty label (leading or doubled dot)");
        }
        String ascii = label;
        if (!label.chars().allMatch(c -> c < 0x80)) {
            try {
                ascii = IDN.toASCII(label, IDN.USE_STD3_ASCII_RULES);
            } catch (IllegalArgumentException e) {
                throw new InvalidAddressException(
                        problemPrefix + "label " + UntrustedText.quote(label)
                                + " is not a valid internationalised label");
            }
            if (ascii.isEmpty()) {
                throw new InvalidAddressException(
                        problemPrefix + "label " + UntrustedText.quote(label) + " is empty once internationalised");
            }
        }
        ascii = UntrustedText.asciiLowerCase(ascii);
        if (ascii.length() > MAX_LABEL_LENGTH) {
            throw new InvalidAddressException(problemPrefix + "label " + UntrustedText.quote(ascii) + " is longer than "
                    + MAX_LABEL_LENGTH + " characters");
        }
        for (int i = 0; i < ascii.length(); i++) {
            char c = ascii.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                throw new InvalidAddressException(problemPrefix + "character " + UntrustedText.quote(String.valueOf(c))
                        + " is not allowed (letters, digits and '-' only)");
            }
        }
        if (ascii.startsWith("-")) {
            throw new InvalidAddressException(
                    problemPrefix + "label " + UntrustedText.quote(ascii) + " starts with '-'");
        }
        if (ascii.endsWith("-")) {
            throw new InvalidAddressException(problemPrefix + "label " + UntrustedText.quote(ascii) + " ends with '-'");
        }
        return ascii;
    }
}

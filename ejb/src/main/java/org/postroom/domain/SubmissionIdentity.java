package org.postroom.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who an authenticated user may submit mail as (RFC 6409 section 6.1, issue 12): its own address, an alias that
 * expands to it, or an address granted to it ("send as", as Exchange has it). And the two header fields submission
 * adds when the message lacks them (RFC 6409 section 8.2 and 8.3: {@code Date}, {@code Message-ID}); nothing else of
 * the submitted message is changed. Pure.
 */
public final class SubmissionIdentity {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z",
            Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private SubmissionIdentity() {
    }

    /** Whether {@code user} may use {@code address} as MAIL FROM or in From:. */
    public static boolean mayUse(EmailAddress user, EmailAddress address, AliasLookup aliases,
            Collection<String> sendAs) {
        if (user.equals(address)) {
            return true;
        }
        for (String granted : sendAs) {
            if (granted.equalsIgnoreCase(address.toString())) {
                return true;
            }
        }
        return aliases.targetsOf(address).isPresent()
                && new AliasExpander(aliases).expand(address).recipients().contains(user);
    }

    /**
     * The addresses of the message's From: fields ({@code local@domain} as written); empty when it has none. An
     * address that is not a well-formed mail address is returned as written, so the caller refuses it.
     */
    public static List<String> fromAddresses(byte[] message) {
        List<String> out = new ArrayList<>();
        for (String value : fields(message, "From")) {
            for (org.postroom.connector.api.mime.Address a : org.postroom.model.mime.AddressListParser.parse(value)) {
                if (a.host() != null) {
                    out.add(a.mailbox() + "@" + a.host());
                }
            }
        }
        return out;
    }

    /** The message with {@code Date:} and {@code Message-ID:} added at the end of its header when missing. */
    public static byte[] addMissingFields(byte[] message, String messageIdLocal, String hostname, Instant now) {
        StringBuilder add = new StringBuilder();
        if (fields(message, "Date").isEmpty()) {
            add.append("Date: ").append(DATE.format(now)).append("\r\n");
        }
        if (fields(message, "Message-ID").isEmpty()) {
            add.append("Message-ID: <").append(messageIdLocal).append('@').append(hostname).append(">\r\n");
        }
        if (add.length() == 0) {
            return message;
        }
        int end = headerEnd(message);
        byte[] extra = add.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[message.length + extra.length];
        System.arraycopy(message, 0, out, 0, end);
        System.arraycopy(extra, 0, out, end, extra.length);
        System.arraycopy(message, end, out, end + extra.length, message.length - end);
        return out;
    }

    /** Where the blank line after the header starts (the message's length when it has no body). */
    static int headerEnd(byte[] m) {
        if (m.length >= 2 && m[0] == '\r' && m[1] == '\n') {
            return 0;
        }
        for (int i = 0; i + 3 < m.length; i++) {
            if (m[i] == '\r' && m[i + 1] == '\n' && m[i + 2] == '\r' && m[i + 3] == '\n') {
                return i + 2;
            }
        }
        return m.length;
    }

    /** The unfolded values of the header fields named {@code name} (case-insensitive). */
    static List<String> fields(byte[] message, String name) {
        String header = new String(message, 0, headerEnd(message), StandardCharsets.ISO_8859_1);
        List<String> values = new ArrayList<>();
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        String current = null;
        for (String line : header.split("\r\n", -1)) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                if (current != null) {
                    current = current + line;
                }
                continue;
            }
            if (current != null) {
                values.add(current.trim());
                current = null;
            }
            if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                current = line.substring(prefix.length());
            }
        }
        if (current != null) {
            values.add(current.trim());
        }
        return values;
    }

    /** {@link EmailAddress#parse}, or empty for text that is not a mail address. */
    public static Optional<EmailAddress> address(String text) {
        try {
            return Optional.of(EmailAddress.parse(text));
        } catch (InvalidAddressException e) {
            return Optional.empty();
        }
    }
}

package org.postroom.protocol.smtp.client;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What the server offered in its EHLO reply (none of it after HELO).
 *
 * @param size the SIZE limit when announced with a number greater than 0 (RFC 1870: 0 or none means no fixed limit)
 * @param authMechanisms the AUTH mechanisms, upper case
 */
public record Extensions(boolean esmtp, boolean pipelining, boolean sizeOffered, OptionalLong size,
        boolean eightBitMime, boolean smtpUtf8, boolean dsn, boolean startTls, Set<String> authMechanisms) {

    public static final Extensions HELO = new Extensions(false, false, false, OptionalLong.empty(), false, false,
            false, false, Set.of());

    public Extensions {
        authMechanisms = Set.copyOf(authMechanisms);
    }

    /** The keywords of an EHLO reply; its first line is the greeting and is skipped. */
    static Extensions parse(ClientReply ehlo) {
        boolean pipelining = false;
        boolean sizeOffered = false;
        OptionalLong size = OptionalLong.empty();
        boolean eightBit = false;
        boolean utf8 = false;
        boolean dsn = false;
        boolean startTls = false;
        Set<String> auth = new LinkedHashSet<>();
        var texts = ehlo.texts();
        for (String line : texts.subList(1, texts.size())) {
            String[] words = line.trim().split("[ =]+");
            if (words.length == 0 || words[0].isEmpty()) {
                continue;
            }
            switch (words[0].toUpperCase(Locale.ROOT)) {
                case "PIPELINING" -> pipelining = true;
                case "SIZE" -> {
                    sizeOffered = true;
                    if (words.length > 1) {
                        try {
                            long limit = Long.parseLong(words[1]);
                            size = limit > 0 ? OptionalLong.of(limit) : OptionalLong.empty();
                        } catch (NumberFormatException e) {
                            size = OptionalLong.empty();
                        }
                    }
                }
                case "8BITMIME" -> eightBit = true;
                case "SMTPUTF8" -> utf8 = true;
                case "DSN" -> dsn = true;
                case "STARTTLS" -> startTls = true;
                case "AUTH" -> {
                    for (int i = 1; i < words.length; i++) {
                        auth.add(words[i].toUpperCase(Locale.ROOT));
                    }
                }
                default -> {
                }
            }
        }
        return new Extensions(true, pipelining, sizeOffered, size, eightBit, utf8, dsn, startTls, auth);
    }
}

package org.postroom.protocol.pop3;

import java.util.List;
import java.util.Optional;

/** Parsing of POP3 command arguments (RFC 1939 section 3): separated by single spaces, numbers in decimal. */
final class Arguments {

    private static final int MAX_DIGITS = 9;

    private Arguments() {
    }

    /** The arguments, or empty when the text has empty parts (double, leading or trailing spaces). */
    static Optional<List<String>> split(String argument) {
        if (argument.isEmpty()) {
            return Optional.of(List.of());
        }
        List<String> parts = List.of(argument.split(" ", -1));
        return parts.contains("") ? Optional.empty() : Optional.of(parts);
    }

    /** A non-negative decimal number of at most nine digits. */
    static Optional<Long> number(String text) {
        if (text.isEmpty() || text.length() > MAX_DIGITS || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(text));
    }

    /** Exactly {@code count} numbers, or empty. */
    static Optional<long[]> numbers(String argument, int count) {
        Optional<List<String>> parts = split(argument);
        if (parts.isEmpty() || parts.get().size() != count) {
            return Optional.empty();
        }
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            Optional<Long> value = number(parts.get().get(i));
            if (value.isEmpty()) {
                return Optional.empty();
            }
            values[i] = value.get();
        }
        return Optional.of(values);
    }
}

package org.postroom.outbound;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An MTA-STS policy (RFC 8461 section 3.2) as served at {@code https://mta-sts.<domain>/.well-known/mta-sts.txt}:
 * {@code version: STSv1}, {@code mode} (enforce, testing or none), one or more {@code mx} patterns
 * ({@code mail.example.com} or {@code *.example.com}, the wildcard standing for exactly one label) and
 * {@code max_age} in seconds (at most 31557600). Lines end in LF or CRLF; unknown keys are ignored.
 */
public record MtaStsPolicy(Mode mode, List<String> mx, Duration maxAge) {

    /** The longest max_age RFC 8461 allows: one year. */
    static final long MAX_AGE_LIMIT = 31_557_600;

    public enum Mode {
        ENFORCE, TESTING, NONE
    }

    public MtaStsPolicy {
        Objects.requireNonNull(mode, "mode");
        mx = List.copyOf(mx);
        Objects.requireNonNull(maxAge, "maxAge");
    }

    /**
     * Parses a policy.
     *
     * @throws IllegalArgumentException naming what is wrong: no or another version, a missing or unknown mode, no mx
     *         (unless mode none), a missing or malformed max_age, a malformed line
     */
    public static MtaStsPolicy parse(String text) {
        String version = null;
        Mode mode = null;
        Long maxAge = null;
        List<String> mx = new ArrayList<>();
        for (String raw : text.split("\n", -1)) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("MTA-STS policy: not a key: value line: " + line);
            }
            String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "version" -> version = value;
                case "mode" -> mode = switch (value.toLowerCase(Locale.ROOT)) {
                    case "enforce" -> Mode.ENFORCE;
                    case "testing" -> Mode.TESTING;
                    case "none" -> Mode.NONE;
                    default -> throw new IllegalArgumentException("MTA-STS policy: unknown mode " + value);
                };
                case "mx" -> {
                    String pattern = value.toLowerCase(Locale.ROOT);
                    if (pattern.endsWith(".")) {
                        pattern = pattern.substring(0, pattern.length() - 1);
                    }
                    if (!pattern.matches("(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")) {
                        throw new IllegalArgumentException("MTA-STS policy: not an mx pattern: " + value);
                    }
                    mx.add(pattern);
                }
                case "max_age" -> {
                    if (!value.matches("[0-9]{1,10}") || Long.parseLong(value) > MAX_AGE_LIMIT) {
                        throw new IllegalArgumentException("MTA-STS policy: bad max_age " + value);
                    }
                    maxAge = Long.parseLong(value);
                }
                default -> {
                    // an extension: ignored (section 3.2)
                }
            }
        }
        if (!"STSv1".equals(version)) {
            throw new IllegalArgumentException("MTA-STS policy: version is not STSv1: " + version);
        }
        if (mode == null) {
            throw new IllegalArgumentException("MTA-STS policy: no mode");
        }
        if (maxAge == null) {
            throw new IllegalArgumentException("MTA-STS policy: no max_age");
        }
        if (mx.isEmpty() && mode != Mode.NONE) {
            throw new IllegalArgumentException("MTA-STS policy: no mx");
        }
        return new MtaStsPolicy(mode, mx, Duration.ofSeconds(maxAge));
    }

    /** Whether the MX host name {@code host} matches one of the policy's patterns (section 4.1). */
    public boolean matches(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        for (String pattern : mx) {
            if (pattern.startsWith("*.")) {
                int dot = h.indexOf('.');
                if (dot > 0 && h.substring(dot + 1).equals(pattern.substring(2))) {
                    return true;
                }
            } else if (h.equals(pattern)) {
                return true;
            }
        }
        return false;
    }
}

package org.postroom.store;

/**
 * The header values of a content's stored envelope ({@code PR_ENVELOPE}: the first occurrence of each field, unfolded
 * and trimmed, not decoded, cut at {@link #WHOLE} characters); a field is {@code null} when the header has none.
 */
public record StoredHeaderFields(String from, String to, String cc, String bcc, String subject) {

    /** Values at least this long may have been cut when stored. */
    public static final int WHOLE = MessageHeaderFields.TEXT - 3;

    /** The stored value of one of {@code from, to, cc, bcc, subject} (any case). */
    public String field(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "from" -> from;
            case "to" -> to;
            case "cc" -> cc;
            case "bcc" -> bcc;
            case "subject" -> subject;
            default -> throw new IllegalArgumentException("not an envelope header: " + name);
        };
    }
}

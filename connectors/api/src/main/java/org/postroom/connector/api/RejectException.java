package org.postroom.connector.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Thrown by a listener to refuse one step of a protocol exchange; carries the SMTP reply the client receives.
 *
 * <p>
 * {@code code} is a 4xx (temporary: the client retries later) or 5xx (permanent) reply code; {@code enhancedCode}
 * is an RFC 3463 status code {@code class.subject.detail} whose class is the first digit of {@code code}, for
 * example {@code new RejectException(550, "5.1.1", "Mailbox unavailable")}. The text is one line; the engine
 * replaces any control character in it before sending.
 */
public class RejectException extends Exception {

    private static final long serialVersionUID = 1L;
    private static final Pattern ENHANCED = Pattern.compile("[45]\\.[0-9]{1,3}\\.[0-9]{1,3}");

    private final int code;
    private final String enhancedCode;
    private final String text;

    public RejectException(int code, String enhancedCode, String text) {
        super(code + " " + enhancedCode + " " + text);
        if (code < 400 || code > 599) {
            throw new IllegalArgumentException("a rejection needs a 4xx or 5xx code: " + code);
        }
        Objects.requireNonNull(enhancedCode, "enhancedCode");
        Objects.requireNonNull(text, "text");
        if (!ENHANCED.matcher(enhancedCode).matches() || enhancedCode.charAt(0) != Integer.toString(code).charAt(0)) {
            throw new IllegalArgumentException("enhanced code " + enhancedCode + " does not fit reply code " + code);
        }
        this.code = code;
        this.enhancedCode = enhancedCode;
        this.text = text;
    }

    /** A permanent rejection: 550 with the given enhanced code (5.x.x). */
    public static RejectException permanent(String enhancedCode, String text) {
        return new RejectException(550, enhancedCode, text);
    }

    /** A temporary rejection: 451 with the given enhanced code (4.x.x); the client will retry. */
    public static RejectException temporary(String enhancedCode, String text) {
        return new RejectException(451, enhancedCode, text);
    }

    public int code() {
        return code;
    }

    public String enhancedCode() {
        return enhancedCode;
    }

    public String text() {
        return text;
    }

    public boolean isTemporary() {
        return code < 500;
    }
}

package org.postroom.domain;

/**
 * Helpers for echoing untrusted input in error messages.
 *
 * <p>Input is quoted with control, format (bidi overrides, zero-width), line and paragraph separator, private-use,
 * unassigned and non-ASCII space characters written as {@code \}{@code uXXXX}, and cut after
 * {@value #MAX_ECHOED_CODE_POINTS} code points, so a message can go into a log line, a reply or a JSON body without
 * carrying CR/LF or invisible text.
 */
final class UntrustedText {

    static final int MAX_ECHOED_CODE_POINTS = 128;

    private UntrustedText() {
    }

    /** Returns {@code text} between single quotes, made safe to show (see the class comment). */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_ECHOED_CODE_POINTS) + 8).append('\'');
        int count = 0;
        for (int i = 0; i < text.length();) {
            if (count == MAX_ECHOED_CODE_POINTS) {
                out.append("...");
                break;
            }
            int cp = text.codePointAt(i);
            if (isInvisible(cp)) {
                for (char c : Character.toChars(cp)) {
                    out.append(String.format("\\u%04X", (int) c));
                }
            } else {
                out.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
            count++;
        }
        return out.append('\'').toString();
    }

    private static boolean isInvisible(int cp) {
        switch (Character.getType(cp)) {
            case Character.CONTROL :
            case Character.FORMAT :
            case Character.LINE_SEPARATOR :
            case Character.PARAGRAPH_SEPARATOR :
            case Character.SURROGATE :
            case Character.PRIVATE_USE :
            case Character.UNASSIGNED :
                return true;
            case Character.SPACE_SEPARATOR :
                return cp != ' ';
            default :
                return false;
        }
    }

    /** Lower-cases ASCII letters only; every other character is left as it is (no locale involved). */
    static String asciiLowerCase(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (out == null) {
                    out = new StringBuilder(text);
                }
                out.setCharAt(i, (char) (c + ('a' - 'A')));
            }
        }
        return out == null ? text : out.toString();
    }

    /** Whether {@code text} contains a character that is white space in any Unicode sense. */
    static boolean containsWhitespace(String text) {
        return text.codePoints().anyMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp));
    }

    /** Whether {@code text} contains a C0 or C1 control character (CR, LF, NUL, DEL included). */
    static boolean containsControl(String text) {
        return text.codePoints().anyMatch(Character::isISOControl);
    }
}

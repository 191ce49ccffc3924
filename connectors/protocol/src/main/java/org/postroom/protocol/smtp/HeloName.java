package org.postroom.protocol.smtp;

/**
 * The syntax accepted for a HELO/EHLO argument (and for the configured hostname): a domain or an address literal.
 *
 * <p>
 * Deliberately a little wider than RFC 5321 (underscores appear in real client names) but closed to anything that
 * could break the {@code Received:} header this name is copied into: no space, no control character, no
 * parenthesis, semicolon or quote, at most 255 characters.
 */
final class HeloName {

    private HeloName() {
    }

    static boolean isValid(String name) {
        if (name.isEmpty() || name.length() > 255) {
            return false;
        }
        if (name.charAt(0) == '[') {
            return name.length() > 2 && name.charAt(name.length() - 1) == ']'
                    && allMatch(name.substring(1, name.length() - 1), true);
        }
        return allMatch(name, false);
    }

    private static boolean allMatch(String s, boolean literal) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '-' || c == '_' || (literal && c == ':');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}

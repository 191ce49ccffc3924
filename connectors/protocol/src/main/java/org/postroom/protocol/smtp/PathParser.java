package org.postroom.protocol.smtp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.postroom.connector.api.BodyType;
import org.postroom.connector.api.MailParameters;
import org.postroom.connector.api.MailAddress;
import org.postroom.connector.api.RecipientParameters;
import org.postroom.connector.api.ReversePath;

/**
 * Parses the arguments of MAIL and RCPT (RFC 5321 section 4.1.2, RFC 1870 SIZE, RFC 6152 BODY, RFC 4954 AUTH, RFC 3461
 * DSN: RET, ENVID, NOTIFY, ORCPT).
 * Takes the argument text and nothing else: no session, no listener.
 *
 * <p>
 * Accepted: {@code FROM:<path>} with an optional space after the colon (a common client habit), a source route
 * before the mailbox (ignored, as RFC 5321 requires), a dot-atom or quoted-string local part, a domain or address
 * literal. Refused: anything non-ASCII (SMTPUTF8 is not offered), control characters, a missing angle bracket.
 */
final class PathParser {

    static final int MAX_LOCAL_PART = 64;
    static final int MAX_DOMAIN = 255;
    static final int MAX_PATH = 256;

    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

    record MailArguments(ReversePath reversePath, MailParameters parameters) {
    }

    record RcptArguments(MailAddress forwardPath, RecipientParameters parameters) {
    }

    /** The longest ENVID= (RFC 3461 section 4.4: 100 characters) and ORCPT= address (section 4.2: 500) decoded. */
    static final int MAX_ENVID = 100;
    static final int MAX_ORCPT = 500;

    private PathParser() {
    }

    static MailArguments parseMail(String argument) throws SmtpSyntaxException {
        String rest = afterKeyword(argument, "FROM:", SmtpReplies.SYNTAX_ERROR.withText("Syntax: MAIL FROM:<address>"));
        int end = pathEnd(rest, SmtpReplies.BAD_SENDER_SYNTAX);
        String path = rest.substring(1, end);
        ReversePath reversePath = path.isEmpty()
                ? ReversePath.NULL
                : ReversePath.of(mailbox(path, SmtpReplies.BAD_SENDER_SYNTAX));
        return new MailArguments(reversePath, mailParameters(rest.substring(end + 1)));
    }

    static MailAddress parseRcpt(String argument) throws SmtpSyntaxException {
        return parseRcptArguments(argument).forwardPath();
    }

    /** RCPT's path and its DSN parameters (RFC 3461 NOTIFY, ORCPT); any other parameter is 555. */
    static RcptArguments parseRcptArguments(String argument) throws SmtpSyntaxException {
        String rest = afterKeyword(argument, "TO:", SmtpReplies.SYNTAX_ERROR.withText("Syntax: RCPT TO:<address>"));
        int end = pathEnd(rest, SmtpReplies.BAD_RECIPIENT_SYNTAX);
        String path = rest.substring(1, end);
        RecipientParameters parameters = recipientParameters(rest.substring(end + 1));
        if (path.equalsIgnoreCase("postmaster")) {
            return new RcptArguments(new MailAddress(path, ""), parameters);
        }
        return new RcptArguments(mailbox(path, SmtpReplies.BAD_RECIPIENT_SYNTAX), parameters);
    }

    private static RecipientParameters recipientParameters(String text) throws SmtpSyntaxException {
        Optional<String> notify = Optional.empty();
        Optional<String> orcpt = Optional.empty();
        Set<String> seen = new HashSet<>();
        for (Parameter parameter : parameters(text)) {
            String value = parameter.value();
            switch (parameter.once(seen)) {
                case "NOTIFY" -> notify = Optional.of(notify(value));
                case "ORCPT" -> orcpt = Optional.of(originalRecipient(value));
                default -> throw new SmtpSyntaxException(SmtpReplies.UNSUPPORTED_PARAMETER);
            }
        }
        return notify.isEmpty() && orcpt.isEmpty()
                ? RecipientParameters.NONE
                : new RecipientParameters(notify, orcpt);
    }

    /** NOTIFY=NEVER, or a list of SUCCESS, FAILURE, DELAY without repeats (RFC 3461 section 4.1). */
    private static String notify(String value) throws SmtpSyntaxException {
        SmtpReply bad = SmtpReplies.SYNTAX_ERROR.withText("Bad NOTIFY parameter");
        String v = value.toUpperCase(Locale.ROOT);
        if (v.equals("NEVER")) {
            return v;
        }
        Set<String> conditions = new HashSet<>();
        for (String condition : v.split(",", -1)) {
            if (!(condition.equals("SUCCESS") || condition.equals("FAILURE") || condition.equals("DELAY"))
                    || !conditions.add(condition)) {
                throw new SmtpSyntaxException(bad);
            }
        }
        return v;
    }

    /** ORCPT=addr-type;xtext (RFC 3461 section 4.2), returned as {@code addr-type;decoded}. */
    private static String originalRecipient(String value) throws SmtpSyntaxException {
        SmtpReply bad = SmtpReplies.SYNTAX_ERROR.withText("Bad ORCPT parameter");
        int semicolon = value.indexOf(';');
        if (semicolon <= 0 || semicolon == value.length() - 1
                || !value.substring(0, semicolon).chars().allMatch(c -> isAlnum(c) || c == '-')) {
            throw new SmtpSyntaxException(bad);
        }
        String address = xtext(value.substring(semicolon + 1), bad);
        if (address.length() > MAX_ORCPT) {
            throw new SmtpSyntaxException(bad);
        }
        return value.substring(0, semicolon) + ";" + address;
    }

    /**
     * Decodes xtext (RFC 3461 section 4): printable ASCII but {@code +} and {@code =}, with {@code +XX} (two upper
     * case hex digits) for any octet; a decoded control character is refused (it would reach reports and headers).
     */
    static String xtext(String text, SmtpReply bad) throws SmtpSyntaxException {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '+') {
                if (i + 2 >= text.length()) {
                    throw new SmtpSyntaxException(bad);
                }
                int hi = hex(text.charAt(i + 1));
                int lo = hex(text.charAt(i + 2));
                int octet = hi * 16 + lo;
                if (hi < 0 || lo < 0 || octet < 0x20 || octet > 0x7e) {
                    throw new SmtpSyntaxException(bad);
                }
                out.append((char) octet);
                i += 2;
            } else if (c < 0x21 || c > 0x7e || c == '=') {
                throw new SmtpSyntaxException(bad);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    /** A VRFY argument: a mailbox with or without angle brackets. */
    static MailAddress parseVrfy(String argument) throws SmtpSyntaxException {
        String s = argument.strip();
        if (s.startsWith("<") && s.endsWith(">") && s.length() >= 2) {
            s = s.substring(1, s.length() - 1);
        }
        return mailbox(s, SmtpReplies.SYNTAX_ERROR.withText("Syntax: VRFY <address>"));
    }

    private static String afterKeyword(String argument, String keyword, SmtpReply syntax) throws SmtpSyntaxException {
        if (!argument.regionMatches(true, 0, keyword, 0, keyword.length())) {
            throw new SmtpSyntaxException(syntax);
        }
        String rest = argument.substring(keyword.length());
        if (rest.startsWith(" ")) {
            rest = rest.substring(1);
        }
        if (!rest.startsWith("<")) {
            throw new SmtpSyntaxException(syntax);
        }
        return rest;
    }

    /** Index of the {@code >} closing the path that starts at index 0, skipping quoted strings. */
    private static int pathEnd(String s, SmtpReply bad) throws SmtpSyntaxException {
        boolean quoted = false;
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new SmtpSyntaxException(bad);
            }
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '>') {
                if (i - 1 > MAX_PATH) {
                    throw new SmtpSyntaxException(bad);
                }
                return i;
            }
        }
        throw new SmtpSyntaxException(bad);
    }

    static MailAddress mailbox(String path, SmtpReply bad) throws SmtpSyntaxException {
        String s = path;
        if (s.startsWith("@")) { // source route @a,@b:user@domain: RFC 5321 says accept and ignore
            int colon = s.indexOf(':');
            if (colon < 0) {
                throw new SmtpSyntaxException(bad);
            }
            for (String hop : s.substring(0, colon).split(",", -1)) {
                if (!hop.startsWith("@") || !isDomain(hop.substring(1))) {
                    throw new SmtpSyntaxException(bad);
                }
            }
            s = s.substring(colon + 1);
        }
        int at = s.lastIndexOf('@');
        if (at <= 0 || at == s.length() - 1) {
            throw new SmtpSyntaxException(bad);
        }
        String local = s.substring(0, at);
        String domain = s.substring(at + 1);
        if (local.length() > MAX_LOCAL_PART || !(isDotAtom(local) || isQuotedString(local))
                || !(isDomain(domain) || isAddressLiteral(domain))) {
            throw new SmtpSyntaxException(bad);
        }
        return new MailAddress(local, domain);
    }

    private static MailParameters mailParameters(String text) throws SmtpSyntaxException {
        OptionalLong size = OptionalLong.empty();
        Optional<BodyType> body = Optional.empty();
        Optional<String> ret = Optional.empty();
        Optional<String> envelopeId = Optional.empty();
        Set<String> seen = new HashSet<>();
        for (Parameter parameter : parameters(text)) {
            String value = parameter.value();
            switch (parameter.once(seen)) {
                case "SIZE" -> size = OptionalLong.of(size(value));
                case "BODY" -> body = Optional.of(body(value));
                case "AUTH" -> requireXtext(value); // RFC 4954: accepted, not trusted, not passed on
                case "RET" -> ret = Optional.of(ret(value));
                case "ENVID" -> envelopeId = Optional.of(envelopeId(value));
                default -> throw new SmtpSyntaxException(SmtpReplies.UNSUPPORTED_PARAMETER);
            }
        }
        return new MailParameters(size, body, ret, envelopeId);
    }

    /** An esmtp-param: its keyword in upper case, and its value (empty without {@code =}). */
    private record Parameter(String key, String value) {

        /** The keyword, which must not have come before in {@code seen} (the command's keywords so far). */
        String once(Set<String> seen) throws SmtpSyntaxException {
            if (!seen.add(key)) {
                throw new SmtpSyntaxException(SmtpReplies.SYNTAX_ERROR.withText("Duplicate parameter " + key));
            }
            return key;
        }
    }

    /** The esmtp-params after the path: {@code SP keyword[=value]}, one or more spaces apart. */
    private static List<Parameter> parameters(String text) throws SmtpSyntaxException {
        if (text.isEmpty()) {
            return List.of();
        }
        if (text.charAt(0) != ' ') {
            throw new SmtpSyntaxException(SmtpReplies.SYNTAX_ERROR);
        }
        List<Parameter> result = new ArrayList<>();
        for (String parameter : text.strip().split(" +")) {
            if (parameter.isEmpty()) {
                continue;
            }
            int eq = parameter.indexOf('=');
            String key = eq < 0 ? parameter : parameter.substring(0, eq);
            if (key.isEmpty() || !key.chars().allMatch(c -> isAlnum(c) || c == '-') || !isAlnum(key.charAt(0))
                    || (eq >= 0
                            && !parameter.substring(eq + 1).chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '='))) {
                throw new SmtpSyntaxException(SmtpReplies.SYNTAX_ERROR);
            }
            result.add(new Parameter(key.toUpperCase(Locale.ROOT), eq < 0 ? "" : parameter.substring(eq + 1)));
        }
        return result;
    }

    private static long size(String value) throws SmtpSyntaxException {
        if (value.isEmpty() || value.length() > 20 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new SmtpSyntaxException(SmtpReplies.SYNTAX_ERROR.withText("Bad SIZE parameter"));
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException tooLarge) {
            return Long.MAX_VALUE;
        }
    }

    private static BodyType body(String value) throws SmtpSyntaxException {
        return switch (value.toUpperCase(Locale.ROOT)) {
            case "7BIT" -> BodyType.SEVEN_BIT;
            case "8BITMIME" -> BodyType.EIGHT_BIT_MIME;
            default -> throw new SmtpSyntaxException(SmtpReplies.SYNTAX_ERROR.withText("Bad BODY parameter"));
        };
    }

    /** RET=FULL or RET=HDRS (RFC 3461 section 4.3). */
    private static String ret(String value) throws SmtpSyntaxException {
        String v = value.toUpperCase(Locale.ROOT);
        if (!v.equals("FULL") && !v.equals("HDRS")) {
            throw new SmtpSyntaxException(SmtpReplies.SYNTAX_ERROR.withText("Bad RET parameter"));
        }
        return v;
    }

    /** ENVID=xtext, at most 100 characters decoded (RFC 3461 section 4.4). */
    private static String envelopeId(String value) throws SmtpSyntaxException {
        SmtpReply bad = SmtpReplies.SYNTAX_ERROR.withText("Bad ENVID parameter");
        String id = xtext(value, bad);
        if (id.isEmpty() || id.length() > MAX_ENVID) {
            throw new SmtpSyntaxException(bad);
        }
        return id;
    }

    private static void requireXtext(String value) throws SmtpSyntaxException {
        if (value.isEmpty()) {
            throw new SmtpSyntaxException(SmtpReplies.SYNTAX_ERROR.withText("Bad AUTH parameter"));
        }
    }

    static boolean isDotAtom(String s) {
        if (s.isEmpty() || s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
            return false;
        }
        return s.chars().allMatch(c -> isAlnum(c) || c == '.' || ATEXT_SPECIALS.indexOf(c) >= 0);
    }

    static boolean isQuotedString(String s) {
        if (s.length() < 2 || s.charAt(0) != '"' || s.charAt(s.length() - 1) != '"') {
            return false;
        }
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
                if (i >= s.length() - 1 || s.charAt(i) < 0x20 || s.charAt(i) > 0x7e) {
                    return false;
                }
            } else if (c == '"' || c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    static boolean isDomain(String s) {
        if (s.isEmpty() || s.length() > MAX_DOMAIN) {
            return false;
        }
        for (String label : s.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")
                    || !label.chars().allMatch(c -> isAlnum(c) || c == '-')) {
                return false;
            }
        }
        return true;
    }

    static boolean isAddressLiteral(String s) {
        if (s.length() < 3 || s.charAt(0) != '[' || s.charAt(s.length() - 1) != ']') {
            return false;
        }
        String inner = s.substring(1, s.length() - 1);
        if (inner.regionMatches(true, 0, "IPv6:", 0, 5)) {
            String v6 = inner.substring(5);
            return !v6.isEmpty() && v6.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
        }
        String[] parts = inner.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlnum(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}

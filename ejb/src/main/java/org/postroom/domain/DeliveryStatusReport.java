package org.postroom.domain;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Composes a delivery status notification (RFC 3464 {@code multipart/report; report-type=delivery-status}, RFC 3461):
 * a human-readable part, the {@code message/delivery-status} part with one block per recipient, and the message
 * returned in full ({@code message/rfc822}) or only its header ({@code text/rfc822-headers}). Pure: bytes in, bytes
 * out. The report goes from {@code MAILER-DAEMON@<hostname>}; its envelope sender is the null reverse path, which
 * the caller sets.
 */
public final class DeliveryStatusReport {

    /** What the report is about (RFC 3464 section 2.3.3 {@code Action}). */
    public enum Action {
        FAILED("failed"), DELAYED("delayed"), DELIVERED("delivered"), RELAYED("relayed"), EXPANDED("expanded");

        private final String field;

        Action(String field) {
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /**
     * One recipient's block.
     *
     * @param finalRecipient the address the action is about
     * @param originalRecipient RCPT's ORCPT= (as {@code type;address}) or the envelope recipient it came from
     * @param action what happened
     * @param reply the last reply (e.g. {@code 550 5.1.1 no such user}); its enhanced code becomes the Status
     * @param remoteMta the host that replied, {@code name[address]:port} or a name; empty for a local outcome
     * @param lastAttempt when it was last tried
     * @param willRetryUntil for {@link Action#DELAYED}: when the server gives up
     */
    public record Recipient(String finalRecipient, Optional<String> originalRecipient, Action action, String reply,
            Optional<String> remoteMta, Instant lastAttempt, Optional<Instant> willRetryUntil) {

        public Recipient {
            Objects.requireNonNull(finalRecipient, "finalRecipient");
            Objects.requireNonNull(originalRecipient, "originalRecipient");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(reply, "reply");
            Objects.requireNonNull(remoteMta, "remoteMta");
            Objects.requireNonNull(lastAttempt, "lastAttempt");
            Objects.requireNonNull(willRetryUntil, "willRetryUntil");
        }
    }

    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final Pattern ENHANCED = Pattern.compile("^([245])\\d\\d[ -]([245]\\.\\d{1,3}\\.\\d{1,3})\\b");
    private static final Pattern BARE_ENHANCED = Pattern.compile("^([245]\\.\\d{1,3}\\.\\d{1,3})\\b");
    private static final Pattern BASIC = Pattern.compile("^([245])\\d\\d\\b");
    /** Header-only returns stop at the blank line; a header block longer than this is cut. */
    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private DeliveryStatusReport() {
    }

    /**
     * The report as bytes (CRLF line ends).
     *
     * @param hostname this server's name (Reporting-MTA, the From address's domain, the Message-ID's)
     * @param reportId a unique token for the report's Message-ID and MIME boundary (e.g. a queue id)
     * @param sender the original envelope sender, to whom the report goes
     * @param envelopeId MAIL's ENVID=, when there was one
     * @param arrival when the original message was accepted
     * @param recipients at least one, all of one kind of report (failed, delayed, or delivered/relayed)
     * @param original the original message
     * @param fullMessage return the whole message (RET=FULL) or only its header (RET=HDRS)
     * @param now the report's Date
     */
    public static byte[] compose(String hostname, String reportId, String sender, Optional<String> envelopeId,
            Instant arrival, List<Recipient> recipients, byte[] original, boolean fullMessage, Instant now) {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a report needs a recipient");
        }
        Action kind = recipients.get(0).action();
        String boundary = reportId + "/" + hostname;
        StringBuilder head = new StringBuilder();
        head.append("From: Mail Delivery System <MAILER-DAEMON@").append(hostname).append(">\r\n");
        head.append("To: <").append(clean(sender)).append(">\r\n");
        head.append("Subject: ").append(subject(kind)).append("\r\n");
        head.append("Date: ").append(DATE.format(now)).append("\r\n");
        head.append("Message-ID: <").append(reportId).append(".dsn@").append(hostname).append(">\r\n");
        head.append("Auto-Submitted: auto-replied\r\n");
        head.append("MIME-Version: 1.0\r\n");
        head.append("Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"")
                .append(boundary).append("\"\r\n");
        head.append("\r\nThis is a MIME-encapsulated message.\r\n\r\n");
        head.append("--").append(boundary).append("\r\n");
        head.append("Content-Type: text/plain; charset=us-ascii\r\nContent-Description: Notification\r\n\r\n");
        head.append(humanText(hostname, kind, recipients));
        head.append("\r\n--").append(boundary).append("\r\n");
        head.append("Content-Type: message/delivery-status\r\nContent-Description: Delivery report\r\n\r\n");
        head.append("Reporting-MTA: dns; ").append(hostname).append("\r\n");
        envelopeId.ifPresent(id -> head.append("Original-Envelope-Id: ").append(clean(id)).append("\r\n"));
        head.append("Arrival-Date: ").append(DATE.format(arrival)).append("\r\n");
        for (Recipient r : recipients) {
            head.append("\r\n");
            head.append("Final-Recipient: rfc822; ").append(clean(r.finalRecipient())).append("\r\n");
            r.originalRecipient().ifPresent(o -> head.append("Original-Recipient: ").append(typed(o)).append("\r\n"));
            head.append("Action: ").append(r.action().field()).append("\r\n");
            head.append("Status: ").append(status(r.reply(), r.action())).append("\r\n");
            r.remoteMta().ifPresent(m -> head.append("Remote-MTA: dns; ").append(hostName(m)).append("\r\n"));
            if (BASIC.matcher(r.reply()).find()) {
                head.append("Diagnostic-Code: smtp; ").append(clean(r.reply())).append("\r\n");
            } else if (!r.reply().isBlank()) {
                head.append("Diagnostic-Code: X-Postroom; ").append(clean(r.reply())).append("\r\n");
            }
            head.append("Last-Attempt-Date: ").append(DATE.format(r.lastAttempt())).append("\r\n");
            r.willRetryUntil().ifPresent(t -> head.append("Will-Retry-Until: ").append(DATE.format(t)).append("\r\n"));
        }
        head.append("\r\n--").append(boundary).append("\r\n");
        byte[] returned = fullMessage ? original : header(original);
        head.append("Content-Type: ").append(fullMessage ? "message/rfc822" : "text/rfc822-headers").append("\r\n");
        head.append("Content-Description: ").append(fullMessage ? "Original message" : "Original message header")
                .append("\r\n");
        if (eightBit(returned)) {
            head.append("Content-Transfer-Encoding: 8bit\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + returned.length + 256);
        out.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(returned);
        if (returned.length > 0 && returned[returned.length - 1] != '\n') {
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /**
     * The RFC 3463 status of a reply: its enhanced code when it has one, else the class of its basic code with
     * {@code .0.0}; for a reply without a code, {@code 5.0.0} for a failure, {@code 4.0.0} for a delay, {@code 2.0.0}
     * otherwise.
     */
    public static String status(String reply, Action action) {
        Matcher m = ENHANCED.matcher(reply);
        if (m.find()) {
            return m.group(2);
        }
        m = BARE_ENHANCED.matcher(reply);
        if (m.find()) {
            return m.group(1);
        }
        m = BASIC.matcher(reply);
        if (m.find()) {
            return m.group(1) + ".0.0";
        }
        return switch (action) {
            case FAILED -> "5.0.0";
            case DELAYED -> "4.0.0";
            default -> "2.0.0";
        };
    }

    private static String subject(Action kind) {
        return switch (kind) {
            case FAILED -> "Undelivered Mail Returned to Sender";
            case DELAYED -> "Delayed Mail (still being retried)";
            default -> "Successful Mail Delivery Report";
        };
    }

    private static String humanText(String hostname, Action kind, List<Recipient> recipients) {
        StringBuilder text = new StringBuilder();
        text.append("This is the mail system at host ").append(hostname).append(".\r\n\r\n");
        text.append(switch (kind) {
            case FAILED -> "I'm sorry to have to inform you that your message could not\r\n"
                    + "be delivered to one or more recipients. It's attached below.\r\n";
            case DELAYED -> "Your message could not be delivered yet to one or more recipients.\r\n"
                    + "It will be tried again until the time given below; you need not send it again.\r\n";
            default -> "Your message was successfully delivered to the destination(s)\r\n"
                    + "listed below, as you asked.\r\n";
        });
        text.append("\r\n");
        for (Recipient r : recipients) {
            text.append("<").append(clean(r.finalRecipient())).append(">: ").append(clean(r.reply())).append("\r\n");
        }
        return text.toString();
    }

    /** {@code rfc822;addr} written as {@code rfc822; addr}; a bare address gets the type. */
    private static String typed(String original) {
        String o = clean(original);
        int semicolon = o.indexOf(';');
        return semicolon < 0
                ? "rfc822; " + o
                : o.substring(0, semicolon).trim() + "; " + o.substring(semicolon + 1).trim();
    }

    private static String hostName(String remote) {
        int bracket = remote.indexOf('[');
        return clean(bracket > 0 ? remote.substring(0, bracket) : remote);
    }

    /** Text for a header or report field: one line, printable ASCII (RFC 3464 fields are ASCII). */
    static String clean(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            b.append(c == '\r' || c == '\n' || c == '\t' ? ' ' : c < 0x20 || c > 0x7e ? '?' : c);
        }
        return b.toString().strip();
    }

    /** The header of a message: everything up to and including the blank line (all of it when there is none). */
    static byte[] header(byte[] message) {
        int limit = Math.min(message.length, MAX_HEADER_BYTES);
        for (int i = 0; i + 1 < limit; i++) {
            if (message[i] == '\n' && (message[i + 1] == '\n'
                    || (message[i + 1] == '\r' && i + 2 < message.length && message[i + 2] == '\n'))) {
                return java.util.Arrays.copyOf(message, i + 1);
            }
        }
        return java.util.Arrays.copyOf(message, limit);
    }

    private static boolean eightBit(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether NOTIFY= (as received; absent means the default) asks for a report of this kind (RFC 3461 4.1). */
    public static boolean notifyWants(Optional<String> notify, Action kind) {
        if (notify.isEmpty()) {
            return kind == Action.FAILED || kind == Action.DELAYED; // the usual default: failures and delays
        }
        String n = notify.get().toUpperCase(Locale.ROOT);
        if (n.contains("NEVER")) {
            return false;
        }
        return switch (kind) {
            case FAILED -> n.contains("FAILURE");
            case DELAYED -> n.contains("DELAY");
            default -> n.contains("SUCCESS");
        };
    }
}

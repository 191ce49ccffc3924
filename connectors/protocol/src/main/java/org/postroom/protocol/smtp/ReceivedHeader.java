package org.postroom.protocol.smtp;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.postroom.connector.api.MailAddress;
import org.postroom.connector.api.MailProtocol;

/**
 * The trace header the engine prepends to every message (RFC 5321 section 4.4), for example:
 *
 * <pre>
 * Received: from client.example ([192.0.2.7])
 *         by mx.example.org (Postroom) with ESMTPS id 4FQX2M7TZK9A
 *         for &lt;bob@example.org&gt;;
 *         Tue, 3 Nov 2026 10:15:30 +0000
 * </pre>
 *
 * The HELO name is syntax-checked when the client gives it; this class filters every value again (anything outside
 * a safe set becomes {@code _}) so that no argument can add a line or a header, whatever reaches it.
 */
final class ReceivedHeader {

    static final DateTimeFormatter RFC_5322_DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z",
            Locale.ENGLISH);

    private ReceivedHeader() {
    }

    static byte[] format(String heloName, InetSocketAddress client, String hostname, MailProtocol protocol,
            String id, List<MailAddress> recipients, ZonedDateTime date) {
        StringBuilder h = new StringBuilder(256);
        h.append("Received: from ").append(safeName(heloName)).append(" (").append(addressLiteral(client))
                .append(")\r\n");
        h.append("\tby ").append(safeName(hostname)).append(" (Postroom) with ").append(protocol.name());
        h.append(" id ").append(safeName(id));
        if (recipients.size() == 1) {
            h.append("\r\n\tfor <").append(safeAddress(recipients.get(0).address())).append('>');
        }
        h.append(";\r\n\t").append(RFC_5322_DATE.format(date)).append("\r\n");
        return h.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code [192.0.2.7]} or {@code [IPv6:2001:db8::1]} (RFC 5321 address literal). */
    static String addressLiteral(InetSocketAddress client) {
        InetAddress address = client.getAddress();
        if (address == null) {
            return "unresolved";
        }
        String text = address.getHostAddress();
        int scope = text.indexOf('%');
        if (scope >= 0) {
            text = text.substring(0, scope);
        }
        return address instanceof Inet6Address ? "[IPv6:" + text + "]" : "[" + text + "]";
    }

    /** Letters, digits and {@code . - _ : [ ]}; anything else becomes {@code _}. */
    static String safeName(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length() && i < 255; i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '-' || c == '_' || c == ':' || c == '[' || c == ']';
            b.append(ok ? c : '_');
        }
        return b.isEmpty() ? "unknown" : b.toString();
    }

    /** Printable ASCII without {@code < > ;} and controls (the parser already refused controls and 8-bit). */
    static String safeAddress(String address) {
        StringBuilder b = new StringBuilder(address.length());
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            b.append(c <= 0x20 || c > 0x7e || c == '<' || c == '>' || c == ';' ? '_' : c);
        }
        return b.toString();
    }
}

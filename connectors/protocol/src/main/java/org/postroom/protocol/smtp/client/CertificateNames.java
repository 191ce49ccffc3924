package org.postroom.protocol.smtp.client;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a server certificate's DNS names match the names a TLS policy allows (RFC 8461 section 4.1, RFC 6125): a
 * {@code *.example.com} on either side matches exactly one more label ({@code mx.example.com}, not
 * {@code a.mx.example.com} nor {@code example.com}). The subject's CN counts only when the certificate has no DNS
 * subject alternative name. Case-insensitive; a trailing dot is ignored.
 */
public final class CertificateNames {

    private static final Pattern CN = Pattern.compile("(?:^|,)\\s*CN=([^,]+)");

    private CertificateNames() {
    }

    /** The certificate's DNS names (subject alternative names, or the CN when there are none). */
    public static List<String> of(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> entry : alternatives) {
                    if (entry.size() >= 2 && Integer.valueOf(2).equals(entry.get(0))) {
                        names.add(String.valueOf(entry.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        if (names.isEmpty()) {
            Matcher m = CN.matcher(certificate.getSubjectX500Principal().getName());
            if (m.find()) {
                names.add(m.group(1).trim());
            }
        }
        return names;
    }

    /** Whether one of {@code certificateNames} matches one of {@code allowed}. */
    public static boolean anyMatches(List<String> allowed, List<String> certificateNames) {
        for (String a : allowed) {
            for (String c : certificateNames) {
                if (matches(a, c)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** One allowed name (or pattern) against one certificate name (or wildcard). */
    public static boolean matches(String allowed, String certificateName) {
        String a = normalize(allowed);
        String c = normalize(certificateName);
        if (a.isEmpty() || c.isEmpty()) {
            return false;
        }
        if (a.equals(c)) {
            return true;
        }
        if (a.startsWith("*.") && !c.startsWith("*")) {
            return oneLabelMore(c, a.substring(1));
        }
        if (c.startsWith("*.") && !a.startsWith("*")) {
            return oneLabelMore(a, c.substring(1));
        }
        return false;
    }

    /** {@code name} is one label followed by {@code suffix} (which starts with a dot). */
    private static boolean oneLabelMore(String name, String suffix) {
        if (!name.endsWith(suffix) || suffix.length() < 2) {
            return false;
        }
        String label = name.substring(0, name.length() - suffix.length());
        return !label.isEmpty() && label.indexOf('.') < 0 && label.indexOf('*') < 0;
    }

    private static String normalize(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}

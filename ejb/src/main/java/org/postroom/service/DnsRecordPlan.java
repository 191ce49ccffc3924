package org.postroom.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.postroom.service.Views.DnsRecordView;

/**
 * The DNS records a hosted domain needs, from what this server knows (ADR 0061): MX to this server's host name; SPF
 * allowing the MX (and the smart host, when mail leaves through one); the DKIM key records; DMARC; and, when
 * {@code postroom.mta.sts.mode} is set, MTA-STS (RFC 8461) and TLS-RPT (RFC 8460). Pure: no lookups.
 */
final class DnsRecordPlan {

    /** The most octets in one TXT character-string (RFC 1035 section 3.3). */
    static final int TXT_STRING = 255;
    /** The max_age of the MTA-STS policy this plan describes: one week, as RFC 8461 section 3.2 suggests. */
    static final long MTA_STS_MAX_AGE = 604800;

    /** A DKIM key to publish: its selector, TXT value, and when it was retired (empty for the active one). */
    record Key(String selector, String txt, Optional<Instant> retiredAt) {
    }

    private DnsRecordPlan() {
    }

    /**
     * @param domain the hosted domain, normalised
     * @param hostname this server's host name ({@code postroom.hostname}): the MX target
     * @param relayHost the smart host's name or address, when mail leaves through one
     * @param keys the active key first, then retired keys still worth publishing
     * @param mtaStsMode none, testing or enforce
     */
    static List<DnsRecordView> records(String domain, String hostname, Optional<String> relayHost, List<Key> keys,
            String mtaStsMode) {
        List<DnsRecordView> out = new ArrayList<>();
        String host = hostname.toLowerCase(Locale.ROOT);
        out.add(record(domain, "MX", "10 " + host + ".",
                "Mail for " + domain + " comes to this server (postroom.hostname). " + host
                        + " needs A/AAAA records of its own."));
        String spf;
        String spfPurpose;
        if (relayHost.isPresent()) {
            String relay = relayHost.get();
            String mechanism = relay.indexOf(':') >= 0
                    ? "ip6:" + relay
                    : relay.chars().allMatch(c -> c == '.' || Character.isDigit(c)) ? "ip4:" + relay : "a:" + relay;
            spf = "v=spf1 mx " + mechanism + " ~all";
            spfPurpose = "SPF: mail from " + domain + " leaves through the smart host " + relay + "; if its provider"
                    + " publishes an SPF include (include:...), use that instead of " + mechanism + ".";
        } else {
            spf = "v=spf1 mx ~all";
            spfPurpose = "SPF: mail from " + domain + " leaves from this server, which is the domain's MX; ~all"
                    + " (soft fail) until every sender is known, then -all.";
        }
        out.add(record(domain, "TXT", spf, spfPurpose));
        for (Key key : keys) {
            out.add(record(key.selector() + "._domainkey." + domain, "TXT", key.txt(), key.retiredAt()
                    .map(at -> "DKIM: a retired key (since " + at + "); keep it published for a few days so that"
                            + " mail signed with it before the rotation still verifies, then remove it.")
                    .orElse("DKIM: the key mail from " + domain + " is signed with (selector " + key.selector()
                            + ").")));
        }
        if (keys.isEmpty()) {
            // nothing to publish yet; say how to get one rather than leave the admin guessing
            out.add(new DnsRecordView("_domainkey." + domain, "TXT", "", "",
                    "DKIM: " + domain + " has no key, so its mail leaves unsigned: POST /api/domains/" + domain
                            + "/dkim makes one."));
        }
        out.add(record("_dmarc." + domain, "TXT", "v=DMARC1; p=none; rua=mailto:postmaster@" + domain,
                "DMARC: start with p=none and read the reports sent to postmaster@" + domain
                        + "; move to p=quarantine, then p=reject, when they show all mail aligned."));
        String mode = mtaStsMode.trim().toLowerCase(Locale.ROOT);
        if (mode.equals("testing") || mode.equals("enforce")) {
            String policy = "version: STSv1\nmode: " + mode + "\nmx: " + host + "\nmax_age: " + MTA_STS_MAX_AGE + "\n";
            out.add(record("_mta-sts." + domain, "TXT", "v=STSv1; id=" + policyId(policy),
                    "MTA-STS (RFC 8461): the id changes whenever the policy does."));
            out.add(record("mta-sts." + domain, "CNAME", host + ".",
                    "MTA-STS: the host that serves https://mta-sts." + domain + "/.well-known/mta-sts.txt with a"
                            + " certificate valid for mta-sts." + domain + " and this content (Postroom does not"
                            + " serve it):\n" + policy));
            out.add(record("_smtp._tls." + domain, "TXT", "v=TLSRPTv1; rua=mailto:postmaster@" + domain,
                    "TLS-RPT (RFC 8460): where senders report TLS failures delivering to " + domain + "."));
        }
        return List.copyOf(out);
    }

    private static DnsRecordView record(String name, String type, String value, String purpose) {
        String data = type.equals("TXT") ? quoted(value) : value;
        return new DnsRecordView(name, type, value, name + ". 3600 IN " + type + " " + data, purpose);
    }

    /** A TXT value as zone-file character-strings of at most 255 octets each, in parentheses when several. */
    static String quoted(String value) {
        List<String> parts = new ArrayList<>();
        byte[] octets = value.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < octets.length || parts.isEmpty(); i += TXT_STRING) {
            String part = new String(octets, i, Math.min(TXT_STRING, octets.length - i), StandardCharsets.US_ASCII);
            parts.add("\"" + part.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
        return parts.size() == 1 ? parts.get(0) : "( " + String.join(" ", parts) + " )";
    }

    /** The host of a {@code postroom.relay.host} value: {@code host}, {@code host:port}, {@code [v6]:port}. */
    static String relayName(String relayHost) {
        String v = relayHost.trim();
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            return close < 0 ? v.substring(1) : v.substring(1, close);
        }
        int colon = v.indexOf(':');
        return colon >= 0 && colon == v.lastIndexOf(':') ? v.substring(0, colon) : v;
    }

    /** An MTA-STS policy id (1-32 letters and digits): from the policy's hash, so it changes with it. */
    static String policyId(String policy) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(policy.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(hash, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

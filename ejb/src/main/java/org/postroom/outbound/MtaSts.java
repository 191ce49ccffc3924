package org.postroom.outbound;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MTA-STS policy discovery for outbound mail (RFC 8461, ADR 0062): the TXT record {@code _mta-sts.<domain>}
 * ({@code v=STSv1; id=...}) says a policy exists; it is fetched over HTTPS ({@link Fetcher}) and kept for its
 * {@code max_age}, fetched again only when the record's id changes. A cached policy that has not expired is used when
 * the record is gone or cannot be looked up, and when a new fetch fails (section 5.1: an attacker who blocks the
 * record or the fetch must not downgrade a domain a sender already knows). With neither a record nor a cached policy,
 * or a record but no policy that can be fetched, the domain has no policy (mail goes as without MTA-STS).
 */
public final class MtaSts {

    /** The TXT lookup of the record. */
    public interface TxtDns {
        /** The TXT records of {@code name}, each as its character-strings joined. */
        MxResolver.Answer<List<String>> txt(String name);
    }

    /** Fetches a domain's policy text. */
    public interface Fetcher {
        /**
         * The body of {@code https://mta-sts.<domain>/.well-known/mta-sts.txt}.
         *
         * @throws IOException when it cannot be had (connection, certificate, status other than 200, not text/plain,
         *         too large)
         */
        String fetch(String domain) throws IOException;
    }

    private static final Logger LOG = Logger.getLogger(MtaSts.class.getName());
    private static final Pattern ID = Pattern.compile("(?:^|;)\\s*id\\s*=\\s*([A-Za-z0-9]{1,32})\\s*(?:;|$)");

    private record Cached(MtaStsPolicy policy, String id, Instant expires) {
    }

    private final TxtDns dns;
    private final Fetcher fetcher;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public MtaSts(TxtDns dns, Fetcher fetcher, Clock clock) {
        this.dns = Objects.requireNonNull(dns, "dns");
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The domain's policy now, if it has one (mode none included). */
    public Optional<MtaStsPolicy> policy(String domain) {
        Instant now = clock.instant();
        Cached cached = cache.get(domain);
        if (cached != null && !cached.expires().isAfter(now)) {
            cache.remove(domain, cached);
            cached = null;
        }
        Optional<String> id = recordId(domain);
        if (id.isEmpty()) {
            return cached == null ? Optional.empty() : Optional.of(cached.policy());
        }
        if (cached != null && cached.id().equals(id.get())) {
            return Optional.of(cached.policy());
        }
        try {
            MtaStsPolicy policy = MtaStsPolicy.parse(fetcher.fetch(domain));
            cache.put(domain, new Cached(policy, id.get(), now.plus(policy.maxAge())));
            LOG.fine(() -> "MTA-STS: " + domain + " policy " + id.get() + ": " + policy);
            return Optional.of(policy);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warning("MTA-STS: " + domain + " publishes a policy (id " + id.get() + ") that cannot be fetched: "
                    + e.getMessage() + (cached == null ? "; sending as without MTA-STS" : "; the cached one holds"));
            return cached == null ? Optional.empty() : Optional.of(cached.policy());
        }
    }

    /** The id of the domain's one valid {@code v=STSv1} record; empty when none, several, or no answer. */
    private Optional<String> recordId(String domain) {
        MxResolver.Answer<List<String>> answer;
        try {
            answer = dns.txt("_mta-sts." + domain);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (!(answer instanceof MxResolver.Answer.Found<List<String>> found)) {
            return Optional.empty();
        }
        List<String> sts = found.records().stream().filter(t -> t.startsWith("v=STSv1;") || t.equals("v=STSv1"))
                .toList();
        if (sts.size() != 1) {
            return Optional.empty(); // section 3.1: several records are as none
        }
        Matcher m = ID.matcher(sts.get(0));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}

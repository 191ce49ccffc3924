package org.postroom.outbound;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;

/**
 * The mail exchangers of a domain (RFC 5321 section 5.1): its MX records in preference order, equal preferences in
 * random order (spreading the load as the RFC asks); without MX records the domain itself (the implicit MX, only when
 * it has an address); a null MX (RFC 7505: one MX of preference 0 and target ".") means the domain takes no mail.
 * CNAMEs are followed by the lookups. Addresses are IPv4 first, then IPv6. Pure: the DNS is a {@link Dns}.
 */
public final class MxResolver {

    /** The answers the resolver asks for. */
    public interface Dns {

        /** The MX records of {@code name}. */
        Answer<List<Mx>> mx(String name);

        /** The IPv4 and IPv6 addresses of {@code name}, IPv4 first. */
        Answer<List<InetAddress>> addresses(String name);
    }

    /** One MX record: preference and target host name (without the trailing dot; "" for the root, a null MX). */
    public record Mx(int preference, String target) {
        public Mx {
            Objects.requireNonNull(target, "target");
        }
    }

    /** A DNS answer: records, no such name, no records of the type, or no answer for now. */
    public sealed interface Answer<T> {
        record Found<T>(T records) implements Answer<T> {
        }

        record NoSuchName<T>() implements Answer<T> {
        }

        record NoData<T>() implements Answer<T> {
        }

        record TryAgain<T>(String why) implements Answer<T> {
        }
    }

    /** A mail exchanger and its addresses. */
    public record Exchanger(String name, List<InetAddress> addresses) {
        public Exchanger {
            addresses = List.copyOf(addresses);
        }
    }

    /** What the resolution found. */
    public sealed interface Result {
        /** The exchangers in the order to try; each has at least one address. */
        record Exchangers(List<Exchanger> exchangers) implements Result {
            public Exchangers {
                exchangers = List.copyOf(exchangers);
            }
        }

        /** The domain takes no mail, or does not exist, or has no address: the message bounces. */
        record Permanent(String reply) implements Result {
        }

        /** No answer for now: the message waits. */
        record Temporary(String reply) implements Result {
        }
    }

    private final Dns dns;
    private final Random random;

    public MxResolver(Dns dns, Random random) {
        this.dns = Objects.requireNonNull(dns, "dns");
        this.random = Objects.requireNonNull(random, "random");
    }

    public Result resolve(String domain) {
        String name = domain.toLowerCase(Locale.ROOT);
        Answer<List<Mx>> mx = dns.mx(name);
        if (mx instanceof Answer.TryAgain<List<Mx>> again) {
            return new Result.Temporary("451 4.4.3 DNS lookup of the MX records of " + name + " failed for now: "
                    + again.why());
        }
        if (mx instanceof Answer.NoSuchName<List<Mx>>) {
            return new Result.Permanent("550 5.1.2 the domain " + name + " does not exist (DNS: no such name)");
        }
        if (mx instanceof Answer.Found<List<Mx>> found && !found.records().isEmpty()) {
            return exchangers(name, found.records());
        }
        // no MX records: the domain itself is the implicit MX (RFC 5321 section 5.1), when it has an address
        Answer<List<InetAddress>> own = dns.addresses(name);
        if (own instanceof Answer.TryAgain<List<InetAddress>> again) {
            return new Result.Temporary("451 4.4.3 DNS lookup of the addresses of " + name + " failed for now: "
                    + again.why());
        }
        if (own instanceof Answer.Found<List<InetAddress>> found && !found.records().isEmpty()) {
            return new Result.Exchangers(List.of(new Exchanger(name, found.records())));
        }
        return new Result.Permanent("550 5.1.2 the domain " + name + " has no MX record and no address");
    }

    private Result exchangers(String domain, List<Mx> records) {
        if (records.size() == 1 && records.get(0).target().isEmpty()) {
            return new Result.Permanent("550 5.1.10 the domain " + domain + " accepts no mail (null MX, RFC 7505)");
        }
        List<Mx> ordered = ordered(records.stream().filter(r -> !r.target().isEmpty()).toList());
        List<Exchanger> exchangers = new ArrayList<>();
        String temporary = null;
        for (Mx r : ordered) {
            Answer<List<InetAddress>> addresses = dns.addresses(r.target().toLowerCase(Locale.ROOT));
            if (addresses instanceof Answer.Found<List<InetAddress>> found && !found.records().isEmpty()) {
                exchangers.add(new Exchanger(r.target().toLowerCase(Locale.ROOT), found.records()));
            } else if (addresses instanceof Answer.TryAgain<List<InetAddress>> again && temporary == null) {
                temporary = "451 4.4.3 DNS lookup of the MX host " + r.target() + " of " + domain
                        + " failed for now: " + again.why();
            }
        }
        if (!exchangers.isEmpty()) {
            return new Result.Exchangers(exchangers);
        }
        if (temporary != null) {
            return new Result.Temporary(temporary);
        }
        return new Result.Permanent("550 5.4.4 no MX host of " + domain + " has an address");
    }

    /** By preference, equal preferences shuffled. */
    List<Mx> ordered(List<Mx> records) {
        List<Mx> shuffled = new ArrayList<>(records);
        Collections.shuffle(shuffled, random);
        // a stable sort keeps the shuffled order within each preference
        shuffled.sort((a, b) -> Integer.compare(a.preference(), b.preference()));
        return shuffled;
    }
}

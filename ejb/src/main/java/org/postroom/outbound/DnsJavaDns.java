package org.postroom.outbound;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * {@link MxResolver.Dns} over dnsjava: the resolvers of {@code POSTROOM_DNS_SERVERS} (or the system's), one cache
 * whose entries live for their TTL (dnsjava's {@link Cache}, negative answers too), CNAMEs followed by
 * {@link Lookup}. Every name is looked up as absolute (no search list). A timeout, SERVFAIL or network error is
 * {@link MxResolver.Answer.TryAgain}.
 */
public final class DnsJavaDns implements MxResolver.Dns, MtaSts.TxtDns {

    /** How long one query waits for an answer from one server (dnsjava retries and moves to the next). */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Resolver resolver;
    private final Cache cache = new Cache(DClass.IN);

    public DnsJavaDns(Resolver resolver) {
        this.resolver = resolver;
    }

    /**
     * The resolver for a {@code POSTROOM_DNS_SERVERS} value: comma-separated {@code host}, {@code host:port},
     * {@code [v6]:port} or a bare IPv6 address; empty for the system's resolvers.
     *
     * @throws IllegalArgumentException for an entry that is none of these, or a host that does not resolve
     */
    public static DnsJavaDns forServers(String servers, Duration timeout) {
        ExtendedResolver resolver;
        if (servers == null || servers.isBlank()) {
            resolver = new ExtendedResolver();
        } else {
            List<Resolver> each = new ArrayList<>();
            for (InetSocketAddress server : parseServers(servers)) {
                SimpleResolver simple = new SimpleResolver(server);
                simple.setTimeout(timeout);
                each.add(simple);
            }
            resolver = new ExtendedResolver(each);
        }
        resolver.setTimeout(timeout);
        return new DnsJavaDns(resolver);
    }

    /** Parses a {@code POSTROOM_DNS_SERVERS} value (port 53 unless given). */
    static List<InetSocketAddress> parseServers(String servers) {
        List<InetSocketAddress> result = new ArrayList<>();
        for (String entry : servers.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            String host = e;
            int port = 53;
            if (e.startsWith("[")) {
                int close = e.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("postroom.dns.servers: unclosed [ in " + e);
                }
                host = e.substring(1, close);
                String rest = e.substring(close + 1);
                if (!rest.isEmpty()) {
                    if (!rest.startsWith(":")) {
                        throw new IllegalArgumentException("postroom.dns.servers: bad entry " + e);
                    }
                    port = port(e, rest.substring(1));
                }
            } else if (e.indexOf(':') >= 0 && e.indexOf(':') == e.lastIndexOf(':')) {
                host = e.substring(0, e.indexOf(':'));
                port = port(e, e.substring(e.indexOf(':') + 1));
            }
            try {
                result.add(new InetSocketAddress(InetAddress.getByName(host), port));
            } catch (UnknownHostException ex) {
                throw new IllegalArgumentException("postroom.dns.servers: unknown host " + host, ex);
            }
        }
        if (result.isEmpty()) {
            throw new IllegalArgumentException("postroom.dns.servers names no server: " + servers);
        }
        return result;
    }

    private static int port(String entry, String text) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("postroom.dns.servers: bad port in " + entry, e);
        }
    }

    @Override
    public MxResolver.Answer<List<MxResolver.Mx>> mx(String name) {
        Lookup lookup = lookup(name, Type.MX);
        Record[] records = lookup.run();
        return switch (lookup.getResult()) {
            case Lookup.SUCCESSFUL -> {
                List<MxResolver.Mx> mx = new ArrayList<>();
                for (Record r : records) {
                    if (r instanceof MXRecord m) {
                        mx.add(new MxResolver.Mx(m.getPriority(),
                                m.getTarget().equals(Name.root) ? "" : m.getTarget().toString(true)));
                    }
                }
                yield new MxResolver.Answer.Found<>(mx);
            }
            case Lookup.HOST_NOT_FOUND -> new MxResolver.Answer.NoSuchName<>();
            case Lookup.TYPE_NOT_FOUND -> new MxResolver.Answer.NoData<>();
            default -> new MxResolver.Answer.TryAgain<>(String.valueOf(lookup.getErrorString()));
        };
    }

    @Override
    public MxResolver.Answer<List<InetAddress>> addresses(String name) {
        Lookup v4 = lookup(name, Type.A);
        Record[] a = v4.run();
        Lookup v6 = lookup(name, Type.AAAA);
        Record[] aaaa = v6.run();
        List<InetAddress> found = new ArrayList<>();
        if (v4.getResult() == Lookup.SUCCESSFUL) {
            for (Record r : a) {
                if (r instanceof ARecord record) {
                    found.add(record.getAddress());
                }
            }
        }
        if (v6.getResult() == Lookup.SUCCESSFUL) {
            for (Record r : aaaa) {
                if (r instanceof AAAARecord record) {
                    found.add(record.getAddress());
                }
            }
        }
        if (!found.isEmpty()) {
            return new MxResolver.Answer.Found<>(found);
        }
        if (failedForNow(v4) || failedForNow(v6)) {
            String why = failedForNow(v4) ? v4.getErrorString() : v6.getErrorString();
            return new MxResolver.Answer.TryAgain<>(String.valueOf(why));
        }
        if (v4.getResult() == Lookup.HOST_NOT_FOUND && v6.getResult() == Lookup.HOST_NOT_FOUND) {
            return new MxResolver.Answer.NoSuchName<>();
        }
        return new MxResolver.Answer.NoData<>();
    }

    @Override
    public MxResolver.Answer<List<String>> txt(String name) {
        Lookup lookup = lookup(name, Type.TXT);
        Record[] records = lookup.run();
        return switch (lookup.getResult()) {
            case Lookup.SUCCESSFUL -> {
                List<String> txt = new ArrayList<>();
                for (Record r : records) {
                    if (r instanceof TXTRecord t) {
                        txt.add(String.join("", t.getStrings()));
                    }
                }
                yield new MxResolver.Answer.Found<>(txt);
            }
            case Lookup.HOST_NOT_FOUND -> new MxResolver.Answer.NoSuchName<>();
            case Lookup.TYPE_NOT_FOUND -> new MxResolver.Answer.NoData<>();
            default -> new MxResolver.Answer.TryAgain<>(String.valueOf(lookup.getErrorString()));
        };
    }

    private static boolean failedForNow(Lookup lookup) {
        int result = lookup.getResult();
        return result == Lookup.TRY_AGAIN || result == Lookup.UNRECOVERABLE;
    }

    private Lookup lookup(String name, int type) {
        Name absolute;
        try {
            absolute = Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a domain name: " + name, e);
        }
        Lookup lookup = new Lookup(absolute, type, DClass.IN);
        lookup.setResolver(resolver);
        lookup.setCache(cache);
        return lookup;
    }
}

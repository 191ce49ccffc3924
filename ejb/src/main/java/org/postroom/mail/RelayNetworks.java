package org.postroom.mail;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The client networks allowed to relay (send to domains this server does not host) without authenticating, from a
 * configuration value such as {@code 127.0.0.0/8, ::1/128, 192.168.10.0/24}.
 *
 * <p>The rule: an entry is an IPv4 or IPv6 address literal with an optional {@code /prefix} (a bare address is one
 * host); a client address is inside when its first {@code prefix} bits equal the entry's. IPv4 and IPv6 never match
 * each other (write {@code ::ffff:a.b.c.d} forms as IPv4). Host names are refused, never resolved: the relay decision
 * must not depend on DNS. An empty list (the default) allows nobody, so the server is never an open relay.
 */
public final class RelayNetworks {

    private record Network(byte[] address, int prefix) {
        boolean contains(byte[] candidate) {
            if (candidate.length != address.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (candidate[i] != address[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (candidate[full] & mask) == (address[full] & mask);
        }
    }

    private static final RelayNetworks NONE = new RelayNetworks(List.of());

    private final List<Network> networks;

    private RelayNetworks(List<Network> networks) {
        this.networks = List.copyOf(networks);
    }

    /** No relay network at all. */
    public static RelayNetworks none() {
        return NONE;
    }

    /**
     * Parses a comma- or space-separated list of CIDR entries.
     *
     * @throws IllegalArgumentException naming the first entry that is not an address literal with a valid prefix
     */
    public static RelayNetworks parse(String list) {
        if (list == null || list.isBlank()) {
            return NONE;
        }
        List<Network> parsed = new ArrayList<>();
        for (String entry : list.trim().split("[,\\s]+")) {
            parsed.add(network(entry));
        }
        return new RelayNetworks(parsed);
    }

    /** Whether the client address (a literal; anything else is outside) is in one of the networks. */
    public boolean contains(String clientAddress) {
        Optional<byte[]> bytes = literal(clientAddress);
        return bytes.isPresent() && networks.stream().anyMatch(n -> n.contains(bytes.get()));
    }

    /** Whether no network is configured. */
    public boolean isEmpty() {
        return networks.isEmpty();
    }

    private static Network network(String entry) {
        int slash = entry.indexOf('/');
        String host = slash < 0 ? entry : entry.substring(0, slash);
        byte[] address = literal(host)
                .orElseThrow(() -> new IllegalArgumentException("relay network '" + entry + "' is not an IP address"));
        int max = address.length * 8;
        int prefix = max;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException(
                        "relay network '" + entry + "' needs a prefix length from 0 to " + max);
            }
        }
        return new Network(address, prefix);
    }

    /** The bytes of an IP address literal; empty for anything else (host names are not looked up). */
    static Optional<byte[]> literal(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        if (s.isEmpty()) {
            return Optional.empty();
        }
        boolean ipv6 = s.indexOf(':') >= 0;
        boolean literal = ipv6
                ? s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')
                : s.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")
                        && java.util.Arrays.stream(s.split("\\.")).allMatch(o -> Integer.parseInt(o) <= 255);
        if (!literal) {
            return Optional.empty();
        }
        try {
            // A literal is parsed, never resolved.
            return Optional.of(InetAddress.getByName(s).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}

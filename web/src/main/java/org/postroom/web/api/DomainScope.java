package org.postroom.web.api;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which domain a REST request is about, for domain administrators (ADR 0068): a request a domain administrator may
 * make names exactly one domain, in its path or in its {@code ?domain=} filter; every other request is the global
 * administrators' alone. Pure: method, decoded path segments under {@code /api}, and the {@code domain} query value.
 *
 * <ul>
 * <li>{@code users/{address}/...} and {@code aliases/{address}}: the address's domain, except a change of a user's
 * send-as grants (they name addresses of any domain);</li>
 * <li>{@code GET users?domain=d} and {@code GET aliases?domain=d}: {@code d};</li>
 * <li>{@code GET domains/{d}} and {@code GET domains/{d}/admins}: {@code d} (a grant, {@code PUT} or {@code DELETE
 * domains/{d}/admins/{login}}, is a global administrator's: ADR 0081);</li>
 * <li>anything else (listing or creating domains, the queue, the directory sync and its tasks): none.</li>
 * </ul>
 */
public final class DomainScope {

    private DomainScope() {
    }

    /** The one domain the request is about; empty when only a global administrator may make it. */
    public static Optional<String> of(String method, List<String> segments, String domainQuery) {
        List<String> path = segments.stream().filter(s -> !s.isEmpty()).toList();
        if (path.isEmpty()) {
            return Optional.empty();
        }
        boolean read = method.equalsIgnoreCase("GET") || method.equalsIgnoreCase("HEAD");
        switch (path.get(0)) {
            case "users", "aliases" -> {
                if (path.size() == 1) {
                    return read ? domain(domainQuery) : Optional.empty();
                }
                if (path.get(0).equals("users") && path.size() >= 3 && path.get(2).equals("send-as") && !read) {
                    return Optional.empty();
                }
                String address = path.get(1);
                int at = address.lastIndexOf('@');
                return at < 0 ? Optional.empty() : domain(address.substring(at + 1));
            }
            case "domains" -> {
                boolean domainOrItsAdministrators = path.size() == 2
                        || path.size() == 3 && path.get(2).equals("admins");
                return domainOrItsAdministrators && read ? domain(path.get(1)) : Optional.empty();
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /**
     * The address of the user a request changes or deletes ({@code PUT}, {@code POST}, {@code DELETE} on
     * {@code users/{address}} or below); empty for reads and other paths.
     */
    public static Optional<String> changedUser(String method, List<String> segments) {
        List<String> path = segments.stream().filter(s -> !s.isEmpty()).toList();
        boolean read = method.equalsIgnoreCase("GET") || method.equalsIgnoreCase("HEAD");
        if (read || path.size() < 2 || !path.get(0).equals("users")) {
            return Optional.empty();
        }
        return Optional.of(path.get(1));
    }

    private static Optional<String> domain(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(name.trim().toLowerCase(Locale.ROOT));
    }
}

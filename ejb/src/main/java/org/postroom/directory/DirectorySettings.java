package org.postroom.directory;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;

/**
 * The corporate directory's settings ({@code postroom.ldap.*} server variables, each overridable by its
 * {@code POSTROOM_LDAP_*} environment variable; ADR 0050). Without {@code postroom.ldap.url} there is no directory.
 *
 * @param urls the servers, tried in this order ({@code ldap://host:port} or {@code ldaps://host:port})
 * @param startTls whether plain {@code ldap://} connections are upgraded with StartTLS before anything is sent
 * @param trustStore a PKCS12 file with the directory's CA; empty: the JVM's default trust
 * @param bindDn the service account that searches; empty: anonymous searches
 * @param baseDn where users and groups are searched (subtree)
 * @param schema the preset the attributes and filters below default to
 * @param disabledFilter a user matching it is disabled; empty: none (AD also reads {@code userAccountControl})
 * @param loginAttributes the attributes a login name is looked up in
 * @param aliasesAttribute further addresses ({@code smtp:}-prefixed values for AD's {@code proxyAddresses})
 * @param adminGroup the DN of the group whose members administer the REST API; empty: none
 * @param domainAdminGroup the DN of a domain's administrators' group, with {@code {domain}} where the domain name
 *        goes (ADR 0068); empty: no domain administrators from the directory
 * @param cacheTtl how long a lookup is reused without asking the directory
 * @param timeout connect and response timeout for one directory server
 */
public record DirectorySettings(List<String> urls, boolean startTls, Optional<Path> trustStore,
        String trustStorePassword, Optional<String> bindDn, String bindPassword, String baseDn,
        DirectorySchema schema, String userFilter, String groupFilter, String disabledFilter,
        List<String> loginAttributes, String mailAttribute, String aliasesAttribute, String displayNameAttribute,
        String memberAttribute, Optional<String> adminGroup, Optional<String> domainAdminGroup, Duration cacheTtl,
        Duration timeout) {

    public DirectorySettings {
        urls = List.copyOf(urls);
        loginAttributes = List.copyOf(loginAttributes);
        Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(trustStorePassword, "trustStorePassword");
        Objects.requireNonNull(bindDn, "bindDn");
        Objects.requireNonNull(bindPassword, "bindPassword");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(adminGroup, "adminGroup");
        Objects.requireNonNull(domainAdminGroup, "domainAdminGroup");
        domainAdminGroup.ifPresent(pattern -> {
            if (!pattern.contains(DOMAIN_PLACEHOLDER)
                    || !DN.isValidDN(pattern.replace(DOMAIN_PLACEHOLDER, "d.example"))) {
                throw new IllegalArgumentException("postroom.ldap.domain.admin.group must be a DN with "
                        + DOMAIN_PLACEHOLDER + " where the domain goes, was '" + pattern + "'");
            }
        });
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("postroom.ldap.url names no server");
        }
        for (String url : urls) {
            server(url);
        }
        if (!DN.isValidDN(baseDn) || baseDn.isBlank()) {
            throw new IllegalArgumentException("postroom.ldap.base.dn is not a DN: '" + baseDn + "'");
        }
        bindDn.filter(dn -> !DN.isValidDN(dn)).ifPresent(dn -> {
            throw new IllegalArgumentException("postroom.ldap.bind.dn is not a DN: '" + dn + "'");
        });
        filter("postroom.ldap.user.filter", userFilter);
        filter("postroom.ldap.group.filter", groupFilter);
        if (!disabledFilter.isEmpty()) {
            filter("postroom.ldap.disabled.filter", disabledFilter);
        }
        if (loginAttributes.isEmpty()) {
            throw new IllegalArgumentException("postroom.ldap.attr.login names no attribute");
        }
        if (cacheTtl.isNegative() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("postroom.ldap.cache.ttl must be >= 0 and the timeout > 0");
        }
    }

    /**
     * The settings from {@code setting} (a name such as {@code postroom.ldap.url} to its non-blank value); empty when
     * {@code postroom.ldap.url} is not set.
     *
     * @throws IllegalArgumentException when a value is invalid; the message names the setting
     */
    public static Optional<DirectorySettings> from(Function<String, Optional<String>> setting) {
        Optional<String> url = setting.apply("postroom.ldap.url");
        if (url.isEmpty()) {
            return Optional.empty();
        }
        DirectorySchema schema = DirectorySchema.parse(setting.apply("postroom.ldap.schema").orElse("openldap"));
        String baseDn = setting.apply("postroom.ldap.base.dn")
                .orElseThrow(() -> new IllegalArgumentException("postroom.ldap.base.dn is required with a URL"));
        return Optional.of(new DirectorySettings(words(url.get()),
                bool(setting, "postroom.ldap.starttls"),
                setting.apply("postroom.ldap.truststore").map(Path::of),
                setting.apply("postroom.ldap.truststore.password").orElse(""),
                setting.apply("postroom.ldap.bind.dn"),
                setting.apply("postroom.ldap.bind.password").orElse(""),
                baseDn, schema,
                setting.apply("postroom.ldap.user.filter").orElse(schema.userFilter()),
                setting.apply("postroom.ldap.group.filter").orElse(schema.groupFilter()),
                setting.apply("postroom.ldap.disabled.filter").orElse(schema.disabledFilter()),
                setting.apply("postroom.ldap.attr.login").map(DirectorySettings::words)
                        .orElse(schema.loginAttributes()),
                setting.apply("postroom.ldap.attr.mail").orElse(schema.mailAttribute()),
                setting.apply("postroom.ldap.attr.aliases").orElse(schema.aliasesAttribute()),
                setting.apply("postroom.ldap.attr.display.name").orElse(schema.displayNameAttribute()),
                setting.apply("postroom.ldap.attr.member").orElse(schema.memberAttribute()),
                setting.apply("postroom.ldap.admin.group"),
                setting.apply("postroom.ldap.domain.admin.group"),
                Duration.ofSeconds(number(setting, "postroom.ldap.cache.ttl", 60)),
                Duration.ofMillis(number(setting, "postroom.ldap.timeout.ms", 5000))));
    }

    /** Where the domain's name goes in {@link #domainAdminGroup}. */
    public static final String DOMAIN_PLACEHOLDER = "{domain}";

    /** A server of {@link #urls}: scheme, host and port. */
    public record Server(boolean ldaps, String host, int port) {
    }

    /** The servers of {@link #urls}, in order. */
    public List<Server> servers() {
        return urls.stream().map(DirectorySettings::server).toList();
    }

    static Server server(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("postroom.ldap.url: not a URL: '" + url + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ldap") && !scheme.equals("ldaps") || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "postroom.ldap.url: each URL is ldap://host[:port] or ldaps://host[:port], was '" + url + "'");
        }
        boolean ldaps = scheme.equals("ldaps");
        return new Server(ldaps, uri.getHost(), uri.getPort() > 0 ? uri.getPort() : ldaps ? 636 : 389);
    }

    private static void filter(String name, String value) {
        try {
            Filter.create(value);
        } catch (LDAPException e) {
            throw new IllegalArgumentException(name + " is not an LDAP filter: '" + value + "'");
        }
    }

    private static List<String> words(String value) {
        return Arrays.stream(value.trim().split("[\\s,]+")).filter(w -> !w.isEmpty()).toList();
    }

    private static boolean bool(Function<String, Optional<String>> setting, String name) {
        String value = setting.apply(name).orElse("false").trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, was '" + value + "'");
        };
    }

    private static long number(Function<String, Optional<String>> setting, String name, long fallback) {
        String value = setting.apply(name).orElse(Long.toString(fallback)).trim();
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, was '" + value + "'");
        }
    }

    /** No password in logs. */
    @Override
    public String toString() {
        return "DirectorySettings[urls=" + urls + ", startTls=" + startTls + ", baseDn=" + baseDn + ", schema="
                + schema + ", bindDn=" + bindDn.orElse("(anonymous)") + "]";
    }
}

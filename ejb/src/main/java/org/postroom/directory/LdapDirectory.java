package org.postroom.directory;

import java.security.GeneralSecurityException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.FailoverServerSet;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.ServerSet;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustStoreTrustManager;

import org.postroom.domain.EmailAddress;
import org.postroom.domain.InvalidAddressException;

/**
 * The corporate directory over LDAP (UnboundID LDAP SDK, ADR 0050): two connection pools over the configured servers
 * with failover in order, one bound as the service account for searches, one whose connections only carry users'
 * binds (a login binds as the user's DN with the presented password; no password attribute is ever read). StartTLS,
 * {@code ldaps://} and a trust store as configured. Thread-safe; every call may block up to the timeout per server.
 * Nothing is cached here ({@link DirectoryService} does that).
 *
 * <p>A failure to reach the directory, or a server-side error, is a {@link DirectoryUnavailableException}; only a bind
 * the directory refuses for the credentials ({@link BindOutcome#REJECTED}) and entries it does not have are definite
 * answers.
 */
public final class LdapDirectory implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LdapDirectory.class.getName());

    /** Connections per pool at most. */
    static final int MAX_CONNECTIONS = 16;
    /** Entries per page of a paged search (RFC 2696); Active Directory's default limit is 1,000. */
    static final int PAGE_SIZE = 500;
    /** The most entries one group expansion reads (members and nested groups together). */
    static final int MAX_GROUP_ENTRIES = 100_000;
    /** AD's userAccountControl ACCOUNTDISABLE bit. */
    static final int ACCOUNTDISABLE = 2;
    private static final String AD_USER_ACCOUNT_CONTROL = "userAccountControl";

    /** The bind result codes that are an answer about the credentials; any other failure is an outage. */
    private static final Set<ResultCode> REJECTIONS = Set.of(ResultCode.INVALID_CREDENTIALS,
            ResultCode.INAPPROPRIATE_AUTHENTICATION, ResultCode.INVALID_DN_SYNTAX, ResultCode.NO_SUCH_OBJECT,
            ResultCode.UNWILLING_TO_PERFORM, ResultCode.CONSTRAINT_VIOLATION, ResultCode.INSUFFICIENT_ACCESS_RIGHTS);

    /** What the directory said of a user's password. */
    public enum BindOutcome {
        ACCEPTED, REJECTED
    }

    private final DirectorySettings settings;
    private final Filter userFilter;
    private final Filter groupFilter;
    private final Optional<Filter> disabledFilter;
    private final String[] userAttributes;
    private final String[] groupAttributes;
    private LDAPConnectionPool searchPool;
    private LDAPConnectionPool bindPool;
    private boolean closed;

    public LdapDirectory(DirectorySettings settings) {
        this.settings = settings;
        this.userFilter = parse(settings.userFilter());
        this.groupFilter = parse(settings.groupFilter());
        this.disabledFilter = settings.disabledFilter().isEmpty()
                ? Optional.empty()
                : Optional.of(parse(settings.disabledFilter()));
        Set<String> attributes = new LinkedHashSet<>();
        attributes.add(settings.mailAttribute());
        attributes.add(settings.aliasesAttribute());
        attributes.add(settings.displayNameAttribute());
        attributes.addAll(settings.loginAttributes());
        if (settings.schema().readsUserAccountControl()) {
            attributes.add(AD_USER_ACCOUNT_CONTROL);
        }
        disabledFilter.ifPresent(f -> attributeNames(f, attributes));
        this.userAttributes = attributes.toArray(String[]::new);
        this.groupAttributes = new String[]{settings.memberAttribute(), settings.mailAttribute()};
    }

    public DirectorySettings settings() {
        return settings;
    }

    /**
     * The user a login name names: the one entry of the user filter whose login attributes hold it.
     *
     * @return empty when no user, or more than one, has it
     */
    public Optional<DirectoryUser> findLogin(String login) throws DirectoryUnavailableException {
        List<Filter> matches = settings.loginAttributes().stream()
                .map(attribute -> Filter.createEqualityFilter(attribute, login)).toList();
        List<SearchResultEntry> found = search(Filter.createANDFilter(userFilter, Filter.createORFilter(matches)),
                userAttributes);
        if (found.size() > 1) {
            LOG.warning(() -> "Directory: the login " + quote(login) + " matches " + found.size()
                    + " users; nobody may log in with it");
            return Optional.empty();
        }
        return found.stream().findFirst().map(this::user);
    }

    /**
     * Binds as {@code dn} with {@code password} on a connection of its own pool: the directory checks the password.
     * An empty password is rejected here (it would be an unauthenticated bind, which succeeds without a password).
     */
    public BindOutcome bind(String dn, String password) throws DirectoryUnavailableException {
        if (password == null || password.isEmpty() || dn.isEmpty()) {
            return BindOutcome.REJECTED;
        }
        try {
            bindPool().bind(new SimpleBindRequest(dn, password));
            return BindOutcome.ACCEPTED;
        } catch (LDAPException e) {
            if (REJECTIONS.contains(e.getResultCode())) {
                return BindOutcome.REJECTED;
            }
            throw unavailable("bind", e);
        }
    }

    /** The user or group that has {@code address}: a user first (primary or further address), then a group. */
    public DirectoryRecipient findAddress(EmailAddress address) throws DirectoryUnavailableException {
        String a = address.toString();
        Filter addressMatch = Filter.createORFilter(Filter.createEqualityFilter(settings.mailAttribute(), a),
                Filter.createEqualityFilter(settings.aliasesAttribute(), a),
                Filter.createEqualityFilter(settings.aliasesAttribute(), "smtp:" + a));
        List<SearchResultEntry> users = search(Filter.createANDFilter(userFilter, addressMatch), userAttributes);
        if (users.size() > 1) {
            LOG.warning(() -> "Directory: " + quote(a) + " is an address of " + users.size()
                    + " users; it takes no mail until one has it");
            return new DirectoryRecipient.Unknown();
        }
        if (users.size() == 1) {
            DirectoryUser user = user(users.get(0));
            if (user.disabled()) {
                return new DirectoryRecipient.Disabled(user.dn());
            }
            return user.primary().<DirectoryRecipient>map(primary -> new DirectoryRecipient.Mailbox(user, primary))
                    .orElseGet(DirectoryRecipient.Unknown::new);
        }
        List<SearchResultEntry> groups = search(Filter.createANDFilter(groupFilter, addressMatch), "1.1");
        if (groups.size() == 1) {
            return new DirectoryRecipient.Group(groups.get(0).getDN());
        }
        if (groups.size() > 1) {
            LOG.warning(() -> "Directory: " + quote(a) + " is an address of " + groups.size() + " groups");
        }
        return new DirectoryRecipient.Unknown();
    }

    /**
     * The enabled users with a mailbox that a group reaches, through nested groups: each once, in the order first
     * met (breadth first); a group met again (a cycle, or a diamond) is not read again; members that are neither a
     * user nor a group of the filters, or no longer exist, are skipped.
     */
    public List<DirectoryUser> groupMembers(String groupDn) throws DirectoryUnavailableException {
        Map<String, DirectoryUser> users = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        Deque<String> groups = new ArrayDeque<>();
        groups.add(groupDn);
        seen.add(normalized(groupDn));
        int read = 0;
        while (!groups.isEmpty()) {
            String group = groups.poll();
            Optional<SearchResultEntry> entry = read(group, groupFilter, groupAttributes);
            if (entry.isEmpty()) {
                continue;
            }
            String[] members = entry.get().getAttributeValues(settings.memberAttribute());
            for (String member : members == null ? new String[0] : members) {
                if (!seen.add(normalized(member))) {
                    continue;
                }
                if (++read > MAX_GROUP_ENTRIES) {
                    LOG.warning("Directory: the group " + groupDn + " reaches more than " + MAX_GROUP_ENTRIES
                            + " entries; the rest are not expanded");
                    return List.copyOf(users.values());
                }
                Optional<SearchResultEntry> user = read(member, userFilter, userAttributes);
                if (user.isPresent()) {
                    DirectoryUser u = user(user.get());
                    if (!u.disabled() && u.primary().isPresent()) {
                        users.putIfAbsent(normalized(u.dn()), u);
                    }
                } else if (read(member, groupFilter, "1.1").isPresent()) {
                    groups.add(member);
                }
            }
        }
        return List.copyOf(users.values());
    }

    /**
     * Whether the user {@code userDn} is a member of {@code groupDn}, directly or through nested groups: the groups
     * holding the user are searched, then the groups holding those, each group once, until {@code groupDn} is met.
     */
    public boolean isMember(String groupDn, String userDn) throws DirectoryUnavailableException {
        String target = normalized(groupDn);
        Set<String> seen = new HashSet<>();
        Deque<String> members = new ArrayDeque<>();
        members.add(userDn);
        seen.add(normalized(userDn));
        while (!members.isEmpty()) {
            String member = members.poll();
            for (SearchResultEntry group : searchAll(
                    Filter.createANDFilter(groupFilter,
                            Filter.createEqualityFilter(settings.memberAttribute(), member)))) {
                String dn = normalized(group.getDN());
                if (dn.equals(target)) {
                    return true;
                }
                if (seen.add(dn) && seen.size() <= MAX_GROUP_ENTRIES) {
                    members.add(group.getDN());
                }
            }
        }
        return false;
    }

    /**
     * The groups {@code userDn} is a member of, directly or through nested groups (searched upwards from the user,
     * each group once), as normalized DNs.
     */
    public Set<String> groupsOf(String userDn) throws DirectoryUnavailableException {
        Set<String> groups = new LinkedHashSet<>();
        Deque<String> members = new ArrayDeque<>();
        members.add(userDn);
        while (!members.isEmpty() && groups.size() <= MAX_GROUP_ENTRIES) {
            String member = members.poll();
            for (SearchResultEntry group : searchAll(Filter.createANDFilter(groupFilter,
                    Filter.createEqualityFilter(settings.memberAttribute(), member)))) {
                if (groups.add(normalized(group.getDN()))) {
                    members.add(group.getDN());
                }
            }
        }
        return groups;
    }

    /**
     * The domains {@code userDn} administers (ADR 0068): for each group of {@link #groupsOf} that is
     * {@link DirectorySettings#domainAdminGroup} with a domain name in place of {@code {domain}}, that name, lower
     * case. Empty without the setting.
     */
    public Set<String> administeredDomains(String userDn) throws DirectoryUnavailableException {
        Optional<java.util.regex.Pattern> pattern = domainAdminPattern();
        if (pattern.isEmpty()) {
            return Set.of();
        }
        Set<String> domains = new java.util.TreeSet<>();
        for (String group : groupsOf(userDn)) {
            java.util.regex.Matcher m = pattern.get().matcher(group);
            if (m.matches()) {
                domains.add(m.group(1).toLowerCase(Locale.ROOT));
            }
        }
        return domains;
    }

    /** {@link DirectorySettings#domainAdminGroup} as a pattern over normalized DNs, the domain as group 1. */
    private Optional<java.util.regex.Pattern> domainAdminPattern() {
        return settings.domainAdminGroup().map(dn -> {
            String marker = "postroomdomainmarker";
            String normalizedDn = normalized(dn.replace(DirectorySettings.DOMAIN_PLACEHOLDER, marker));
            int at = normalizedDn.indexOf(marker);
            return java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(normalizedDn.substring(0, at))
                    + "([a-z0-9.-]+)" + java.util.regex.Pattern.quote(normalizedDn.substring(at + marker.length())));
        });
    }

    /** Every user of the user filter, read in pages (RFC 2696), handed to {@code each} one by one. */
    public long forEachUser(java.util.function.Consumer<DirectoryUser> each) throws DirectoryUnavailableException {
        long count = 0;
        ASN1OctetString cookie = null;
        do {
            SearchRequest request = new SearchRequest(settings.baseDn(), SearchScope.SUB, userFilter,
                    userAttributes);
            request.setControls(new SimplePagedResultsControl(PAGE_SIZE, cookie, true));
            SearchResult result;
            try {
                result = searchPool().search(request);
            } catch (LDAPSearchException e) {
                throw unavailable("paged search", e);
            }
            for (SearchResultEntry entry : result.getSearchEntries()) {
                each.accept(user(entry));
                count++;
            }
            SimplePagedResultsControl paging;
            try {
                paging = SimplePagedResultsControl.get(result);
            } catch (LDAPException e) {
                throw unavailable("paged search", e);
            }
            cookie = paging == null || !paging.moreResultsToReturn() ? null : paging.getCookie();
        } while (cookie != null);
        return count;
    }

    /** Reads a user entry into what Postroom needs of it. */
    DirectoryUser user(SearchResultEntry entry) {
        Optional<EmailAddress> mail = address(entry.getAttributeValue(settings.mailAttribute()));
        Optional<EmailAddress> smtpPrimary = Optional.empty();
        Set<EmailAddress> further = new LinkedHashSet<>();
        String[] values = entry.getAttributeValues(settings.aliasesAttribute());
        for (String value : values == null ? new String[0] : values) {
            int colon = value.indexOf(':');
            int at = value.indexOf('@');
            if (colon >= 0 && (at < 0 || colon < at)) {
                String prefix = value.substring(0, colon);
                if (!prefix.equalsIgnoreCase("smtp")) {
                    continue; // X500:, SIP:, ... are not mail addresses
                }
                Optional<EmailAddress> a = address(value.substring(colon + 1));
                if (prefix.equals("SMTP") && smtpPrimary.isEmpty()) {
                    smtpPrimary = a;
                } else {
                    a.ifPresent(further::add);
                }
            } else {
                address(value).ifPresent(further::add);
            }
        }
        Optional<EmailAddress> primary = mail.isPresent() ? mail : smtpPrimary;
        if (mail.isPresent()) {
            smtpPrimary.ifPresent(further::add);
        }
        primary.ifPresent(further::remove);
        String name = entry.getAttributeValue(settings.displayNameAttribute());
        return new DirectoryUser(entry.getDN(), primary, List.copyOf(further),
                Optional.ofNullable(name).filter(n -> !n.isBlank()), disabled(entry));
    }

    private boolean disabled(SearchResultEntry entry) {
        if (settings.schema().readsUserAccountControl()) {
            String control = entry.getAttributeValue(AD_USER_ACCOUNT_CONTROL);
            if (control != null) {
                try {
                    if ((Long.parseLong(control.trim()) & ACCOUNTDISABLE) != 0) {
                        return true;
                    }
                } catch (NumberFormatException e) {
                    LOG.warning("Directory: " + entry.getDN() + " has a userAccountControl that is not a number");
                    return true;
                }
            }
        }
        if (disabledFilter.isPresent()) {
            try {
                return disabledFilter.get().matchesEntry(entry);
            } catch (LDAPException e) {
                LOG.warning("Directory: the disabled filter cannot be evaluated on " + entry.getDN() + ": "
                        + e.getMessage() + "; the user is taken as disabled");
                return true;
            }
        }
        return false;
    }

    private static Optional<EmailAddress> address(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(EmailAddress.parse(value.trim()));
        } catch (InvalidAddressException e) {
            return Optional.empty();
        }
    }

    /** The entry {@code dn} if it matches {@code filter}; empty when it does not, or does not exist. */
    private Optional<SearchResultEntry> read(String dn, Filter filter, String... attributes)
            throws DirectoryUnavailableException {
        if (!DN.isValidDN(dn)) {
            return Optional.empty();
        }
        SearchRequest request = new SearchRequest(dn, SearchScope.BASE, filter, attributes);
        try {
            return searchPool().search(request).getSearchEntries().stream().findFirst();
        } catch (LDAPSearchException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return Optional.empty();
            }
            throw unavailable("read of " + dn, e);
        }
    }

    /** A subtree search under the base DN for at most two entries (more than one is ambiguous anyway). */
    private List<SearchResultEntry> search(Filter filter, String... attributes)
            throws DirectoryUnavailableException {
        SearchRequest request = new SearchRequest(settings.baseDn(), SearchScope.SUB, filter, attributes);
        request.setSizeLimit(2);
        try {
            return searchPool().search(request).getSearchEntries();
        } catch (LDAPSearchException e) {
            if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
                return e.getSearchEntries();
            }
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return List.of();
            }
            throw unavailable("search", e);
        }
    }

    /** A subtree search under the base DN for the DNs of every entry matching (up to the server's size limit). */
    private List<SearchResultEntry> searchAll(Filter filter) throws DirectoryUnavailableException {
        SearchRequest request = new SearchRequest(settings.baseDn(), SearchScope.SUB, filter, "1.1");
        try {
            return searchPool().search(request).getSearchEntries();
        } catch (LDAPSearchException e) {
            if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
                return e.getSearchEntries();
            }
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return List.of();
            }
            throw unavailable("search", e);
        }
    }

    private synchronized LDAPConnectionPool searchPool() throws DirectoryUnavailableException {
        if (searchPool == null) {
            searchPool = pool(settings.bindDn()
                    .map(dn -> new SimpleBindRequest(dn, settings.bindPassword())).orElse(null));
        }
        return searchPool;
    }

    private synchronized LDAPConnectionPool bindPool() throws DirectoryUnavailableException {
        if (bindPool == null) {
            bindPool = pool(null);
        }
        return bindPool;
    }

    /** A pool over the servers in failover order; created even when none answers now (it connects on demand). */
    private LDAPConnectionPool pool(SimpleBindRequest bind) throws DirectoryUnavailableException {
        if (closed) {
            throw new DirectoryUnavailableException("the directory connection is closed", null);
        }
        try {
            SSLUtil ssl = new SSLUtil(settings
                    .trustStore().<javax.net.ssl.TrustManager>map(path -> new TrustStoreTrustManager(path.toFile(),
                            settings.trustStorePassword().isEmpty()
                                    ? null
                                    : settings.trustStorePassword().toCharArray(),
                            "PKCS12", true))
                    .orElse(JVMDefaultTrustManager.getInstance()));
            LDAPConnectionOptions options = new LDAPConnectionOptions();
            options.setConnectTimeoutMillis((int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis()));
            options.setResponseTimeoutMillis(settings.timeout().toMillis());
            options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
            SSLContext context = ssl.createSSLContext();
            List<ServerSet> sets = new ArrayList<>();
            for (DirectorySettings.Server server : settings.servers()) {
                SocketFactory sockets = server.ldaps() ? ssl.createSSLSocketFactory() : SocketFactory.getDefault();
                PostConnectProcessor afterConnect = !server.ldaps() && settings.startTls()
                        ? new StartTLSPostConnectProcessor(context)
                        : NOTHING_AFTER_CONNECT;
                sets.add(new SingleServerSet(server.host(), server.port(), sockets, options, null, afterConnect));
            }
            ServerSet servers = sets.size() == 1 ? sets.get(0) : new FailoverServerSet(sets);
            LDAPConnectionPool pool = new LDAPConnectionPool(servers, bind, 0, MAX_CONNECTIONS, null, false);
            pool.setRetryFailedOperationsDueToInvalidConnections(true);
            pool.setConnectionPoolName(bind == null ? "postroom-directory-binds" : "postroom-directory-searches");
            return pool;
        } catch (LDAPException | GeneralSecurityException e) {
            throw new DirectoryUnavailableException("cannot set up the directory connection: " + e.getMessage(), e);
        }
    }

    /** The same post-connect step for every server of a failover set (the SDK requires all or none to have one). */
    private static final PostConnectProcessor NOTHING_AFTER_CONNECT = new PostConnectProcessor() {
        @Override
        public void processPreAuthenticatedConnection(LDAPConnection connection) {
        }

        @Override
        public void processPostAuthenticatedConnection(LDAPConnection connection) {
        }
    };

    private DirectoryUnavailableException unavailable(String what, LDAPException e) {
        LOG.log(Level.WARNING, "Directory " + what + " failed: " + e.getResultCode() + " "
                + e.getExceptionMessage());
        return new DirectoryUnavailableException("directory " + what + " failed: " + e.getResultCode(), e);
    }

    private static String normalized(String dn) {
        try {
            return new DN(dn).toNormalizedString();
        } catch (LDAPException e) {
            return dn.toLowerCase(Locale.ROOT);
        }
    }

    private static Filter parse(String filter) {
        try {
            return Filter.create(filter);
        } catch (LDAPException e) {
            throw new IllegalArgumentException("not an LDAP filter: " + filter, e);
        }
    }

    private static void attributeNames(Filter filter, Set<String> into) {
        if (filter.getAttributeName() != null) {
            into.add(filter.getAttributeName());
        }
        for (Filter component : filter.getComponents()) {
            attributeNames(component, into);
        }
        if (filter.getNOTComponent() != null) {
            attributeNames(filter.getNOTComponent(), into);
        }
    }

    private static String quote(String text) {
        return "'" + text.replaceAll("[\\p{Cntrl}]", "?") + "'";
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (searchPool != null) {
            searchPool.close();
        }
        if (bindPool != null) {
            bindPool.close();
        }
    }
}

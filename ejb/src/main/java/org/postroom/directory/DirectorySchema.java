package org.postroom.directory;

import java.util.List;
import java.util.Locale;

/**
 * The presets of {@code postroom.ldap.schema}: where each directory reads users, groups and addresses. Every value
 * is also settable on its own ({@link DirectorySettings}).
 */
public enum DirectorySchema {

    /**
     * Active Directory: login by {@code userPrincipalName} or {@code sAMAccountName}; primary address {@code mail} or
     * the {@code SMTP:} value of {@code proxyAddresses}, further addresses its {@code smtp:} values; groups with
     * {@code member}; the ACCOUNTDISABLE bit (2) of {@code userAccountControl} disables a user.
     */
    AD("(&(objectCategory=person)(objectClass=user))", "(objectClass=group)", List.of("userPrincipalName",
            "sAMAccountName"), "mail", "proxyAddresses", "displayName", "member", ""),

    /**
     * OpenLDAP (also 389-DS, FreeIPA): {@code inetOrgPerson} with {@code uid} and {@code mail}, further addresses in
     * {@code mailAlternateAddress}, {@code groupOfNames} with {@code member}; a user matching the disabled filter
     * (by default one the password policy overlay has locked) is disabled.
     */
    OPENLDAP("(objectClass=inetOrgPerson)", "(objectClass=groupOfNames)", List.of("uid"), "mail",
            "mailAlternateAddress", "displayName", "member", "(pwdAccountLockedTime=*)");

    private final String userFilter;
    private final String groupFilter;
    private final List<String> loginAttributes;
    private final String mailAttribute;
    private final String aliasesAttribute;
    private final String displayNameAttribute;
    private final String memberAttribute;
    private final String disabledFilter;

    DirectorySchema(String userFilter, String groupFilter, List<String> loginAttributes, String mailAttribute,
            String aliasesAttribute, String displayNameAttribute, String memberAttribute, String disabledFilter) {
        this.userFilter = userFilter;
        this.groupFilter = groupFilter;
        this.loginAttributes = loginAttributes;
        this.mailAttribute = mailAttribute;
        this.aliasesAttribute = aliasesAttribute;
        this.displayNameAttribute = displayNameAttribute;
        this.memberAttribute = memberAttribute;
        this.disabledFilter = disabledFilter;
    }

    /** {@code ad} or {@code openldap}, in any case. */
    public static DirectorySchema parse(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "ad", "activedirectory", "active-directory" -> AD;
            case "openldap", "ldap" -> OPENLDAP;
            default -> throw new IllegalArgumentException(
                    "postroom.ldap.schema must be ad or openldap, was '" + name + "'");
        };
    }

    public String userFilter() {
        return userFilter;
    }

    public String groupFilter() {
        return groupFilter;
    }

    public List<String> loginAttributes() {
        return loginAttributes;
    }

    public String mailAttribute() {
        return mailAttribute;
    }

    public String aliasesAttribute() {
        return aliasesAttribute;
    }

    public String displayNameAttribute() {
        return displayNameAttribute;
    }

    public String memberAttribute() {
        return memberAttribute;
    }

    /** Empty when the preset has none. */
    public String disabledFilter() {
        return disabledFilter;
    }

    /** Whether {@code userAccountControl}'s ACCOUNTDISABLE bit is read. */
    public boolean readsUserAccountControl() {
        return this == AD;
    }
}

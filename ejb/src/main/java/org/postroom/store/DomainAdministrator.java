package org.postroom.store;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

/**
 * A grant made over REST (ADR 0081): the user {@code login} administers {@code domain}'s users, aliases, restrictions
 * and quotas. The login is the grantee's canonical name: a local user's address, a directory user's primary address,
 * or (a directory user without one) the login attribute's value in lower case.
 */
@Entity
@Table(name = "PR_DOMAIN_ADMIN", uniqueConstraints = @UniqueConstraint(columnNames = {"DOMAIN_ID", "LOGIN"}))
public class DomainAdministrator {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = Ids.GENERATOR)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "DOMAIN_ID", nullable = false)
    private HostedDomain domain;

    @Column(name = "LOGIN", nullable = false, length = 254)
    private String login;

    @Column(name = "GRANTED_AT", nullable = false)
    private Instant grantedAt;

    protected DomainAdministrator() {
    }

    public DomainAdministrator(HostedDomain domain, String login, Instant grantedAt) {
        this.domain = domain;
        this.login = login;
        this.grantedAt = grantedAt;
    }

    public HostedDomain getDomain() {
        return domain;
    }

    public String getLogin() {
        return login;
    }

    public Instant getGrantedAt() {
        return grantedAt;
    }
}

package org.postroom.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * An address in a hosted domain that expands to one or more targets, local or remote: plain aliases, distribution
 * groups (several targets) and forwards (a remote target) are all this one thing.
 */
@Entity
@Table(name = "PR_ALIAS")
public class Alias {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = Ids.GENERATOR)
    private Long id;

    @Column(name = "ADDRESS", nullable = false, unique = true, length = 254)
    private String address;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "DOMAIN_ID", nullable = false)
    private HostedDomain domain;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "PR_ALIAS_TARGET", joinColumns = @JoinColumn(name = "ALIAS_ID"))
    @OrderColumn(name = "POS")
    @Column(name = "TARGET", nullable = false, length = 254)
    private List<String> targets = new ArrayList<>();

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    @Version
    @Column(name = "VERSION")
    private long version;

    protected Alias() {
    }

    public Alias(String address, HostedDomain domain, List<String> targets, Instant createdAt) {
        this.address = address;
        this.domain = domain;
        this.targets.addAll(targets);
        this.createdAt = createdAt;
    }

    public Long getId() {
        return id;
    }

    public String getAddress() {
        return address;
    }

    public HostedDomain getDomain() {
        return domain;
    }

    public List<String> getTargets() {
        return List.copyOf(targets);
    }

    public void setTargets(List<String> targets) {
        this.targets.clear();
        this.targets.addAll(targets);
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}

package org.postroom.store;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A mail domain this server is the final destination for (a virtual domain). */
@Entity
@Table(name = "PR_DOMAIN")
public class HostedDomain {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = Ids.GENERATOR)
    private Long id;

    /** Normalised: lower case, A-labels (see {@link org.postroom.domain.DomainName}). */
    @Column(name = "NAME", nullable = false, unique = true, length = 253)
    private String name;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    protected HostedDomain() {
    }

    public HostedDomain(String name, Instant createdAt) {
        this.name = name;
        this.createdAt = createdAt;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}

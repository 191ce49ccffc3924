package org.postroom.store;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * An IMAP subscription to a name that has no folder (RFC 3501 section 6.3.6: a subscription outlives its mailbox).
 * Subscriptions to existing folders are {@link Folder#isSubscribed()}; the repository moves one into the other when
 * a folder is deleted or created.
 */
@Entity
@IdClass(Subscription.Key.class)
@Table(name = "PR_SUBSCRIPTION")
public class Subscription {

    /** The primary key: account and name. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private long accountId;
        private String name;

        public Key() {
        }

        public Key(long accountId, String name) {
            this.accountId = accountId;
            this.name = name;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.accountId == accountId && Objects.equals(k.name, name);
        }

        @Override
        public int hashCode() {
            return Objects.hash(accountId, name);
        }
    }

    @Id
    @Column(name = "ACCOUNT_ID")
    private long accountId;

    @Id
    @Column(name = "NAME", length = 512)
    private String name;

    protected Subscription() {
    }

    public Subscription(long accountId, String name) {
        this.accountId = accountId;
        this.name = name;
    }

    public String getName() {
        return name;
    }
}

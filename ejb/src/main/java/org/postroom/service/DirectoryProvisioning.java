package org.postroom.service;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.postroom.directory.DirectorySync;
import org.postroom.directory.DirectoryUser;

/**
 * The mailbox provisioning of one batch of a directory sync, and the sync's reconciliation of disabled mailboxes
 * (ADR 0066), each in a transaction of its own.
 */
@Stateless
public class DirectoryProvisioning {

    @Inject
    DirectoryMailboxes mailboxes;

    /** The addresses of every account (local or directory) as the sync begins. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Set<String> existing() {
        return mailboxes.existingAddresses();
    }

    /** @return how many mailboxes were created */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int provision(List<DirectoryUser> users) {
        return mailboxes.provision(users);
    }

    /** See {@link DirectoryMailboxes#reconcile}. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public DirectorySync.Outcome reconcile(Set<String> enabled, Set<String> disabled, Instant at) {
        return mailboxes.reconcile(enabled, disabled, at);
    }
}

package org.postroom.service;

import java.util.List;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.postroom.directory.DirectoryUser;

/** The mailbox provisioning of one batch of a directory sync, in a transaction of its own. */
@Stateless
public class DirectoryProvisioning {

    @Inject
    DirectoryMailboxes mailboxes;

    /** @return how many mailboxes were created */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int provision(List<DirectoryUser> users) {
        return mailboxes.provision(users);
    }
}

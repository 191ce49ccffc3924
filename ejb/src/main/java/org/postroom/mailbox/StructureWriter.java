package org.postroom.mailbox;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.postroom.store.MessageStructureRecord;
import org.postroom.store.StructureRepository;

/**
 * Stores a structure an IMAP read analyzed (content stored before schema version 3), in a short transaction of its
 * own while the read itself runs without one. Another session analyzing the same content may store it first: the
 * reader already has the structure, so the caller only logs that failure.
 */
@Stateless
public class StructureWriter {

    @Inject
    StructureRepository structures;

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void add(MessageStructureRecord record) {
        structures.add(record);
    }
}

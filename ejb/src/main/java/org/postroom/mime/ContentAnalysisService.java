package org.postroom.mime;

import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.postroom.connector.api.mime.MessageStructure;
import org.postroom.domain.HeaderFields;
import org.postroom.model.mime.ImapEnvelope;
import org.postroom.model.mime.StructureAnalyzer;
import org.postroom.model.search.HeaderSearchText;
import org.postroom.store.HeaderFieldsRepository;
import org.postroom.store.MessageContent;
import org.postroom.store.MessageHeaderFields;
import org.postroom.store.MessageStructureRecord;
import org.postroom.store.StructureRepository;

/**
 * Computes a content's {@link HeaderFields} and MIME structure once and stores them (ADR 0012), in the caller's
 * transaction: for delivery and for IMAP APPEND alike.
 */
@ApplicationScoped
public class ContentAnalysisService {

    private static final Logger LOG = Logger.getLogger(ContentAnalysisService.class.getName());

    @Inject
    HeaderFieldsRepository envelopes;
    @Inject
    StructureRepository structures;

    protected ContentAnalysisService() {
    }

    /** For use outside the container (tests, tools). */
    public ContentAnalysisService(HeaderFieldsRepository envelopes, StructureRepository structures) {
        this.envelopes = envelopes;
        this.structures = structures;
    }

    /** Both, for content this transaction stored (IMAP APPEND). */
    public void analyze(MessageContent content) {
        store(content.getId(), content.getData(), false);
    }

    /**
     * Stores the content's header fields, with its ENVELOPE in the form IMAP sends it (ADR 0076) and the texts SEARCH
     * matches (ADR 0077), and its MIME structure (ADR 0012), each once, from one analysis. On {@code firstAttempt}
     * (delivery of content an earlier transaction stored, ADR 0019) none can exist yet: they are written without
     * looking and with plain statements.
     */
    public void store(long contentId, byte[] data, boolean firstAttempt) {
        MessageStructure structure = structure(contentId, data);
        storeHeaderFields(contentId, data, structure, firstAttempt);
        if (structure != null) {
            storeStructure(contentId, structure, firstAttempt);
        }
    }

    private void storeHeaderFields(long contentId, byte[] data, MessageStructure structure, boolean firstAttempt) {
        if (!firstAttempt && envelopes.find(contentId).isPresent()) {
            return;
        }
        MessageHeaderFields row = headerFields(contentId, data, structure);
        if (firstAttempt) {
            envelopes.addRow(row); // delivery: the content was committed by the outbox (ADR 0019)
        } else {
            envelopes.add(row);
        }
    }

    /**
     * The header fields row of a content, with what IMAP sends and searches computed from it. Nothing here throws:
     * an unreadable header yields empty fields and no search texts (SEARCH then reads the message).
     *
     * @param structure the content's structure, or null when it could not be analyzed (no ENVELOPE form then)
     */
    public static MessageHeaderFields headerFields(long contentId, byte[] data, MessageStructure structure) {
        HeaderFields envelope;
        try {
            envelope = HeaderFieldsExtractor.extract(data);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot read the header of content " + contentId + "; stored without"
                    + " envelope fields: " + e, e);
            envelope = HeaderFields.empty();
        }
        HeaderSearchText search;
        try {
            search = HeaderSearchText.of(data);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot read the header of content " + contentId + " for SEARCH: " + e, e);
            search = null;
        }
        byte[] imap = structure == null ? null : ImapEnvelope.render(structure.envelope());
        return new MessageHeaderFields(contentId, envelope, imap, search);
    }

    /** The analyzer never throws; should it ever, the message is stored without structure (as before version 3). */
    private static MessageStructure structure(long contentId, byte[] data) {
        try {
            return StructureAnalyzer.analyze(data);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot analyze the MIME structure of content " + contentId
                    + "; delivered without it: " + e, e);
            return null;
        }
    }

    private void storeStructure(long contentId, MessageStructure structure, boolean firstAttempt) {
        if (!firstAttempt && structures.find(contentId).isPresent()) {
            return;
        }
        MessageStructureRecord record = new MessageStructureRecord(contentId, structure);
        if (firstAttempt) {
            structures.addRow(record);
        } else {
            structures.add(record);
        }
    }
}

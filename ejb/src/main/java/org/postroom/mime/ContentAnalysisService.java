package org.postroom.mime;

import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.postroom.connector.api.mime.MessageStructure;
import org.postroom.domain.HeaderFields;
import org.postroom.model.mime.StructureAnalyzer;
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
        storeHeaderFields(content.getId(), content.getData(), false);
        storeStructure(content.getId(), content.getData(), false);
    }

    /**
     * Stores the content's envelope once. On {@code firstAttempt} (delivery of content an earlier transaction stored,
     * ADR 0019) none can exist yet: it is written without looking and with a plain statement.
     */
    public void storeHeaderFields(long contentId, byte[] data, boolean firstAttempt) {
        if (!firstAttempt && envelopes.find(contentId).isPresent()) {
            return;
        }
        HeaderFields envelope;
        try {
            envelope = HeaderFieldsExtractor.extract(data);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot read the header of content " + contentId + "; stored without"
                    + " envelope fields: " + e, e);
            envelope = HeaderFields.empty();
        }
        MessageHeaderFields row = new MessageHeaderFields(contentId, envelope);
        if (firstAttempt) {
            envelopes.addRow(row); // delivery: the content was committed by the outbox (ADR 0019)
        } else {
            envelopes.add(row);
        }
    }

    /**
     * Stores the content's MIME structure once (ADR 0012). The analyzer never throws; should it ever, the message is
     * delivered without a stored structure (as are messages stored before schema version 3).
     */
    public void storeStructure(long contentId, byte[] data, boolean firstAttempt) {
        if (!firstAttempt && structures.find(contentId).isPresent()) {
            return;
        }
        MessageStructureRecord record;
        try {
            MessageStructure structure = StructureAnalyzer.analyze(data);
            record = new MessageStructureRecord(contentId, structure);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot analyze the MIME structure of content " + contentId
                    + "; delivered without it: " + e, e);
            return;
        }
        if (firstAttempt) {
            structures.addRow(record);
        } else {
            structures.add(record);
        }
    }
}

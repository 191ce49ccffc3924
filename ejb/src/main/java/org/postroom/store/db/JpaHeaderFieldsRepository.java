package org.postroom.store.db;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.postroom.domain.HeaderFields;
import org.postroom.model.search.HeaderSearchText;
import org.postroom.store.HeaderFieldsRepository;
import org.postroom.store.MessageHeaderFields;

@ApplicationScoped
public class JpaHeaderFieldsRepository implements HeaderFieldsRepository {

    @PersistenceContext(unitName = "postroom")
    private EntityManager em;

    protected JpaHeaderFieldsRepository() {
    }

    /** For use outside the container (tests, tools). */
    public JpaHeaderFieldsRepository(EntityManager em) {
        this.em = em;
    }

    @Override
    public Optional<MessageHeaderFields> find(long contentId) {
        return Optional.ofNullable(em.find(MessageHeaderFields.class, contentId));
    }

    @Override
    public MessageHeaderFields add(MessageHeaderFields envelope) {
        em.persist(envelope);
        return envelope;
    }

    @Override
    public void addRow(MessageHeaderFields envelope) {
        HeaderFields e = envelope.toHeaderFields();
        try (PreparedStatement insert = Jdbc.connection(em).prepareStatement("INSERT INTO PR_ENVELOPE (CONTENT_ID,"
                + " DATE_HDR, SENT_AT, SUBJECT, SUBJECT_TEXT, FROM_HDR, SENDER_HDR, REPLY_TO_HDR, TO_HDR, CC_HDR,"
                + " BCC_HDR, IN_REPLY_TO, MESSAGE_ID_HDR, IMAP_ENVELOPE, SEARCH_FROM, SEARCH_TO, SEARCH_CC,"
                + " SEARCH_BCC, SEARCH_SUBJECT) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, envelope.getContentId());
            insert.setString(2, e.date());
            if (e.sentAt() == null) {
                insert.setNull(3, Types.BIGINT);
            } else {
                insert.setLong(3, e.sentAt().toEpochMilli());
            }
            insert.setString(4, e.subject());
            insert.setString(5, e.subjectText());
            insert.setString(6, e.from());
            insert.setString(7, e.sender());
            insert.setString(8, e.replyTo());
            insert.setString(9, e.to());
            insert.setString(10, e.cc());
            insert.setString(11, e.bcc());
            insert.setString(12, e.inReplyTo());
            insert.setString(13, e.messageId());
            insert.setBytes(14, envelope.getImapEnvelope());
            HeaderSearchText search = envelope.getSearchText();
            insert.setString(15, search == null ? null : search.from());
            insert.setString(16, search == null ? null : search.to());
            insert.setString(17, search == null ? null : search.cc());
            insert.setString(18, search == null ? null : search.bcc());
            insert.setString(19, search == null ? null : search.subject());
            insert.executeUpdate();
        } catch (SQLException ex) {
            throw Jdbc.failed("storing the envelope of content " + envelope.getContentId(), ex);
        }
    }
}

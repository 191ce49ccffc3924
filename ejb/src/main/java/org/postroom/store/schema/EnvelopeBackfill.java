package org.postroom.store.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.postroom.connector.api.mime.MessageStructure;
import org.postroom.model.mime.StructureAnalyzer;
import org.postroom.model.search.HeaderSearchText;
import org.postroom.mime.ContentAnalysisService;
import org.postroom.store.MessageHeaderFields;

/**
 * Fills the columns schema version 8 (H2) / 12 (PostgreSQL) added to the header fields of content stored by earlier
 * builds: the ENVELOPE in the form IMAP sends it (ADR 0076) and the texts SEARCH matches (ADR 0077). SQL cannot compute
 * them (MIME and RFC 2047 decoding), so the migration script marks the work with the setting {@value #PENDING} and this
 * runs right after Flyway, in the same migration step (server start, {@code bin/postroom migrate}, tests), computing
 * each row from the stored message exactly as delivery does now ({@link ContentAnalysisService#headerFields}). It
 * commits every {@value #BATCH} rows and removes the mark when done, so an interrupted start resumes where it stopped
 * and a finished database is never scanned again. Until a row is filled, FETCH renders its ENVELOPE from the stored
 * structure and SEARCH reads the message: the same answers, slower.
 */
public final class EnvelopeBackfill {

    private static final Logger LOG = Logger.getLogger(EnvelopeBackfill.class.getName());

    /** The {@code PR_SETTING} row that marks the work as not done yet (inserted by the migration script). */
    static final String PENDING = "schema.imap-metadata-backfill";
    /** Rows per transaction. */
    static final int BATCH = 500;

    private EnvelopeBackfill() {
    }

    /** Runs when the mark is set; returns the number of rows filled. */
    public static int runIfPending(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return runIfPending(c);
        }
    }

    static int runIfPending(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            if (!pending(c)) {
                return 0;
            }
            int filled = 0;
            long after = Long.MIN_VALUE;
            while (true) {
                List<Long> ids = nextIds(c, after);
                if (ids.isEmpty()) {
                    break;
                }
                filled += fill(c, ids);
                after = ids.get(ids.size() - 1);
                c.commit();
            }
            try (PreparedStatement done = c.prepareStatement("DELETE FROM PR_SETTING WHERE NAME = ?")) {
                done.setString(1, PENDING);
                done.executeUpdate();
            }
            c.commit();
            if (filled > 0) {
                LOG.info("Stored the IMAP ENVELOPE form and SEARCH texts of " + filled + " messages stored by an"
                        + " earlier build");
            }
            return filled;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static boolean pending(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM PR_SETTING WHERE NAME = ?")) {
            s.setString(1, PENDING);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }

    private static List<Long> nextIds(Connection c, long after) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT CONTENT_ID FROM PR_ENVELOPE WHERE CONTENT_ID > ?"
                + " AND IMAP_ENVELOPE IS NULL ORDER BY CONTENT_ID FETCH FIRST " + BATCH + " ROWS ONLY")) {
            s.setLong(1, after);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    /** One content at a time: a batch of large messages must not fill the heap. */
    private static int fill(Connection c, List<Long> ids) throws SQLException {
        int filled = 0;
        try (PreparedStatement read = c.prepareStatement("SELECT DATA FROM PR_CONTENT WHERE ID = ?");
                PreparedStatement update = c.prepareStatement("UPDATE PR_ENVELOPE SET IMAP_ENVELOPE = ?,"
                        + " SEARCH_FROM = ?, SEARCH_TO = ?, SEARCH_CC = ?, SEARCH_BCC = ?, SEARCH_SUBJECT = ?"
                        + " WHERE CONTENT_ID = ?")) {
            for (long id : ids) {
                byte[] data;
                read.setLong(1, id);
                try (ResultSet rs = read.executeQuery()) {
                    if (!rs.next()) {
                        continue; // the content went meanwhile
                    }
                    data = rs.getBytes(1);
                }
                MessageStructure structure = StructureAnalyzer.analyze(data);
                MessageHeaderFields row = ContentAnalysisService.headerFields(id, data, structure);
                HeaderSearchText search = row.getSearchText();
                update.setBytes(1, row.getImapEnvelope());
                update.setString(2, search == null ? null : search.from());
                update.setString(3, search == null ? null : search.to());
                update.setString(4, search == null ? null : search.cc());
                update.setString(5, search == null ? null : search.bcc());
                update.setString(6, search == null ? null : search.subject());
                update.setLong(7, id);
                update.addBatch();
                filled++;
            }
            update.executeBatch();
        }
        return filled;
    }
}

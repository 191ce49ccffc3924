package org.postroom.store.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.postroom.model.search.HeaderSearchText;
import org.postroom.store.Account;
import org.postroom.store.ExpungedMessage;
import org.postroom.store.Folder;
import org.postroom.store.MailMessage;
import org.postroom.store.MessageContent;
import org.postroom.store.MessageCriteria;
import org.postroom.store.MessageRepository;
import org.postroom.store.MessageRow;

@ApplicationScoped
public class JpaMessageRepository implements MessageRepository {

    @PersistenceContext(unitName = "postroom")
    private EntityManager em;

    @Resource(lookup = "jdbc/postroom")
    private DataSource dataSource;

    @Resource
    private TransactionSynchronizationRegistry transactions;

    protected JpaMessageRepository() {
    }

    /** For use outside the container (tests, tools). */
    public JpaMessageRepository(EntityManager em) {
        this.em = em;
    }

    @Override
    public MailMessage append(Folder folder, MessageContent content, Instant internalDate, int systemFlags) {
        em.flush();
        Folder locked = em.find(Folder.class, folder.getId(), LockModeType.PESSIMISTIC_WRITE);
        MailMessage message = new MailMessage(locked, locked.allocateUid(), content, internalDate, systemFlags);
        message.added(locked.nextModSeq());
        locked.counted(message.getUid(), systemFlags, message.getSize(), 1);
        em.persist(message);
        return message;
    }

    @Override
    public long appendLockedRow(Folder lockedFolder, long contentId, long size, Instant internalDate) {
        if (lockedFolder.getUidNext() == 1) {
            em.flush(); // a folder created in this transaction must be in the database before a row refers to it
        }
        long uid = lockedFolder.allocateUid();
        long modSeq = lockedFolder.nextModSeq();
        lockedFolder.counted(uid, 0, size, 1);
        long id = Jdbc.nextId(em, MailMessage.class);
        try (PreparedStatement insert = Jdbc.connection(em).prepareStatement("INSERT INTO PR_MESSAGE (ID,"
                + " INTERNAL_DATE, KEYWORDS, SIZE_BYTES, SYSTEM_FLAGS, UID, CONTENT_ID, FOLDER_ID, MODSEQ,"
                + " CREATED_MODSEQ) VALUES (?, ?, NULL, ?, 0, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, id);
            insert.setLong(2, internalDate.toEpochMilli());
            insert.setLong(3, size);
            insert.setLong(4, uid);
            insert.setLong(5, contentId);
            insert.setLong(6, lockedFolder.getId());
            insert.setLong(7, modSeq);
            insert.setLong(8, modSeq);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw Jdbc.failed("appending a message", e);
        }
        return id;
    }

    @Override
    public MailMessage copy(Folder target, MessageRow source) {
        Folder locked = em.contains(target) ? target : em.find(Folder.class, target.getId());
        MailMessage copy = new MailMessage(locked, locked.allocateUid(),
                em.getReference(MessageContent.class, source.contentId()), source.size(), source.internalDate(),
                source.systemFlags(), source.keywords());
        copy.added(locked.nextModSeq());
        locked.counted(copy.getUid(), source.systemFlags(), source.size(), 1);
        em.persist(copy);
        return copy;
    }

    @Override
    public int remove(Folder folder, Collection<Long> messageIds) {
        List<Long> ids = List.copyOf(new LinkedHashSet<>(messageIds));
        if (ids.isEmpty()) {
            return 0;
        }
        Folder locked = JpaFolderRepository.lock(em, folder);
        long modSeq = locked.nextModSeq();
        int removed = 0;
        for (int from = 0; from < ids.size(); from += UnreferencedContent.CHUNK) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + UnreferencedContent.CHUNK));
            for (Object[] row : em
                    .createQuery("SELECT m.uid, m.id, m.systemFlags, m.size FROM MailMessage m WHERE m.folder = :f"
                            + " AND m.id IN :ids", Object[].class)
                    .setParameter("f", folder)
                    .setParameter("ids", chunk)
                    .getResultList()) {
                long uid = ((Number) row[0]).longValue();
                em.persist(new ExpungedMessage(locked.getId(), uid, modSeq));
                locked.counted(uid, ((Number) row[2]).intValue(), ((Number) row[3]).longValue(), -1);
            }
            removed += em.createQuery("DELETE FROM MailMessage m WHERE m.folder = :f AND m.id IN :ids")
                    .setParameter("f", folder)
                    .setParameter("ids", chunk)
                    .executeUpdate();
        }
        // The content is purged later (purgeUnreferencedContent): checking who else refers to it here made concurrent
        // EXPUNGEs and APPENDs wait on each other's index locks.
        return removed;
    }

    /**
     * The columns of a {@link MessageRow}, read with plain JDBC ({@link Jdbc#query}, ADR 0085): the rows are plain
     * values, and EclipseLink's result handling (a record, a platform conversion and a wrapper check per column per
     * row, about 5 µs a row) cost more than the database's scan when SELECT, FETCH or SEARCH reads a whole mailbox.
     */
    private static final String COLUMNS = "m.ID, m.UID, m.SYSTEM_FLAGS, m.KEYWORDS, m.INTERNAL_DATE, m.SIZE_BYTES,"
            + " m.CONTENT_ID, m.MODSEQ, m.CREATED_MODSEQ";

    private static final String ROW_SQL = "SELECT " + COLUMNS + " FROM PR_MESSAGE m WHERE m.FOLDER_ID = ?1";

    private static final String CHANGED_SQL = ROW_SQL + " AND m.MODSEQ > ?2";

    private static final String FLAGGED_SQL = ROW_SQL + " AND m.SYSTEM_FLAGS BETWEEN ?2 AND ?3";

    /** The {@link #COLUMNS} of the current row. */
    private static MessageRow row(ResultSet r) throws SQLException {
        return new MessageRow(r.getLong(1), r.getLong(2), r.getInt(3), r.getString(4),
                Instant.ofEpochMilli(r.getLong(5)), r.getLong(6), r.getLong(7), r.getLong(8), r.getLong(9));
    }

    private <T> List<T> query(String sql, Jdbc.RowReader<T> reader, Object... parameters) {
        // null outside the container, where every read has a transaction
        Jdbc.Reads reads = dataSource == null ? null : new Jdbc.Reads(dataSource, transactions);
        return Jdbc.query(em, reads, sql, reader, parameters);
    }

    @Override
    public List<MessageRow> rows(Folder folder, long firstUid, long lastUid) {
        return query(ROW_SQL + " AND m.UID BETWEEN ?2 AND ?3 ORDER BY m.UID", JpaMessageRepository::row,
                folder.getId(), firstUid, lastUid);
    }

    @Override
    public List<EnvelopedRow> rowsWithEnvelopes(Folder folder, long firstUid, long lastUid) {
        return query("SELECT " + COLUMNS + ", e.IMAP_ENVELOPE FROM PR_MESSAGE m"
                + " LEFT JOIN PR_ENVELOPE e ON e.CONTENT_ID = m.CONTENT_ID"
                + " WHERE m.FOLDER_ID = ?1 AND m.UID BETWEEN ?2 AND ?3 ORDER BY m.UID",
                r -> new EnvelopedRow(row(r), r.getBytes(10)), folder.getId(), firstUid, lastUid);
    }

    /**
     * Meant for the (folder, modseq) index, which reads only the changed rows. Sorted here rather than by the query,
     * so no sort order can make the (folder, UID) index, which walks the whole mailbox, look cheaper.
     */
    @Override
    public List<MessageRow> rowsChangedSince(Folder folder, long modSeq) {
        List<MessageRow> rows = query(CHANGED_SQL, JpaMessageRepository::row, folder.getId(), modSeq);
        rows.sort(Comparator.comparingLong(MessageRow::uid));
        return rows;
    }

    /**
     * One index range scan of (folder, system flags) per run of flag values that have the bit ({@link
     * MailMessage#DELETED}: 8-15 and 24-31), so the messages without it are never read.
     */
    @Override
    public List<MessageRow> rowsWithFlag(Folder folder, int flagBit) {
        if (Integer.bitCount(flagBit) != 1 || flagBit > MailMessage.ALL_FLAGS) {
            throw new IllegalArgumentException("not a single system flag bit: " + flagBit);
        }
        List<MessageRow> rows = new ArrayList<>();
        for (int first = flagBit; first <= MailMessage.ALL_FLAGS; first += 2 * flagBit) {
            rows.addAll(query(FLAGGED_SQL, JpaMessageRepository::row, folder.getId(), first, first + flagBit - 1));
        }
        rows.sort(Comparator.comparingLong(MessageRow::uid));
        return rows;
    }

    /**
     * Meant for the (folder, modseq) index, sorted here: ordered by UID in SQL, a planner may walk the (folder, UID)
     * primary key over the folder's whole expunge log, which only grows.
     */
    @Override
    public List<Long> expungedSince(Folder folder, long modSeq) {
        List<Long> uids = query("SELECT UID FROM PR_EXPUNGED WHERE FOLDER_ID = ?1 AND MODSEQ > ?2",
                r -> r.getLong(1), folder.getId(), modSeq);
        uids.sort(null);
        return uids;
    }

    /** The search text at {@code at} of the fields read (-1: not read), the first of which is {@code first}. */
    private static String text(ResultSet r, int at, String first) throws SQLException {
        return at < 0 ? null : at == 0 ? first : r.getString(10 + at);
    }

    @Override
    public List<MailMessage> messages(Folder folder, long firstUid, long lastUid) {
        return em.createQuery("SELECT m FROM MailMessage m WHERE m.folder.id = :f AND m.uid BETWEEN :first AND :last"
                + " ORDER BY m.uid", MailMessage.class)
                .setParameter("f", folder.getId())
                .setParameter("first", firstUid)
                .setParameter("last", lastUid)
                .setHint("eclipselink.refresh", "true")
                .getResultList();
    }

    /** Ids a {@link #contents} statement takes: POP3's read-ahead asks for at most this many at a time. */
    static final int CONTENT_IDS = 32;

    private static final String CONTENTS_SQL = "SELECT m.ID, c.DATA FROM PR_ACCOUNT a"
            + " JOIN PR_FOLDER f ON f.ACCOUNT_ID = a.ID JOIN PR_MESSAGE m ON m.FOLDER_ID = f.ID"
            + " JOIN PR_CONTENT c ON c.ID = m.CONTENT_ID WHERE a.ADDRESS = ?1 AND f.NAME = ?2 AND m.ID IN ("
            + String.join(", ", java.util.stream.IntStream.rangeClosed(3, CONTENT_IDS + 2).mapToObj(i -> "?" + i)
                    .toList())
            + ")";

    /**
     * One statement of plain JDBC per {@value #CONTENT_IDS} ids, which finds the account and the folder as well (ADR
     * 0086); a shorter list is padded with its last id, so every call has the same statement text, prepared once per
     * pooled connection.
     */
    @Override
    public Map<Long, byte[]> contents(String accountAddress, String folderName, Collection<Long> messageIds) {
        Map<Long, byte[]> found = new HashMap<>();
        List<Long> ids = List.copyOf(new LinkedHashSet<>(messageIds));
        for (int from = 0; from < ids.size(); from += CONTENT_IDS) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + CONTENT_IDS));
            Object[] parameters = new Object[CONTENT_IDS + 2];
            parameters[0] = accountAddress;
            parameters[1] = folderName;
            for (int i = 0; i < CONTENT_IDS; i++) {
                parameters[i + 2] = chunk.get(Math.min(i, chunk.size() - 1));
            }
            query(CONTENTS_SQL, r -> found.put(r.getLong(1), r.getBytes(2)), parameters);
        }
        return found;
    }

    @Override
    public long countFrom(Folder folder, long firstUid) {
        return number(em.createNativeQuery("SELECT COUNT(*) FROM PR_MESSAGE WHERE FOLDER_ID = ?1 AND UID >= ?2")
                .setParameter(1, folder.getId())
                .setParameter(2, firstUid)
                .getSingleResult());
    }

    @Override
    public FolderCounts counts(Folder folder, long firstRecentUid) {
        Object[] r = em.createQuery("SELECT COUNT(m), SUM(CASE WHEN m.uid >= :r THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN MOD(m.systemFlags, 2) = 0 THEN 1 ELSE 0 END) FROM MailMessage m" // \Seen: bit 1 (SEEN)
                + " WHERE m.folder.id = :f", Object[].class)
                .setParameter("f", folder.getId())
                .setParameter("r", firstRecentUid)
                .getSingleResult();
        return new FolderCounts(number(r[0]), number(r[1]), number(r[2]));
    }

    private static long number(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }

    @Override
    public Map<Long, Long> messageCounts(Account account) {
        Map<Long, Long> counts = new HashMap<>();
        em.createQuery(
                "SELECT m.folder.id, COUNT(m) FROM MailMessage m WHERE m.folder.account = :a GROUP BY m.folder.id",
                Object[].class).setParameter("a", account).getResultList()
                .forEach(row -> counts.put(((Number) row[0]).longValue(), ((Number) row[1]).longValue()));
        return counts;
    }

    /**
     * One native query (the message table, and the content's stored header fields only when the criteria name a
     * header text): the rows that may match, with their search texts when those were read.
     */
    @Override
    public SearchCandidates searchCandidates(Folder folder, MessageCriteria criteria) {
        SearchSql.Part where = new SearchSql(2).translate(criteria);
        List<String> fields = where.headerTexts();
        StringBuilder columns = new StringBuilder();
        fields.forEach(f -> columns.append(", e.SEARCH_").append(f));
        String sql = "SELECT m.ID, m.UID, m.SYSTEM_FLAGS, m.KEYWORDS, m.INTERNAL_DATE, m.SIZE_BYTES, m.CONTENT_ID,"
                + " m.MODSEQ, m.CREATED_MODSEQ" + columns
                + (fields.isEmpty()
                        ? " FROM PR_MESSAGE m"
                        : " FROM PR_MESSAGE m LEFT JOIN PR_ENVELOPE e ON e.CONTENT_ID = m.CONTENT_ID")
                + " WHERE m.FOLDER_ID = ?1" + (where.sql() == null ? "" : " AND (" + where.sql() + ")")
                + " ORDER BY m.UID";
        Object[] parameters = new Object[where.parameters().size() + 1];
        parameters[0] = folder.getId();
        for (int i = 0; i < where.parameters().size(); i++) {
            parameters[i + 1] = where.parameters().get(i);
        }
        if (fields.isEmpty()) {
            return new SearchCandidates(query(sql, JpaMessageRepository::row, parameters), null, where.exact());
        }
        int from = fields.indexOf("FROM");
        int to = fields.indexOf("TO");
        int cc = fields.indexOf("CC");
        int bcc = fields.indexOf("BCC");
        int subject = fields.indexOf("SUBJECT");
        List<MessageRow> rows = new ArrayList<>();
        List<HeaderSearchText> texts = new ArrayList<>();
        query(sql, r -> {
            rows.add(row(r));
            // the five texts are stored together or not at all; those not read stay null
            String first = r.getString(10);
            texts.add(first == null
                    ? null
                    : new HeaderSearchText(text(r, from, first), text(r, to, first), text(r, cc, first),
                            text(r, bcc, first), text(r, subject, first)));
            return null;
        }, parameters);
        return new SearchCandidates(rows, texts, where.exact());
    }
}

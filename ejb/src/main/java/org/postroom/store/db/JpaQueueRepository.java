package org.postroom.store.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;

import org.postroom.store.DeliveryRecord;
import org.postroom.store.QueueJob;
import org.postroom.store.QueueRecipient;
import org.postroom.store.QueueRepository;

@ApplicationScoped
public class JpaQueueRepository implements QueueRepository {

    @PersistenceContext(unitName = "postroom")
    private EntityManager em;

    /** The lockAll query by its number of parameters. */
    private static final Map<Integer, String> LOCK_ALL = new ConcurrentHashMap<>();

    protected JpaQueueRepository() {
    }

    /** For use outside the container (tests, tools). */
    public JpaQueueRepository(EntityManager em) {
        this.em = em;
    }

    @Override
    public QueueJob add(QueueJob job) {
        em.persist(job);
        em.flush();
        return job;
    }

    @Override
    public long addRow(NewJob job) {
        long id = Jdbc.nextId(em, QueueJob.class);
        Connection connection = Jdbc.connection(em);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO PR_QUEUE_JOB (ID, QUEUE_ID, SENDER,"
                + " CONTENT_ID, SIZE_BYTES, CLIENT_ADDRESS, AUTH_USER, CREATED_AT, STATE, ATTEMPTS, NEXT_ATTEMPT,"
                + " LAST_ERROR, HANDED_OFF_AT, VERSION, RET, ENVID) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, NULL, NULL,"
                + " 1, ?, ?)")) {
            insert.setLong(1, id);
            insert.setString(2, job.queueId());
            insert.setString(3, job.sender());
            insert.setLong(4, job.contentId());
            insert.setLong(5, job.size());
            insert.setString(6, job.clientAddress());
            insert.setString(7, job.authenticatedUser());
            insert.setLong(8, job.createdAt().toEpochMilli());
            insert.setString(9, QueueJob.State.QUEUED.name());
            insert.setLong(10, job.createdAt().toEpochMilli());
            insert.setString(11, job.ret());
            insert.setString(12, job.envelopeId() == null ? null : truncate(job.envelopeId(), 120));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw Jdbc.failed("storing delivery job " + job.queueId(), e);
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO PR_QUEUE_RCPT (ID, JOB_ID, ADDRESS,"
                + " VIA, STATE, DETAIL, NOTIFY, ORCPT) VALUES (?, ?, ?, NULL, ?, NULL, ?, ?)")) {
            Set<String> seen = new java.util.HashSet<>();
            for (int i = 0; i < job.recipients().size(); i++) {
                String recipient = job.recipients().get(i);
                if (!seen.add(recipient)) {
                    continue;
                }
                QueueRepository.RecipientDsn dsn = job.recipientDsn().isEmpty()
                        ? new QueueRepository.RecipientDsn(null, null)
                        : job.recipientDsn().get(i);
                insert.setLong(1, Jdbc.nextId(em, QueueRecipient.class));
                insert.setLong(2, id);
                insert.setString(3, recipient);
                insert.setString(4, QueueRecipient.State.PENDING.name());
                insert.setString(5, dsn.notifyConditions());
                insert.setString(6, dsn.originalRecipient() == null ? null : truncate(dsn.originalRecipient(), 600));
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw Jdbc.failed("storing the recipients of delivery job " + job.queueId(), e);
        }
        return id;
    }

    @Override
    public Optional<QueueJob> find(String queueId) {
        return em.createQuery("SELECT j FROM QueueJob j WHERE j.queueId = :q", QueueJob.class)
                .setParameter("q", queueId)
                .getResultStream()
                .findFirst();
    }

    @Override
    public Optional<QueueJob> find(long id) {
        return Optional.ofNullable(em.find(QueueJob.class, id));
    }

    @Override
    public Optional<QueueJob> lock(long id) {
        return Optional.ofNullable(em.find(QueueJob.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    @Override
    public List<QueueJob> lockAll(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        // No ORDER BY (not every database takes it with FOR UPDATE): the primary key is probed in ascending order,
        // which is also the order in which the rows are locked.
        // One parameter per id, their number rounded up to a power of two (padded with the last id): with a
        // collection parameter EclipseLink prepared the query anew on every call; a few fixed shapes are parsed once
        // (a named query registered at run time is not found by Liberty's container-managed entity managers).
        List<Long> distinct = List.copyOf(new LinkedHashSet<>(ids));
        int slots = Integer.highestOneBit(distinct.size() * 2 - 1);
        TypedQuery<QueueJob> query = em.createQuery(LOCK_ALL.computeIfAbsent(slots, JpaQueueRepository::lockAllQuery),
                QueueJob.class)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                // EclipseLink batch reading: each relationship in one more statement for all jobs.
                .setHint("eclipselink.batch", "j.recipients")
                .setHint("eclipselink.batch", "j.content")
                .setHint("eclipselink.batch.type", "IN");
        for (int i = 0; i < slots; i++) {
            query.setParameter("i" + i, distinct.get(Math.min(i, distinct.size() - 1)));
        }
        List<QueueJob> jobs = new ArrayList<>(query.getResultList());
        jobs.sort(Comparator.comparing(QueueJob::getId));
        return jobs;
    }

    private static String lockAllQuery(int slots) {
        return "SELECT j FROM QueueJob j WHERE j.id IN (" + IntStream.range(0, slots).mapToObj(i -> ":i" + i)
                .collect(Collectors.joining(", ")) + ")";
    }

    @Override
    public List<QueueJob> list(Optional<QueueJob.State> state, int limit) {
        TypedQuery<QueueJob> q = state.isPresent()
                ? em.createQuery("SELECT j FROM QueueJob j WHERE j.state = :s ORDER BY j.createdAt DESC, j.id DESC",
                        QueueJob.class).setParameter("s", state.get())
                : em.createQuery("SELECT j FROM QueueJob j ORDER BY j.createdAt DESC, j.id DESC", QueueJob.class);
        return q.setMaxResults(limit).getResultList();
    }

    @Override
    public List<Long> notHandedOff(Instant createdBefore, int limit) {
        return em.createQuery("SELECT j.id FROM QueueJob j WHERE j.state = :s AND j.handedOffAt IS NULL"
                + " AND j.createdAt < :before ORDER BY j.createdAt, j.id", Long.class)
                .setParameter("s", QueueJob.State.QUEUED)
                .setParameter("before", createdBefore)
                .setMaxResults(limit)
                .getResultList();
    }

    @Override
    public long countQueued() {
        return em.createQuery("SELECT COUNT(j) FROM QueueJob j WHERE j.state = :s", Long.class)
                .setParameter("s", QueueJob.State.QUEUED)
                .getSingleResult();
    }

    @Override
    public void markHandedOff(Collection<Long> ids, Instant at) {
        if (ids.isEmpty()) {
            return;
        }
        // Native and bound: a JPQL bulk update is sent with its values inlined (a database then compiles a new statement
        // for every call) and bumps the version, which would collide with a delivery holding a job.
        List<Long> distinct = List.copyOf(new LinkedHashSet<>(ids));
        Query update = em.createNativeQuery("UPDATE PR_QUEUE_JOB SET HANDED_OFF_AT = ? WHERE HANDED_OFF_AT IS NULL"
                + " AND ID IN (" + String.join(", ", Collections.nCopies(distinct.size(), "?")) + ")")
                .setParameter(1, at.toEpochMilli());
        for (int i = 0; i < distinct.size(); i++) {
            update.setParameter(i + 2, distinct.get(i));
        }
        update.executeUpdate();
        // A native statement bypasses the shared cache: drop the jobs' cached copies.
        distinct.forEach(id -> em.getEntityManagerFactory().getCache().evict(QueueJob.class, id));
    }

    @Override
    public Set<String> deliveredRecipients(long jobId) {
        return Set.copyOf(em.createQuery("SELECT d.recipient FROM DeliveryRecord d WHERE d.jobId = :j", String.class)
                .setParameter("j", jobId)
                .getResultList());
    }

    @Override
    public DeliveryRecord recordDelivery(DeliveryRecord record) {
        // No flush: the insert goes with the transaction's other writes at commit, where a duplicate fails it.
        em.persist(record);
        return record;
    }

    @Override
    public void recordDeliveries(List<DeliveryRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = Jdbc.connection(em).prepareStatement("INSERT INTO PR_DELIVERY_RECORD (ID,"
                + " JOB_ID, RECIPIENT, MESSAGE_ID, DELIVERED_AT) VALUES (?, ?, ?, ?, ?)")) {
            for (DeliveryRecord record : records) {
                insert.setLong(1, Jdbc.nextId(em, DeliveryRecord.class));
                insert.setLong(2, record.getJobId());
                insert.setString(3, record.getRecipient());
                insert.setLong(4, record.getMessageId());
                insert.setLong(5, record.getDeliveredAt().toEpochMilli());
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw Jdbc.failed("recording deliveries", e);
        }
    }

    @Override
    public List<Long> dueForLocalDelivery(Instant now, Instant stuckBefore, int limit) {
        return em.createQuery("SELECT j.id FROM QueueJob j WHERE j.state = :s AND j.nextAttempt IS NOT NULL AND"
                + " ((j.attempts > 0 AND j.nextAttempt <= :now) OR j.nextAttempt <= :stuck)"
                + " ORDER BY j.nextAttempt, j.id", Long.class)
                .setParameter("s", QueueJob.State.QUEUED)
                .setParameter("now", now)
                .setParameter("stuck", stuckBefore)
                .setMaxResults(limit)
                .getResultList();
    }

    @Override
    public List<Long> dueForOutbound(Instant now, int limit) {
        return em.createQuery("SELECT DISTINCT r.job.id FROM QueueRecipient r WHERE r.state IN :states"
                + " AND r.nextAttempt <= :now ORDER BY r.job.id", Long.class)
                .setParameter("states", List.of(QueueRecipient.State.QUEUED, QueueRecipient.State.DEFERRED))
                .setParameter("now", now)
                .setMaxResults(limit)
                .getResultList();
    }

    @Override
    public List<Long> dueForDelayWarning(Instant acceptedBefore, int limit) {
        return em.createQuery("SELECT j.id FROM QueueJob j WHERE j.state = :s AND j.sender IS NOT NULL"
                + " AND j.warnedAt IS NULL AND j.createdAt <= :before AND EXISTS (SELECT r FROM QueueRecipient r"
                + " WHERE r.job = j AND r.state = :deferred) ORDER BY j.createdAt, j.id", Long.class)
                .setParameter("s", QueueJob.State.WAITING)
                .setParameter("before", acceptedBefore)
                .setParameter("deferred", QueueRecipient.State.DEFERRED)
                .setMaxResults(limit)
                .getResultList();
    }

    @Override
    public List<Long> settledBefore(Instant settledBefore, int limit) {
        return em.createQuery("SELECT j.id FROM QueueJob j WHERE j.settledAt IS NOT NULL"
                + " AND j.settledAt <= :before ORDER BY j.settledAt, j.id", Long.class)
                .setParameter("before", settledBefore)
                .setMaxResults(limit)
                .getResultList();
    }

    @Override
    public int remove(Collection<Long> jobIds) {
        if (jobIds.isEmpty()) {
            return 0;
        }
        List<Long> ids = List.copyOf(new LinkedHashSet<>(jobIds));
        List<Long> contentIds = em.createQuery("SELECT DISTINCT j.content.id FROM QueueJob j WHERE j.id IN :ids",
                Long.class).setParameter("ids", ids).getResultList();
        em.createQuery("DELETE FROM DeliveryRecord d WHERE d.jobId IN :ids").setParameter("ids", ids).executeUpdate();
        em.createQuery("DELETE FROM QueueRecipient r WHERE r.job.id IN :ids").setParameter("ids", ids)
                .executeUpdate();
        int removed = em.createQuery("DELETE FROM QueueJob j WHERE j.id IN :ids").setParameter("ids", ids)
                .executeUpdate();
        ids.forEach(id -> em.getEntityManagerFactory().getCache().evict(QueueJob.class, id));
        em.getEntityManagerFactory().getCache().evict(QueueRecipient.class);
        UnreferencedContent.purge(em, contentIds);
        return removed;
    }

    @Override
    public List<QueueJob> search(Collection<QueueJob.State> states, Optional<String> sender,
            Optional<String> recipientDomain, Optional<Cursor> after, int limit) {
        StringBuilder jpql = new StringBuilder("SELECT j FROM QueueJob j WHERE j.state IN :states");
        sender.ifPresent(s -> jpql.append(s.isEmpty() ? " AND j.sender IS NULL" : " AND LOWER(j.sender) = :sender"));
        recipientDomain.ifPresent(d -> jpql.append(" AND EXISTS (SELECT r FROM QueueRecipient r WHERE r.job = j"
                + " AND LOWER(r.address) LIKE :domain)"));
        after.ifPresent(c -> jpql.append(" AND (j.createdAt < :at OR (j.createdAt = :at AND j.id < :id))"));
        jpql.append(" ORDER BY j.createdAt DESC, j.id DESC");
        TypedQuery<QueueJob> q = em.createQuery(jpql.toString(), QueueJob.class)
                .setParameter("states", List.copyOf(states));
        sender.filter(s -> !s.isEmpty()).ifPresent(s -> q.setParameter("sender", s.toLowerCase(java.util.Locale.ROOT)));
        // the caller passes a domain name (letters, digits, hyphens, dots): nothing in it is a LIKE wildcard
        recipientDomain.ifPresent(d -> q.setParameter("domain", "%@" + d.toLowerCase(java.util.Locale.ROOT)));
        after.ifPresent(c -> q.setParameter("at", c.createdAt()).setParameter("id", c.id()));
        return q.setMaxResults(limit).getResultList();
    }

    @Override
    public int flushDeferred(Instant now) {
        int n = em.createNativeQuery("UPDATE PR_QUEUE_RCPT SET NEXT_ATTEMPT = ? WHERE STATE = 'DEFERRED'")
                .setParameter(1, now.toEpochMilli())
                .executeUpdate();
        em.getEntityManagerFactory().getCache().evict(QueueRecipient.class);
        return n;
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}

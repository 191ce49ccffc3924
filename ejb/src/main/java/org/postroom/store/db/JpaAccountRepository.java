package org.postroom.store.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.postroom.domain.QuotaUsage;
import org.postroom.store.Account;
import org.postroom.store.AccountLimits;
import org.postroom.store.AccountRepository;
import org.postroom.store.Disabled;
import org.postroom.store.HostedDomain;

@ApplicationScoped
public class JpaAccountRepository implements AccountRepository {

    @PersistenceContext(unitName = "postroom")
    private EntityManager em;

    protected JpaAccountRepository() {
    }

    /** For use outside the container (tests, tools). */
    public JpaAccountRepository(EntityManager em) {
        this.em = em;
    }

    @Override
    public Optional<Account> find(String address) {
        return em.createQuery("SELECT a FROM Account a WHERE a.address = :address", Account.class)
                .setParameter("address", address)
                .getResultStream()
                .findFirst();
    }

    @Override
    public Set<String> existingAddresses(Collection<String> addresses) {
        if (addresses.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(em.createQuery("SELECT a.address FROM Account a WHERE a.address IN :addresses", String.class)
                .setParameter("addresses", addresses)
                .getResultList());
    }

    @Override
    public Optional<Account> findCurrent(String address) {
        // EclipseLink's shared cache answers a query with the object it holds for the row's id, which another server's
        // change of the password hash did not reach; refresh rebuilds the object from the row just read.
        return em.createQuery("SELECT a FROM Account a WHERE a.address = :address", Account.class)
                .setParameter("address", address)
                .setHint("eclipselink.refresh", "true")
                .getResultStream()
                .findFirst();
    }

    @Override
    public Optional<AccountLimits> limits(String address) {
        Connection connection = Jdbc.connection(em);
        long id;
        Long maxMessageBytes;
        Long quotaMaxBytes;
        Long quotaMaxMessages;
        boolean disabled;
        try (PreparedStatement select = connection.prepareStatement("SELECT ID, MAX_MESSAGE_BYTES, QUOTA_MAX_BYTES,"
                + " QUOTA_MAX_MESSAGES, DISABLED_AT FROM PR_ACCOUNT WHERE ADDRESS = ?")) {
            select.setString(1, address);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                id = row.getLong(1);
                maxMessageBytes = nullableLong(row, 2);
                quotaMaxBytes = nullableLong(row, 3);
                quotaMaxMessages = nullableLong(row, 4);
                disabled = nullableLong(row, 5) != null;
            }
        } catch (SQLException e) {
            throw Jdbc.failed("reading account " + address, e);
        }
        List<String> accept = new ArrayList<>();
        List<String> reject = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT 0, PATTERN, POS FROM PR_ACCEPT_SENDER"
                + " WHERE ACCOUNT_ID = ? UNION ALL SELECT 1, PATTERN, POS FROM PR_REJECT_SENDER WHERE ACCOUNT_ID = ?"
                + " ORDER BY 1, 3")) {
            select.setLong(1, id);
            select.setLong(2, id);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    (row.getInt(1) == 0 ? accept : reject).add(row.getString(2));
                }
            }
        } catch (SQLException e) {
            throw Jdbc.failed("reading the sender rules of account " + address, e);
        }
        return Optional.of(new AccountLimits(id, address, maxMessageBytes, quotaMaxBytes, quotaMaxMessages, accept,
                reject, disabled));
    }

    private static Long nullableLong(ResultSet row, int column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    @Override
    public Map<String, Optional<Disabled>> disabledByAddress(String passwordHash) {
        Map<String, Optional<Disabled>> accounts = new HashMap<>();
        em.createQuery("SELECT a.address, a.disabledAt, a.disabledReason FROM Account a"
                + " WHERE a.passwordHash = :hash", Object[].class)
                .setParameter("hash", passwordHash)
                .getResultStream()
                .forEach(row -> accounts.put((String) row[0], row[1] == null
                        ? Optional.empty()
                        : Optional.of(new Disabled((Instant) row[1], String.valueOf(row[2])))));
        return accounts;
    }

    @Override
    public boolean setDisabled(String address, Disabled disabled) {
        Optional<Account> account = find(address);
        account.ifPresent(a -> a.setDisabled(disabled));
        return account.isPresent();
    }

    @Override
    public List<Account> findAll() {
        return em.createQuery("SELECT a FROM Account a ORDER BY a.address", Account.class).getResultList();
    }

    @Override
    public List<Account> findByDomain(HostedDomain domain) {
        return em.createQuery("SELECT a FROM Account a WHERE a.domain = :domain ORDER BY a.address", Account.class)
                .setParameter("domain", domain)
                .getResultList();
    }

    @Override
    public long countByDomain(HostedDomain domain) {
        return em.createQuery("SELECT COUNT(a) FROM Account a WHERE a.domain = :domain", Long.class)
                .setParameter("domain", domain)
                .getSingleResult();
    }

    @Override
    public Account add(Account account) {
        em.persist(account);
        em.flush();
        return account;
    }

    @Override
    public Set<String> addresses() {
        return new HashSet<>(em.createQuery("SELECT a.address FROM Account a", String.class).getResultList());
    }

    @Override
    public Account addInBatch(Account account) {
        em.persist(account);
        return account;
    }

    @Override
    public void remove(Account account) {
        Account managed = em.contains(account) ? account : em.merge(account);
        List<Long> contentIds = em
                .createQuery("SELECT DISTINCT m.content.id FROM MailMessage m WHERE m.folder.account = :a", Long.class)
                .setParameter("a", managed)
                .getResultList();
        em.createQuery("DELETE FROM MailMessage m WHERE m.folder IN (SELECT f FROM Folder f WHERE f.account = :a)")
                .setParameter("a", managed)
                .executeUpdate();
        em.createQuery("DELETE FROM ExpungedMessage e WHERE e.folderId IN"
                + " (SELECT f.id FROM Folder f WHERE f.account = :a)").setParameter("a", managed).executeUpdate();
        em.createQuery("DELETE FROM Subscription s WHERE s.accountId = :a")
                .setParameter("a", managed.getId())
                .executeUpdate();
        em.createQuery("DELETE FROM Folder f WHERE f.account = :a").setParameter("a", managed).executeUpdate();
        UnreferencedContent.purge(em, contentIds);
        em.remove(managed);
    }

    /** Sums the counters of the account's folders (ADR 0088): one row per folder, however large the mailbox. */
    @Override
    public QuotaUsage usage(Account account) {
        Object[] row = em
                .createQuery("SELECT COALESCE(SUM(f.bytesUsed), 0), COALESCE(SUM(f.messageCount), 0) FROM Folder f"
                        + " WHERE f.account = :a", Object[].class)
                .setParameter("a", account)
                .getSingleResult();
        return new QuotaUsage(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
    }

    /**
     * As {@link #usage(Account)}, with one plain statement: it reads the folder rows as the database has them, so a
     * transaction that appended through the entity and has not flushed yet counts its own appends itself (as the
     * delivery batch does).
     */
    @Override
    public QuotaUsage usage(long accountId) {
        try (PreparedStatement select = Jdbc.connection(em).prepareStatement("SELECT COALESCE(SUM(BYTES_USED), 0),"
                + " COALESCE(SUM(MESSAGE_COUNT), 0) FROM PR_FOLDER WHERE ACCOUNT_ID = ?")) {
            select.setLong(1, accountId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return new QuotaUsage(row.getLong(1), row.getLong(2));
            }
        } catch (SQLException e) {
            throw Jdbc.failed("reading the usage of account " + accountId, e);
        }
    }
}

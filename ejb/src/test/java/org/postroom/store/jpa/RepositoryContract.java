package org.postroom.store.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import jakarta.persistence.PersistenceException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postroom.domain.QuotaUsage;
import org.postroom.store.Account;
import org.postroom.store.Alias;
import org.postroom.store.Folder;
import org.postroom.store.HostedDomain;
import org.postroom.store.MailMessage;
import org.postroom.store.MessageContent;
import org.postroom.store.schema.SchemaMigrator;

/**
 * The contract every repository implementation keeps, run against each supported database with the schema built
 * by the real migration scripts. Each test gets a fresh, empty database (or schema).
 */
abstract class RepositoryContract {

    private Jpa jpa;

    /** A JDBC URL for a fresh, empty database or schema. */
    protected abstract String freshDatabaseUrl() throws SQLException;

    protected abstract String user();

    protected abstract String password();

    @BeforeEach
    void migrateAndOpen() throws SQLException {
        String url = freshDatabaseUrl();
        try (Connection c = DriverManager.getConnection(url, user(), password())) {
            assertEquals(List.of(1), SchemaMigrator.migrate(c));
            assertEquals(List.of(), SchemaMigrator.migrate(c), "a second migration has nothing to do");
        }
        jpa = new Jpa(url, user(), password());
    }

    @AfterEach
    void close() {
        if (jpa != null) {
            jpa.close();
        }
    }

    private HostedDomain domain(String name) {
        return jpa.inTransaction(em -> new JpaDomainRepository(em).add(new HostedDomain(name, Instant.now())));
    }

    private Account account(HostedDomain d, String local) {
        return jpa.inTransaction(em -> {
            Account a = new JpaAccountRepository(em)
                    .add(new Account(local + "@" + d.getName(), em.merge(d), local, "hash", Instant.now()));
            new JpaMailboxRepository(em).addFolder(new Folder(a, "INBOX", null, 42));
            new JpaMailboxRepository(em).addFolder(new Folder(a, "Sent", "\\Sent", 42));
            return a;
        });
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void domainsAreFoundListedInOrderAndRemoved() {
        domain("b.example");
        Instant before = Instant.now().minusSeconds(1);
        domain("a.example");
        jpa.run(em -> {
            JpaDomainRepository repo = new JpaDomainRepository(em);
            assertEquals(List.of("a.example", "b.example"),
                    repo.findAll().stream().map(HostedDomain::getName).toList());
            HostedDomain a = repo.find("a.example").orElseThrow();
            assertTrue(a.getCreatedAt().isAfter(before), "instants survive the round trip");
            repo.remove(a);
        });
        jpa.run(em -> assertTrue(new JpaDomainRepository(em).find("a.example").isEmpty()));
    }

    @Test
    void duplicateDomainIsRefusedByTheDatabase() {
        domain("dup.example");
        assertThrows(PersistenceException.class, () -> domain("dup.example"));
    }

    @Test
    void accountsAreFoundByAddressAndDomain() {
        HostedDomain d = domain("c.example");
        HostedDomain other = domain("other.example");
        account(d, "zed");
        account(d, "amy");
        account(other, "amy");
        jpa.run(em -> {
            JpaAccountRepository repo = new JpaAccountRepository(em);
            assertEquals(List.of("amy@c.example", "zed@c.example"),
                    repo.findByDomain(em.merge(d)).stream().map(Account::getAddress).toList());
            assertEquals(2, repo.countByDomain(em.merge(d)));
            assertEquals(3, repo.findAll().size());
            assertTrue(repo.find("amy@other.example").isPresent());
            assertTrue(repo.find("nobody@c.example").isEmpty());
        });
    }

    @Test
    void restrictionsAndQuotaArePersistedInOrder() {
        Account a = account(domain("r.example"), "rita");
        jpa.run(em -> {
            Account managed = em.find(Account.class, a.getId());
            managed.setRestrictions(1000L, List.of("z@x.example", "@a.example"), List.of("@spam.example"));
            managed.setQuota(5000L, null);
        });
        jpa.run(em -> {
            Account read = new JpaAccountRepository(em).find("rita@r.example").orElseThrow();
            assertEquals(1000L, read.getMaxMessageBytes());
            assertEquals(List.of("z@x.example", "@a.example"), read.getAcceptSenders());
            assertEquals(List.of("@spam.example"), read.getRejectSenders());
            assertEquals(5000L, read.getQuotaMaxBytes());
            assertEquals(null, read.getQuotaMaxMessages());
        });
    }

    @Test
    void appendAllocatesIncreasingUidsPerFolderAndUsageCountsEveryFolder() {
        Account a = account(domain("u.example"), "uma");
        List<Long> uids = jpa.inTransaction(em -> {
            JpaMailboxRepository mailbox = new JpaMailboxRepository(em);
            Account managed = em.find(Account.class, a.getId());
            Folder inbox = mailbox.folder(managed, "INBOX").orElseThrow();
            Folder sent = mailbox.folder(managed, "Sent").orElseThrow();
            MessageContent c1 = mailbox.storeContent(bytes("Subject: one\r\n\r\nbody\r\n"));
            MessageContent c2 = mailbox.storeContent(bytes("Subject: two\r\n\r\nlonger body\r\n"));
            return List.of(mailbox.append(inbox, c1, Instant.now(), 0).getUid(),
                    mailbox.append(inbox, c2, Instant.now(), MailMessage.SEEN).getUid(),
                    mailbox.append(sent, c1, Instant.now(), 0).getUid());
        });
        assertEquals(List.of(1L, 2L, 1L), uids);
        jpa.run(em -> {
            Account managed = em.find(Account.class, a.getId());
            QuotaUsage usage = new JpaAccountRepository(em).usage(managed);
            long expected = 2L * "Subject: one\r\n\r\nbody\r\n".length()
                    + "Subject: two\r\n\r\nlonger body\r\n".length();
            assertEquals(new QuotaUsage(expected, 3), usage);
            JpaMailboxRepository mailbox = new JpaMailboxRepository(em);
            Folder inbox = mailbox.folder(managed, "INBOX").orElseThrow();
            assertEquals(3L, inbox.getUidNext());
            assertEquals(List.of(1L, 2L), mailbox.messages(inbox).stream().map(MailMessage::getUid).toList());
            assertEquals(2L, mailbox.messageCounts(managed).get(inbox.getId()));
        });
    }

    @Test
    void removingAnAccountRemovesItsMailboxButKeepsSharedContent() {
        HostedDomain d = domain("s.example");
        Account gone = account(d, "gone");
        Account stays = account(d, "stays");
        long[] ids = jpa.inTransaction(em -> {
            JpaMailboxRepository mailbox = new JpaMailboxRepository(em);
            MessageContent shared = mailbox.storeContent(bytes("shared"));
            MessageContent own = mailbox.storeContent(bytes("own"));
            Folder goneInbox = mailbox.folder(em.find(Account.class, gone.getId()), "INBOX").orElseThrow();
            Folder staysInbox = mailbox.folder(em.find(Account.class, stays.getId()), "INBOX").orElseThrow();
            mailbox.append(goneInbox, shared, Instant.now(), 0);
            mailbox.append(goneInbox, own, Instant.now(), 0);
            mailbox.append(staysInbox, shared, Instant.now(), 0);
            return new long[]{shared.getId(), own.getId()};
        });
        jpa.run(em -> new JpaAccountRepository(em).remove(em.find(Account.class, gone.getId())));
        jpa.run(em -> {
            assertTrue(new JpaAccountRepository(em).find("gone@s.example").isEmpty());
            assertEquals("shared", new String(em.find(MessageContent.class, ids[0]).getData(),
                    StandardCharsets.US_ASCII));
            assertEquals(null, em.find(MessageContent.class, ids[1]), "content nobody references is deleted");
            assertEquals(1, new JpaAccountRepository(em).usage(em.find(Account.class, stays.getId())).messages());
        });
    }

    @Test
    void aliasesKeepTargetOrderAndAreReplaceable() {
        HostedDomain d = domain("al.example");
        jpa.run(em -> new JpaAliasRepository(em)
                .add(new Alias("team@al.example", em.merge(d), List.of("b@x.example", "a@x.example"), Instant.now())));
        jpa.run(em -> {
            JpaAliasRepository repo = new JpaAliasRepository(em);
            Alias team = repo.find("team@al.example").orElseThrow();
            assertEquals(List.of("b@x.example", "a@x.example"), team.getTargets());
            team.setTargets(List.of("c@x.example"));
            assertEquals(1, repo.countByDomain(em.merge(d)));
        });
        jpa.run(em -> {
            JpaAliasRepository repo = new JpaAliasRepository(em);
            assertEquals(List.of("c@x.example"), repo.find("team@al.example").orElseThrow().getTargets());
            repo.remove(repo.find("team@al.example").orElseThrow());
        });
        jpa.run(em -> assertTrue(new JpaAliasRepository(em).findAll().isEmpty()));
    }

    @Test
    void settingsAreInsertedAndReplaced() {
        jpa.run(em -> new JpaSettingRepository(em).put("k", "one"));
        jpa.run(em -> new JpaSettingRepository(em).put("k", "two"));
        jpa.run(em -> {
            assertEquals("two", new JpaSettingRepository(em).get("k").orElseThrow());
            assertTrue(new JpaSettingRepository(em).get("missing").isEmpty());
        });
    }
}

package org.postroom.store.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.postroom.mailbox.SearchTranslation.criteria;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;

import jakarta.persistence.PersistenceException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postroom.connector.api.imap.ImapFlags;
import org.postroom.connector.api.imap.SearchKey;
import org.postroom.connector.api.mime.MessageStructure;
import org.postroom.domain.HeaderFields;
import org.postroom.domain.QuotaUsage;
import org.postroom.model.mime.StructureAnalyzer;
import org.postroom.store.Account;
import org.postroom.store.AccountLimits;
import org.postroom.store.Alias;
import org.postroom.store.DeliveryRecord;
import org.postroom.store.Disabled;
import org.postroom.store.DkimKey;
import org.postroom.store.Folder;
import org.postroom.store.HostedDomain;
import org.postroom.store.MailMessage;
import org.postroom.store.MessageRepository;
import org.postroom.store.MessageContent;
import org.postroom.store.MessageCriteria;
import org.postroom.store.MessageRow;
import org.postroom.store.MessageHeaderFields;
import org.postroom.store.MessageStructureRecord;
import org.postroom.store.QueueJob;
import org.postroom.store.QueueRecipient;
import org.postroom.store.QueueRepository;
import org.postroom.store.schema.SchemaMigrations;

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

    private String url;

    @BeforeEach
    void migrateAndOpen() throws SQLException {
        url = freshDatabaseUrl();
        SchemaMigrations.Outcome first = SchemaMigrations.migrate(url, user(), password());
        assertEquals(SchemaMigrations.scripts(first.dialect()).size(), first.applied().size(), "every script applied");
        assertEquals(List.of(), SchemaMigrations.migrate(url, user(), password()).applied(),
                "a second migration has nothing to do");
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
            new JpaFolderRepository(em).addFolder(new Folder(a, "INBOX", null, 42));
            new JpaFolderRepository(em).addFolder(new Folder(a, "Sent", "\\Sent", 42));
            return a;
        });
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void dkimKeysKeepTheirSealedOctetsOneIsActiveAndTheyGoWithTheirDomain() {
        HostedDomain d = domain("dkim.test");
        byte[] sealed = new byte[1300];
        for (int i = 0; i < sealed.length; i++) {
            sealed[i] = (byte) (i * 7);
        }
        Instant t = Instant.parse("2026-12-07T20:00:00Z");
        jpa.run(em -> new JpaDkimKeyRepository(em).add(new DkimKey(em.merge(d), "s1", "rsa-sha256", "UEs=", sealed,
                t)));
        DkimKey first = jpa.inTransaction(em -> new JpaDkimKeyRepository(em).active("dkim.test").orElseThrow());
        assertEquals("s1", first.getSelector());
        assertTrue(java.util.Arrays.equals(sealed, first.getSealedPrivateKey()), "the sealed key comes back whole");
        jpa.run(em -> {
            JpaDkimKeyRepository keys = new JpaDkimKeyRepository(em);
            keys.forDomain(em.merge(d)).forEach(k -> k.retire(t.plusSeconds(60)));
            keys.add(new DkimKey(em.merge(d), "s2", "ed25519-sha256", "UEs=", new byte[]{1, 2}, t.plusSeconds(60)));
        });
        assertEquals("s2", jpa.inTransaction(em -> new JpaDkimKeyRepository(em).active("dkim.test")).orElseThrow()
                .getSelector());
        assertEquals(List.of("s2", "s1"), jpa.inTransaction(em -> new JpaDkimKeyRepository(em)
                .forDomain(em.merge(d)).stream().map(DkimKey::getSelector).toList()));
        assertThrows(PersistenceException.class, () -> jpa.run(em -> new JpaDkimKeyRepository(em)
                .add(new DkimKey(em.merge(d), "s1", "rsa-sha256", "UEs=", sealed, t))), "a selector is used once");
        assertTrue(jpa.inTransaction(em -> new JpaDkimKeyRepository(em).active("other.test")).isEmpty());
        jpa.run(em -> {
            new JpaDkimKeyRepository(em).removeAll(em.merge(d));
            new JpaDomainRepository(em).remove(em.merge(d));
        });
        assertTrue(jpa.inTransaction(em -> new JpaDkimKeyRepository(em).active("dkim.test")).isEmpty());
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
            assertEquals(Set.of("amy@c.example", "amy@other.example"), repo.existingAddresses(
                    List.of("amy@c.example", "nobody@c.example", "amy@other.example")));
            assertEquals(Set.of(), repo.existingAddresses(List.of()));
        });
    }

    @Test
    void domainAdministratorsAreGrantedOnceListedByLoginFoundByLoginAndWithdrawn() {
        HostedDomain d = domain("adm.example");
        HostedDomain other = domain("adm2.example");
        Instant at = Instant.ofEpochMilli(1_700_000_000_123L);
        jpa.run(em -> {
            JpaDomainRepository repo = new JpaDomainRepository(em);
            assertTrue(repo.addAdministrator(em.merge(d), "zed@adm.example", at));
            assertTrue(repo.addAdministrator(em.merge(d), "amy@adm.example", at));
            assertFalse(repo.addAdministrator(em.merge(d), "amy@adm.example", at), "granted already");
            assertTrue(repo.addAdministrator(em.merge(other), "amy@adm.example", at));
        });
        jpa.run(em -> {
            JpaDomainRepository repo = new JpaDomainRepository(em);
            assertEquals(List.of("amy@adm.example", "zed@adm.example"), repo.administrators(em.merge(d)).stream()
                    .map(a -> a.getLogin()).toList());
            assertEquals(at, repo.administrators(em.merge(d)).get(0).getGrantedAt());
            assertEquals(Set.of("adm.example", "adm2.example"), repo.administeredBy(Set.of("amy@adm.example", "x")));
            assertEquals(Set.of(), repo.administeredBy(Set.of()));
            assertTrue(repo.removeAdministrator(em.merge(d), "zed@adm.example"));
            assertFalse(repo.removeAdministrator(em.merge(d), "zed@adm.example"));
            assertEquals(2, repo.removeGrantsOf("amy@adm.example"));
            repo.addAdministrator(em.merge(d), "bo@adm.example", at);
            repo.removeAdministrators(em.merge(d));
            repo.remove(em.merge(d));
        });
        jpa.run(em -> assertEquals(Set.of(), new JpaDomainRepository(em).administeredBy(Set.of("bo@adm.example"))));
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
    void anAccountIsDisabledAndEnabledAgainAndListedByItsPasswordHashWithItsMark() {
        HostedDomain d = domain("dis.example");
        Account kept = account(d, "kept");
        account(d, "other");
        Instant at = Instant.ofEpochMilli(1_700_000_000_000L);
        jpa.run(em -> {
            JpaAccountRepository accounts = new JpaAccountRepository(em);
            assertTrue(accounts.setDisabled("kept@dis.example", new Disabled(at, Disabled.NOT_IN_DIRECTORY)));
            assertEquals(false, accounts.setDisabled("nobody@dis.example", new Disabled(at, "x")));
        });
        jpa.run(em -> {
            JpaAccountRepository accounts = new JpaAccountRepository(em);
            assertEquals(Optional.of(new Disabled(at, Disabled.NOT_IN_DIRECTORY)),
                    accounts.find("kept@dis.example").orElseThrow().getDisabled());
            assertTrue(accounts.limits("kept@dis.example").orElseThrow().disabled());
            assertEquals(false, accounts.limits("other@dis.example").orElseThrow().disabled());
            Map<String, Optional<Disabled>> byHash = accounts.disabledByAddress("hash");
            assertEquals(Optional.of(new Disabled(at, Disabled.NOT_IN_DIRECTORY)), byHash.get("kept@dis.example"));
            assertEquals(Optional.empty(), byHash.get("other@dis.example"));
            assertEquals(Map.of(), accounts.disabledByAddress("{no such hash}"));
            accounts.setDisabled("kept@dis.example", null);
        });
        jpa.run(em -> assertEquals(Optional.empty(),
                new JpaAccountRepository(em).find(kept.getAddress()).orElseThrow().getDisabled()));
    }

    @Test
    void accountLimitsReadWithPlainStatementsMatchTheEntityAndUsageCountsEveryFolder() {
        Account a = account(domain("k.example"), "kim");
        Account plain = account(domain("k2.example"), "kai");
        jpa.run(em -> {
            Account managed = em.find(Account.class, a.getId());
            managed.setRestrictions(1000L, List.of("z@x.example", "@a.example", "b@x.example"),
                    List.of("@spam.example"));
            managed.setQuota(5000L, null);
            Repos mailbox = Repos.of(em);
            MessageContent c = mailbox.contents.storeContent(bytes("12345"));
            mailbox.messages.append(mailbox.folders.folder(managed, "INBOX").orElseThrow(), c, Instant.now(), 0);
            mailbox.messages.append(mailbox.folders.folder(managed, "Sent").orElseThrow(), c, Instant.now(), 0);
        });
        jpa.run(em -> {
            JpaAccountRepository accounts = new JpaAccountRepository(em);
            AccountLimits limits = accounts.limits("kim@k.example").orElseThrow();
            assertEquals(new AccountLimits(a.getId(), "kim@k.example", 1000L, 5000L, null,
                    List.of("z@x.example", "@a.example", "b@x.example"), List.of("@spam.example"), false), limits);
            assertEquals(new AccountLimits(plain.getId(), "kai@k2.example", null, null, null, List.of(), List.of(),
                    false),
                    accounts.limits("kai@k2.example").orElseThrow());
            assertTrue(accounts.limits("nobody@k.example").isEmpty());
            assertEquals(new QuotaUsage(10, 2), accounts.usage(a.getId()));
            assertEquals(accounts.usage(em.find(Account.class, a.getId())), accounts.usage(a.getId()));
            assertEquals(new QuotaUsage(0, 0), accounts.usage(plain.getId()));
            Repos mailbox = Repos.of(em);
            assertEquals(mailbox.folders.folder(em.find(Account.class, a.getId()), "INBOX").orElseThrow().getId(),
                    mailbox.folders.lockFolder(a.getId(), "INBOX").orElseThrow().getId());
            assertTrue(mailbox.folders.lockFolder(a.getId(), "Nowhere").isEmpty());
        });
    }

    @Test
    void appendAllocatesIncreasingUidsPerFolderAndUsageCountsEveryFolder() {
        Account a = account(domain("u.example"), "uma");
        List<Long> uids = jpa.inTransaction(em -> {
            Repos mailbox = Repos.of(em);
            Account managed = em.find(Account.class, a.getId());
            Folder inbox = mailbox.folders.folder(managed, "INBOX").orElseThrow();
            Folder sent = mailbox.folders.folder(managed, "Sent").orElseThrow();
            MessageContent c1 = mailbox.contents.storeContent(bytes("Subject: one\r\n\r\nbody\r\n"));
            MessageContent c2 = mailbox.contents.storeContent(bytes("Subject: two\r\n\r\nlonger body\r\n"));
            return List.of(mailbox.messages.append(inbox, c1, Instant.now(), 0).getUid(),
                    mailbox.messages.append(inbox, c2, Instant.now(), MailMessage.SEEN).getUid(),
                    mailbox.messages.append(sent, c1, Instant.now(), 0).getUid());
        });
        assertEquals(List.of(1L, 2L, 1L), uids);
        jpa.run(em -> {
            Account managed = em.find(Account.class, a.getId());
            QuotaUsage usage = new JpaAccountRepository(em).usage(managed);
            long expected = 2L * "Subject: one\r\n\r\nbody\r\n".length()
                    + "Subject: two\r\n\r\nlonger body\r\n".length();
            assertEquals(new QuotaUsage(expected, 3), usage);
            Repos mailbox = Repos.of(em);
            Folder inbox = mailbox.folders.folder(managed, "INBOX").orElseThrow();
            assertEquals(3L, inbox.getUidNext());
            assertEquals(List.of(1L, 2L), mailbox.all(inbox).stream().map(MailMessage::getUid).toList());
            assertEquals(2L, mailbox.messages.messageCounts(managed).get(inbox.getId()));
        });
    }

    @Test
    void imapReadsCountContentByIdAndHeaderFields() {
        Account a = account(domain("r.example"), "rita");
        long[] ids = jpa.inTransaction(em -> {
            Repos mailbox = Repos.of(em);
            Folder inbox = mailbox.folders.folder(em.find(Account.class, a.getId()), "INBOX").orElseThrow();
            MessageContent c1 = mailbox.contents.storeContent(bytes("From: a@x\r\n\r\none\r\n"));
            MessageContent c2 = mailbox.contents.storeContent(bytes("Subject: two\r\n\r\ntwo\r\n"));
            new JpaHeaderFieldsRepository(em)
                    .add(new MessageHeaderFields(c1.getId(), new HeaderFields(null, null, "Hi", "Hi",
                            "a@x", null, null, "b@y", null, null, null, null)));
            mailbox.messages.append(inbox, c1, Instant.now(), MailMessage.SEEN | MailMessage.FLAGGED);
            mailbox.messages.append(inbox, c2, Instant.now(), MailMessage.DELETED);
            mailbox.messages.append(inbox, c2, Instant.now(), 0);
            return new long[]{inbox.getId(), c1.getId(), c2.getId()};
        });
        jpa.run(em -> {
            Repos mailbox = Repos.of(em);
            Folder inbox = mailbox.folders.folder(ids[0]).orElseThrow();
            assertEquals(new MessageRepository.FolderCounts(3, 2, 2), mailbox.messages.counts(inbox, 2));
            Folder sent = mailbox.folders.folder(em.find(Account.class, a.getId()), "Sent").orElseThrow();
            assertEquals(new MessageRepository.FolderCounts(0, 0, 0), mailbox.messages.counts(sent, 1));
            Map<Long, byte[]> contents = mailbox.contents.contentsById(List.of(ids[2], ids[1], ids[2], -1L));
            assertEquals(Set.of(ids[1], ids[2]), contents.keySet());
            assertEquals("Subject: two\r\n\r\ntwo\r\n", new String(contents.get(ids[2]), StandardCharsets.US_ASCII));
            assertEquals("Hi", new JpaHeaderFieldsRepository(em).find(ids[1]).orElseThrow().toHeaderFields()
                    .subject());
        });
    }

    @Test
    void appendToALockedFolderContinuesItsUidsAndAMissingFolderIsNotLocked() {
        Account a = account(domain("l.example"), "lou");
        List<Long> uids = jpa.inTransaction(em -> {
            Repos mailbox = Repos.of(em);
            Account managed = em.find(Account.class, a.getId());
            MessageContent c = mailbox.contents.storeContent(bytes("Subject: one\r\n\r\nbody\r\n"));
            long first = mailbox.messages
                    .append(mailbox.folders.folder(managed, "INBOX").orElseThrow(), c, Instant.now(), 0).getUid();
            Folder locked = mailbox.folders.lockFolder(managed.getId(), "INBOX").orElseThrow();
            assertTrue(mailbox.folders.lockFolder(managed.getId(), "Nowhere").isEmpty());
            return List.of(first, mailbox.messages.append(locked, c, Instant.now(), 0).getUid(),
                    mailbox.messages.append(locked, c, Instant.now(), 0).getUid());
        });
        assertEquals(List.of(1L, 2L, 3L), uids);
        jpa.run(em -> assertEquals(4L, new JpaFolderRepository(em).folder(em.find(Account.class, a.getId()), "INBOX")
                .orElseThrow().getUidNext()));
    }

    @Test
    void removedMessagesLeaveTheFolderAndTheirUnsharedContentButOtherFoldersAreUntouched() {
        HostedDomain d = domain("rm.example");
        Account a = account(d, "rita");
        long[] ids = jpa.inTransaction(em -> {
            Repos mailbox = Repos.of(em);
            Account managed = em.find(Account.class, a.getId());
            Folder inbox = mailbox.folders.folder(managed, "INBOX").orElseThrow();
            Folder sent = mailbox.folders.folder(managed, "Sent").orElseThrow();
            MessageContent shared = mailbox.contents.storeContent(bytes("shared"));
            MessageContent own = mailbox.contents.storeContent(bytes("own"));
            long m1 = mailbox.messages.append(inbox, shared, Instant.now(), 0).getId();
            long m2 = mailbox.messages.append(inbox, own, Instant.now(), 0).getId();
            long m3 = mailbox.messages.append(inbox, own, Instant.now(), 0).getId();
            long inSent = mailbox.messages.append(sent, shared, Instant.now(), 0).getId();
            return new long[]{m1, m2, m3, inSent, shared.getId(), own.getId()};
        });
        jpa.run(em -> {
            Repos mailbox = Repos.of(em);
            Map<Long, byte[]> contents = mailbox.messages.contents(a.getAddress(), "INBOX",
                    List.of(ids[0], ids[1], ids[3], 999_999L));
            assertEquals(Set.of(ids[0], ids[1]), contents.keySet(), "only this folder's existing messages");
            assertEquals("own", new String(contents.get(ids[1]), StandardCharsets.US_ASCII));
            assertEquals(Map.of(), mailbox.messages.contents("nobody@rm.example", "INBOX", List.of(ids[0])));
            // more ids than one statement takes: every one found once
            List<Long> many = new java.util.ArrayList<>();
            for (int i = 0; i < 70; i++) {
                many.add(i % 2 == 0 ? ids[0] : 999_999L + i);
            }
            many.add(ids[1]);
            assertEquals(Set.of(ids[0], ids[1]),
                    mailbox.messages.contents(a.getAddress(), "INBOX", many).keySet());
        });
        int removed = jpa.inTransaction(em -> {
            Repos mailbox = Repos.of(em);
            Folder inbox = mailbox.folders.folder(em.find(Account.class, a.getId()), "INBOX").orElseThrow();
            // the Sent message's id is ignored: it is not in this folder
            return mailbox.messages.remove(inbox, List.of(ids[0], ids[1], ids[2], ids[3], ids[1]));
        });
        assertEquals(3, removed);
        jpa.run(em -> {
            Repos mailbox = Repos.of(em);
            Account managed = em.find(Account.class, a.getId());
            Folder inbox = mailbox.folders.folder(managed, "INBOX").orElseThrow();
            Folder sent = mailbox.folders.folder(managed, "Sent").orElseThrow();
            assertTrue(mailbox.all(inbox).isEmpty());
            assertTrue(mailbox.message(inbox, ids[0]).isEmpty());
            assertEquals(ids[3], mailbox.message(sent, ids[3]).orElseThrow().getId());
            assertTrue(mailbox.message(inbox, ids[3]).isEmpty(), "a message is only found in its own folder");
            assertEquals(new QuotaUsage("shared".length(), 1), new JpaAccountRepository(em).usage(managed));
            assertEquals("shared", new String(em.find(MessageContent.class, ids[4]).getData(),
                    StandardCharsets.US_ASCII));
            assertEquals("own", new String(em.find(MessageContent.class, ids[5]).getData(), StandardCharsets.US_ASCII),
                    "content is purged later, not by the removal");
            assertEquals(4L, inbox.getUidNext(), "UIDs are never reused");
        });
        int purged = jpa.inTransaction(em -> new JpaContentRepository(em).purgeUnreferencedContent(1000));
        assertTrue(purged >= 1, "at least the removed messages' own content");
        jpa.run(em -> {
            assertEquals(null, em.find(MessageContent.class, ids[5]), "content nobody references is deleted");
            assertEquals("shared", new String(em.find(MessageContent.class, ids[4]).getData(),
                    StandardCharsets.US_ASCII), "content the Sent message refers to stays");
        });
    }

    @Test
    void removingAnAccountRemovesItsMailboxButKeepsSharedContent() {
        HostedDomain d = domain("s.example");
        Account gone = account(d, "gone");
        Account stays = account(d, "stays");
        long[] ids = jpa.inTransaction(em -> {
            Repos mailbox = Repos.of(em);
            MessageContent shared = mailbox.contents.storeContent(bytes("shared"));
            MessageContent own = mailbox.contents.storeContent(bytes("own"));
            Folder goneInbox = mailbox.folders.folder(em.find(Account.class, gone.getId()), "INBOX").orElseThrow();
            Folder staysInbox = mailbox.folders.folder(em.find(Account.class, stays.getId()), "INBOX").orElseThrow();
            mailbox.messages.append(goneInbox, shared, Instant.now(), 0);
            mailbox.messages.append(goneInbox, own, Instant.now(), 0);
            mailbox.messages.append(staysInbox, shared, Instant.now(), 0);
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

    private QueueJob job(String queueId, Instant created, String... recipients) {
        return jpa.inTransaction(em -> {
            MessageContent content = new JpaContentRepository(em).storeContent(bytes("Subject: " + queueId + "\r\n"));
            return new JpaQueueRepository(em)
                    .add(new QueueJob(queueId, "s@x.example", content, "192.0.2.1", null, created,
                            List.of(recipients)));
        });
    }

    @Test
    void jobsDueForLocalDeliveryAreFailedOnesWhoseNextAttemptCameAndQueuedOnesLeftWaitingTooLong() {
        Instant t = Instant.now();
        QueueJob fresh = job("L0", t.minusSeconds(5), "a@x.example");
        QueueJob failedDue = job("L1", t.minusSeconds(600), "a@x.example");
        QueueJob failedLater = job("L2", t.minusSeconds(600), "a@x.example");
        QueueJob stuck = job("L3", t.minusSeconds(3600), "a@x.example");
        QueueJob settled = job("L4", t.minusSeconds(3600), "a@x.example");
        jpa.run(em -> {
            em.find(QueueJob.class, failedDue.getId()).recordAttempt("db", t.minusSeconds(1));
            em.find(QueueJob.class, failedLater.getId()).recordAttempt("db", t.plusSeconds(300));
            em.find(QueueJob.class, settled.getId()).setState(QueueJob.State.DELIVERED);
        });
        jpa.run(em -> assertEquals(List.of(stuck.getId(), failedDue.getId()),
                new JpaQueueRepository(em).dueForLocalDelivery(t, t.minusSeconds(900), 10)));
        assertTrue(fresh.getId() > 0);
    }

    @Test
    void jobsDueForOutboundHaveAQueuedOrDeferredRecipientWhoseNextAttemptCame() {
        Instant t = Instant.now();
        QueueJob due = job("O1", t, "a@r.example", "b@r.example");
        QueueJob later = job("O2", t, "a@r.example");
        QueueJob held = job("O3", t, "a@r.example");
        jpa.run(em -> {
            QueueJob d = em.find(QueueJob.class, due.getId());
            d.getRecipients().get(0).setState(QueueRecipient.State.QUEUED, "waiting");
            d.getRecipients().get(0).setNextAttempt(t.minusSeconds(1));
            d.getRecipients().get(1).recordAttempt(QueueRecipient.State.DEFERRED, "451", "mx", t.minusSeconds(2));
            em.find(QueueJob.class, later.getId()).getRecipients().get(0)
                    .recordAttempt(QueueRecipient.State.DEFERRED, "451", "mx", t.plusSeconds(60));
            QueueRecipient h = em.find(QueueJob.class, held.getId()).getRecipients().get(0);
            h.setState(QueueRecipient.State.HELD, "held");
            h.setNextAttempt(t.minusSeconds(1));
        });
        jpa.run(em -> assertEquals(List.of(due.getId()), new JpaQueueRepository(em).dueForOutbound(t, 10)));
    }

    @Test
    void delayWarningsAreDueForWaitingJobsWithADeferredRecipientASenderAndNoWarningYet() {
        Instant t = Instant.now();
        QueueJob old = job("W1", t.minusSeconds(5 * 3600), "a@r.example");
        QueueJob young = job("W2", t.minusSeconds(60), "a@r.example");
        QueueJob warned = job("W3", t.minusSeconds(5 * 3600), "a@r.example");
        jpa.run(em -> {
            for (QueueJob j : List.of(old, young, warned)) {
                QueueJob e = em.find(QueueJob.class, j.getId());
                e.getRecipients().get(0).recordAttempt(QueueRecipient.State.DEFERRED, "451", "mx", t.plusSeconds(60));
                e.deriveState(t);
            }
            em.find(QueueJob.class, warned.getId()).setWarnedAt(t);
        });
        jpa.run(em -> assertEquals(List.of(old.getId()),
                new JpaQueueRepository(em).dueForDelayWarning(t.minusSeconds(4 * 3600), 10)));
    }

    @Test
    void settledJobsPastTheRetentionAreRemovedWithTheirRowsAndContent() {
        Instant t = Instant.now();
        QueueJob done = job("R1", t.minusSeconds(60), "a@r.example");
        QueueJob waiting = job("R2", t.minusSeconds(60), "a@r.example");
        long contentId = jpa.inTransaction(em -> em.find(QueueJob.class, done.getId()).getContent().getId());
        jpa.run(em -> {
            QueueJob d = em.find(QueueJob.class, done.getId());
            d.getRecipients().get(0).recordAttempt(QueueRecipient.State.DELIVERED, "250 ok", "mx", null);
            assertEquals(QueueJob.State.DELIVERED, d.deriveState(t.minusSeconds(30)));
            QueueJob w = em.find(QueueJob.class, waiting.getId());
            w.getRecipients().get(0).recordAttempt(QueueRecipient.State.DEFERRED, "451", "mx", t);
            assertEquals(QueueJob.State.WAITING, w.deriveState(t.minusSeconds(30)));
        });
        jpa.run(em -> assertEquals(List.of(), new JpaQueueRepository(em).settledBefore(t.minusSeconds(31), 10)));
        jpa.run(em -> {
            JpaQueueRepository repo = new JpaQueueRepository(em);
            assertEquals(List.of(done.getId()), repo.settledBefore(t, 10));
            assertEquals(1, repo.remove(repo.settledBefore(t, 10)));
        });
        jpa.run(em -> {
            assertEquals(Optional.empty(), new JpaQueueRepository(em).find(done.getId()));
            assertTrue(new JpaQueueRepository(em).find(waiting.getId()).isPresent());
            assertEquals(null, em.find(MessageContent.class, contentId), "its content went with it");
            assertEquals(0L, em.createQuery("SELECT COUNT(r) FROM QueueRecipient r WHERE r.address = 'a@r.example'"
                    + " AND r.state = :s", Long.class).setParameter("s", QueueRecipient.State.DELIVERED)
                    .getSingleResult());
        });
    }

    @Test
    void jobsStoredWithPlainStatementsReadBackLikeEntitiesAndShareTheIdSequence() {
        Instant t = Instant.ofEpochMilli(1_700_000_000_123L);
        byte[] raw = bytes("Subject: plain\r\n\r\nbody\r\n");
        long[] ids = jpa.inTransaction(em -> {
            Repos mailbox = Repos.of(em);
            long viaJpa = mailbox.contents.storeContent(bytes("x")).getId();
            long contentId = mailbox.contents.storeContentRow(raw, t);
            long jobId = new JpaQueueRepository(em).addRow(new QueueRepository.NewJob("PLAIN1", null, contentId,
                    raw.length, "192.0.2.7", "auth@x.example", t,
                    List.of("b@x.example", "a@x.example", "b@x.example")));
            return new long[]{viaJpa, contentId, jobId};
        });
        assertTrue(ids[0] != ids[1], "JPA and plain inserts take ids from one sequence");
        jpa.run(em -> {
            JpaQueueRepository repo = new JpaQueueRepository(em);
            QueueJob job = repo.lockAll(List.of(ids[2])).get(0);
            assertEquals("PLAIN1", job.getQueueId());
            assertEquals(List.of("b@x.example", "a@x.example"),
                    job.getRecipients().stream().map(QueueRecipient::getAddress).toList());
            assertTrue(job.getRecipients().stream().allMatch(r -> r.getState() == QueueRecipient.State.PENDING));
            assertEquals(QueueJob.State.QUEUED, job.getState());
            assertEquals(0, job.getAttempts());
            assertEquals(Optional.empty(), job.getSender());
            assertEquals("auth@x.example", job.getAuthenticatedUser());
            assertEquals(t, job.getCreatedAt());
            assertEquals(ids[1], job.getContent().getId());
            assertEquals(raw.length, job.getContent().getSize());
            assertEquals(new String(raw, StandardCharsets.US_ASCII),
                    new String(job.getContent().getData(), StandardCharsets.US_ASCII));
            assertEquals(1L, repo.countQueued());
            job.recordAttempt(null, null); // the entity is updatable (its version was written)
            job.setState(QueueJob.State.DELIVERED);
        });
        jpa.run(em -> assertEquals(QueueJob.State.DELIVERED,
                new JpaQueueRepository(em).find("PLAIN1").orElseThrow().getState()));
        assertThrows(PersistenceException.class, () -> jpa.run(em -> new JpaQueueRepository(em)
                .addRow(new QueueRepository.NewJob("PLAIN1", null, ids[1], raw.length, "x", null, t, List.of()))));
    }

    @Test
    void messagesAppendedWithPlainStatementsContinueTheFolderAndAreRecordedOnce() {
        Account a = account(domain("p.example"), "pia");
        byte[] raw = MIME.getBytes(StandardCharsets.UTF_8);
        QueueJob j = job("PJ", Instant.now(), "pia@p.example");
        long contentId = jpa.inTransaction(em -> new JpaContentRepository(em).storeContentRow(raw, Instant.now()));
        Instant date = Instant.ofEpochMilli(1_700_000_000_000L);
        List<Long> messageIds = jpa.inTransaction(em -> {
            Repos mailbox = Repos.of(em);
            Account managed = em.find(Account.class, a.getId());
            long first = mailbox.messages.append(mailbox.folders.folder(managed, "INBOX").orElseThrow(),
                    em.find(MessageContent.class, contentId), Instant.now(), 0).getId();
            Folder locked = mailbox.folders.lockFolder(managed.getId(), "INBOX").orElseThrow();
            long second = mailbox.messages.appendLockedRow(locked, contentId, raw.length, date);
            long third = mailbox.messages.appendLockedRow(locked, contentId, raw.length, date);
            new JpaQueueRepository(em).recordDeliveries(List.of(new DeliveryRecord(j.getId(), "pia@p.example", second,
                    date), new DeliveryRecord(j.getId(), "other@p.example", third, date)));
            new JpaHeaderFieldsRepository(em)
                    .addRow(new MessageHeaderFields(contentId, new HeaderFields(null, date, "s", "s",
                            "f@x", null, null, "t@x", null, null, null, "<m@x>")));
            new JpaStructureRepository(em)
                    .addRow(new MessageStructureRecord(contentId, StructureAnalyzer.analyze(raw)));
            return List.of(first, second, third);
        });
        jpa.run(em -> {
            Repos mailbox = Repos.of(em);
            Folder inbox = mailbox.folders.folder(em.find(Account.class, a.getId()), "INBOX").orElseThrow();
            assertEquals(4L, inbox.getUidNext());
            List<MailMessage> messages = mailbox.all(inbox);
            assertEquals(messageIds, messages.stream().map(MailMessage::getId).toList());
            assertEquals(List.of(1L, 2L, 3L), messages.stream().map(MailMessage::getUid).toList());
            MailMessage plain = messages.get(2);
            assertEquals(raw.length, plain.getSize());
            assertEquals(date, plain.getInternalDate());
            assertEquals(0, plain.getSystemFlags());
            assertEquals(inbox.getHighestModSeq(), plain.getModSeq(), "stamped with the folder's last modseq");
            assertEquals(plain.getModSeq(), plain.getCreatedModSeq());
            assertTrue(messages.get(1).getModSeq() < plain.getModSeq());
            assertEquals(List.of(2L, 3L), mailbox.messages.rowsChangedSince(inbox, messages.get(0).getModSeq()).stream()
                    .map(MessageRow::uid).toList());
            assertEquals(raw.length, mailbox.content(inbox, 3).orElseThrow().length);
            Map<Long, byte[]> data = mailbox.contents.contentsById(List.of(contentId, -5L, contentId));
            assertEquals(Set.of(contentId), data.keySet(), "a missing id is left out");
            assertEquals(MIME, new String(data.get(contentId), StandardCharsets.UTF_8));
            assertEquals(Map.of(), mailbox.contents.contentsById(List.of()));
            assertEquals(Set.of("pia@p.example", "other@p.example"),
                    new JpaQueueRepository(em).deliveredRecipients(j.getId()));
            assertEquals("<m@x>",
                    new JpaHeaderFieldsRepository(em).find(contentId).orElseThrow().toHeaderFields().messageId());
            assertEquals(date,
                    new JpaHeaderFieldsRepository(em).find(contentId).orElseThrow().toHeaderFields().sentAt());
            assertEquals(StructureAnalyzer.analyze(raw),
                    new JpaStructureRepository(em).find(contentId).orElseThrow().toStructure());
        });
        assertThrows(PersistenceException.class, () -> jpa.run(em -> new JpaQueueRepository(em)
                .recordDeliveries(List.of(new DeliveryRecord(j.getId(), "pia@p.example", 1, Instant.now())))));
        assertThrows(PersistenceException.class, () -> jpa.run(em -> new JpaHeaderFieldsRepository(em)
                .addRow(new MessageHeaderFields(contentId, HeaderFields.empty()))));
    }

    @Test
    void queueJobsKeepTheirRecipientsInOrderAndAreFoundByQueueId() {
        QueueJob added = job("Q1", Instant.now(), "b@x.example", "a@x.example");
        jpa.run(em -> {
            JpaQueueRepository repo = new JpaQueueRepository(em);
            QueueJob job = repo.find("Q1").orElseThrow();
            assertEquals(added.getId(), job.getId());
            assertEquals(List.of("b@x.example", "a@x.example"),
                    job.getRecipients().stream().map(QueueRecipient::getAddress).toList());
            assertTrue(job.getRecipients().stream().allMatch(r -> r.getState() == QueueRecipient.State.PENDING));
            assertEquals(QueueJob.State.QUEUED, job.getState());
            assertEquals(Optional.of("s@x.example"), job.getSender());
            assertEquals(("Subject: Q1\r\n").length(), job.getSize());
            assertTrue(repo.find("Q2").isEmpty());
            assertTrue(repo.lock(job.getId()).isPresent());
        });
    }

    @Test
    void recipientStatesAndExpandedRecipientsArePersisted() {
        QueueJob added = job("QE", Instant.now(), "team@x.example");
        jpa.run(em -> {
            QueueJob job = new JpaQueueRepository(em).lock(added.getId()).orElseThrow();
            job.recipient("team@x.example").orElseThrow().setState(QueueRecipient.State.EXPANDED, "expanded to 2");
            job.addExpandedRecipient("u1@x.example", "team@x.example").setState(QueueRecipient.State.DELIVERED, null);
            job.addExpandedRecipient("r@remote.example", "team@x.example")
                    .setState(QueueRecipient.State.QUEUED, "outbound");
            job.recordAttempt(null, null);
            job.setState(QueueJob.State.DELIVERED);
        });
        jpa.run(em -> {
            QueueJob job = new JpaQueueRepository(em).find("QE").orElseThrow();
            assertEquals(List.of("team@x.example", "u1@x.example", "r@remote.example"),
                    job.getRecipients().stream().map(QueueRecipient::getAddress).toList());
            assertEquals("team@x.example", job.recipient("u1@x.example").orElseThrow().getVia());
            assertEquals(QueueRecipient.State.QUEUED, job.recipient("r@remote.example").orElseThrow().getState());
            assertEquals(1, job.getAttempts());
            assertEquals(QueueJob.State.DELIVERED, job.getState());
        });
    }

    @Test
    void duplicateQueueIdIsRefusedByTheDatabase() {
        job("DUP", Instant.now(), "a@x.example");
        assertThrows(PersistenceException.class, () -> job("DUP", Instant.now(), "a@x.example"));
    }

    @Test
    void queueListingIsNewestFirstAndFiltersByState() {
        Instant t = Instant.now();
        job("OLD", t.minusSeconds(60), "a@x.example");
        QueueJob held = job("MID", t.minusSeconds(30), "a@x.example");
        job("NEW", t, "a@x.example");
        jpa.run(em -> em.find(QueueJob.class, held.getId()).setState(QueueJob.State.HELD));
        jpa.run(em -> {
            JpaQueueRepository repo = new JpaQueueRepository(em);
            assertEquals(List.of("NEW", "MID", "OLD"),
                    repo.list(Optional.empty(), 10).stream().map(QueueJob::getQueueId).toList());
            assertEquals(List.of("NEW"), repo.list(Optional.empty(), 1).stream().map(QueueJob::getQueueId).toList());
            assertEquals(List.of("MID"),
                    repo.list(Optional.of(QueueJob.State.HELD), 10).stream().map(QueueJob::getQueueId).toList());
            assertEquals(List.of(), repo.list(Optional.of(QueueJob.State.BOUNCED), 10));
        });
    }

    @Test
    void jobsNeverHandedOffAreFoundUntilMarked() {
        Instant t = Instant.now();
        QueueJob older = job("H1", t.minusSeconds(60), "a@x.example");
        QueueJob newer = job("H2", t.minusSeconds(30), "a@x.example");
        QueueJob oldest = job("H0", t.minusSeconds(90), "a@x.example");
        job("H3", t.plusSeconds(60), "a@x.example");
        jpa.run(em -> assertEquals(List.of(oldest.getId(), older.getId(), newer.getId()),
                new JpaQueueRepository(em).notHandedOff(t, 10)));
        jpa.run(em -> new JpaQueueRepository(em).markHandedOff(List.of(older.getId(), oldest.getId(), -1L), t));
        jpa.run(em -> new JpaQueueRepository(em).markHandedOff(List.of(older.getId()), t.plusSeconds(5)));
        jpa.run(em -> new JpaQueueRepository(em).markHandedOff(List.of(), t));
        jpa.run(em -> {
            JpaQueueRepository repo = new JpaQueueRepository(em);
            assertEquals(List.of(newer.getId()), repo.notHandedOff(t, 10), "marked in one call, a missing id ignored");
            assertEquals(t.toEpochMilli(), repo.find(older.getId()).orElseThrow().getHandedOffAt().toEpochMilli(),
                    "the first hand-off is kept");
        });
        jpa.run(em -> em.find(QueueJob.class, newer.getId()).setState(QueueJob.State.DELIVERED));
        jpa.run(em -> assertEquals(List.of(), new JpaQueueRepository(em).notHandedOff(t, 10),
                "only queued jobs are sent again"));
    }

    @Test
    void jobsAreLockedTogetherInIdOrderWithTheirRecipientsAndMissingIdsAreLeftOut() {
        QueueJob second = job("L2", Instant.now(), "c@x.example");
        QueueJob first = job("L1", Instant.now(), "a@x.example", "b@x.example");
        long low = Math.min(first.getId(), second.getId());
        long high = Math.max(first.getId(), second.getId());
        jpa.run(em -> {
            List<QueueJob> locked = new JpaQueueRepository(em).lockAll(List.of(high, -1L, low));
            assertEquals(List.of(low, high), locked.stream().map(QueueJob::getId).toList());
            assertEquals(List.of("a@x.example", "b@x.example"), em.find(QueueJob.class, first.getId())
                    .getRecipients().stream().map(r -> r.getAddress()).toList());
            assertEquals(List.of(), new JpaQueueRepository(em).lockAll(List.of()));
        });
    }

    @Test
    void onlyQueuedJobsCountAsWaitingForDelivery() {
        job("C1", Instant.now(), "a@x.example");
        QueueJob done = job("C2", Instant.now(), "a@x.example");
        job("C3", Instant.now(), "a@x.example");
        jpa.run(em -> em.find(QueueJob.class, done.getId()).setState(QueueJob.State.DELIVERED));
        jpa.run(em -> assertEquals(2L, new JpaQueueRepository(em).countQueued()));
    }

    @Test
    void deliveryRecordIsUniquePerJobAndRecipient() {
        QueueJob j = job("R1", Instant.now(), "a@x.example", "b@x.example");
        jpa.run(em -> new JpaQueueRepository(em)
                .recordDelivery(new DeliveryRecord(j.getId(), "a@x.example", 7, Instant.now())));
        jpa.run(em -> assertEquals(java.util.Set.of("a@x.example"),
                new JpaQueueRepository(em).deliveredRecipients(j.getId())));
        assertThrows(PersistenceException.class, () -> jpa.run(em -> new JpaQueueRepository(em)
                .recordDelivery(new DeliveryRecord(j.getId(), "a@x.example", 8, Instant.now()))));
        jpa.run(em -> new JpaQueueRepository(em)
                .recordDelivery(new DeliveryRecord(j.getId(), "b@x.example", 9, Instant.now())));
    }

    @Test
    void envelopeIsStoredOncePerContentWithEveryField() {
        long contentId = jpa.inTransaction(em -> new JpaContentRepository(em).storeContent(bytes("x")).getId());
        String longTo = "a@x.example, ".repeat(400);
        HeaderFields envelope = new HeaderFields("Tue, 14 Nov 2023 22:13:20 +0000",
                Instant.ofEpochMilli(1_700_000_000_000L),
                "=?UTF-8?Q?Gr=C3=BC=C3=9Fe?=", "Grüße", "f@x", "s@x", "r@x", longTo, "c@x", "b@x", "<i@x>", "<m@x>");
        jpa.run(em -> new JpaHeaderFieldsRepository(em).add(new MessageHeaderFields(contentId, envelope)));
        jpa.run(em -> {
            HeaderFields read = new JpaHeaderFieldsRepository(em).find(contentId).orElseThrow().toHeaderFields();
            assertEquals("Grüße", read.subjectText());
            assertEquals(envelope.sentAt(), read.sentAt());
            assertEquals("<m@x>", read.messageId());
            assertEquals(4000, read.to().length(), "long fields are cut to the column");
            assertTrue(read.to().endsWith("..."));
            assertTrue(new JpaHeaderFieldsRepository(em).find(contentId + 1000).isEmpty());
        });
        assertThrows(PersistenceException.class, () -> jpa.run(em -> {
            new JpaHeaderFieldsRepository(em).add(new MessageHeaderFields(contentId, HeaderFields.empty()));
            em.flush();
        }));
    }

    @Test
    void removingAnAccountKeepsContentThatAQueueJobStillReferences() {
        Account gone = account(domain("q.example"), "gone");
        QueueJob j = job("KEEP", Instant.now(), "gone@q.example");
        jpa.run(em -> {
            Repos mailbox = Repos.of(em);
            QueueJob job = em.find(QueueJob.class, j.getId());
            MailMessage m = mailbox.messages.append(
                    mailbox.folders.folder(em.find(Account.class, gone.getId()), "INBOX").orElseThrow(),
                    job.getContent(), Instant.now(), 0);
            new JpaHeaderFieldsRepository(em)
                    .add(new MessageHeaderFields(job.getContent().getId(), HeaderFields.empty()));
            new JpaQueueRepository(em)
                    .recordDelivery(new DeliveryRecord(job.getId(), "gone@q.example", m.getId(), Instant.now()));
        });
        jpa.run(em -> new JpaAccountRepository(em).remove(em.find(Account.class, gone.getId())));
        jpa.run(em -> {
            QueueJob job = new JpaQueueRepository(em).find("KEEP").orElseThrow();
            assertEquals("Subject: KEEP\r\n", new String(job.getContent().getData(), StandardCharsets.US_ASCII));
            assertTrue(new JpaHeaderFieldsRepository(em).find(job.getContent().getId()).isPresent());
        });
    }

    @Test
    void removingAnAccountRemovesTheEnvelopeOfContentNobodyReferences() {
        Account gone = account(domain("e.example"), "gone");
        long contentId = jpa.inTransaction(em -> {
            Repos mailbox = Repos.of(em);
            MessageContent c = mailbox.contents.storeContent(bytes("Subject: x\r\n"));
            mailbox.messages.append(mailbox.folders.folder(em.find(Account.class, gone.getId()), "INBOX").orElseThrow(),
                    c,
                    Instant.now(), 0);
            new JpaHeaderFieldsRepository(em).add(new MessageHeaderFields(c.getId(), HeaderFields.empty()));
            return c.getId();
        });
        jpa.run(em -> new JpaAccountRepository(em).remove(em.find(Account.class, gone.getId())));
        jpa.run(em -> {
            assertTrue(new JpaHeaderFieldsRepository(em).find(contentId).isEmpty());
            assertEquals(null, em.find(MessageContent.class, contentId));
        });
    }

    private static final String MIME = "From: Ann <ann@x.example>\r\nSubject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\n"
            + "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nGrüße\r\n--b--\r\n";

    @Test
    void structureIsStoredOncePerContentAndReadBackWhole() {
        byte[] raw = MIME.getBytes(StandardCharsets.UTF_8);
        long contentId = jpa.inTransaction(em -> new JpaContentRepository(em).storeContent(raw).getId());
        MessageStructure structure = StructureAnalyzer.analyze(raw);
        jpa.run(em -> new JpaStructureRepository(em).add(new MessageStructureRecord(contentId, structure)));
        jpa.run(em -> {
            JpaStructureRepository repo = new JpaStructureRepository(em);
            assertEquals(structure, repo.find(contentId).orElseThrow().toStructure());
            assertTrue(repo.find(contentId + 1000).isEmpty());
        });
        assertThrows(PersistenceException.class, () -> jpa.run(em -> {
            new JpaStructureRepository(em).add(new MessageStructureRecord(contentId, structure));
            em.flush();
        }));
    }

    @Test
    void structuresOfManyContentsAreFoundInOneCallAcrossBatches() {
        int n = JpaStructureRepository.BATCH + 5;
        List<Long> ids = jpa.inTransaction(em -> {
            Repos mailbox = Repos.of(em);
            JpaStructureRepository repo = new JpaStructureRepository(em);
            return LongStream.range(0, n).mapToObj(i -> {
                byte[] raw = ("Subject: " + i + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
                long id = mailbox.contents.storeContent(raw).getId();
                repo.add(new MessageStructureRecord(id, StructureAnalyzer.analyze(raw)));
                return id;
            }).toList();
        });
        jpa.run(em -> {
            List<Long> wanted = new ArrayList<>(ids);
            wanted.add(-1L);
            wanted.add(ids.get(0));
            Map<Long, MessageStructureRecord> found = new JpaStructureRepository(em).find(wanted);
            assertEquals(n, found.size(), "unknown ids are left out, duplicates collapse");
            assertEquals("7", found.get(ids.get(7)).toStructure().envelope().subject());
            assertEquals(Map.of(), new JpaStructureRepository(em).find(List.of()));
        });
    }

    @Test
    void removingAnAccountRemovesTheStructureOfContentNobodyReferences() {
        Account gone = account(domain("st.example"), "gone");
        byte[] raw = MIME.getBytes(StandardCharsets.UTF_8);
        long contentId = jpa.inTransaction(em -> {
            Repos mailbox = Repos.of(em);
            MessageContent c = mailbox.contents.storeContent(raw);
            mailbox.messages.append(mailbox.folders.folder(em.find(Account.class, gone.getId()), "INBOX").orElseThrow(),
                    c,
                    Instant.now(), 0);
            new JpaStructureRepository(em).add(new MessageStructureRecord(c.getId(), StructureAnalyzer.analyze(raw)));
            return c.getId();
        });
        jpa.run(em -> new JpaAccountRepository(em).remove(em.find(Account.class, gone.getId())));
        jpa.run(em -> {
            assertTrue(new JpaStructureRepository(em).find(contentId).isEmpty());
            assertEquals(null, em.find(MessageContent.class, contentId));
        });
    }

    @Test
    void appendsStampModseqsAndRemovalLogsTheExpungedUids() {
        Account a = account(domain("ms.example"), "mo");
        jpa.run(em -> {
            Repos mailbox = Repos.of(em);
            Folder inbox = mailbox.folders.folder(em.find(Account.class, a.getId()), "INBOX").orElseThrow();
            mailbox.messages.append(inbox, mailbox.contents.storeContent(bytes("one")), Instant.now(), 0);
            mailbox.messages.append(inbox, mailbox.contents.storeContent(bytes("two")), Instant.now(),
                    MailMessage.SEEN);
        });
        long before = jpa.inTransaction(em -> {
            Repos mailbox = Repos.of(em);
            Folder inbox = mailbox.folders.folder(em.find(Account.class, a.getId()), "INBOX").orElseThrow();
            List<MessageRow> rows = mailbox.messages.rows(inbox, 1, 100);
            assertEquals(List.of(2L, 3L), rows.stream().map(MessageRow::modSeq).toList());
            assertEquals(List.of(2L, 3L), rows.stream().map(MessageRow::createdModSeq).toList());
            assertEquals(3L, inbox.getHighestModSeq());
            assertEquals(List.of(2L),
                    mailbox.messages.rowsChangedSince(inbox, 2).stream().map(MessageRow::uid).toList());
            assertEquals(List.of(1L, 2L),
                    mailbox.messages.rowsChangedSince(inbox, 0).stream().map(MessageRow::uid).toList());
            assertEquals(List.of(2L),
                    mailbox.messages.rowsWithFlag(inbox, MailMessage.SEEN).stream().map(MessageRow::uid)
                            .toList());
            assertEquals(List.of(), mailbox.messages.rowsWithFlag(inbox, MailMessage.DELETED));
            assertThrows(IllegalArgumentException.class, () -> mailbox.messages.rowsWithFlag(inbox, 3));
            assertEquals(1, mailbox.messages.remove(inbox, List.of(rows.get(0).id())));
            return inbox.getHighestModSeq();
        });
        jpa.run(em -> {
            Repos mailbox = Repos.of(em);
            Folder inbox = mailbox.folders.folder(em.find(Account.class, a.getId()), "INBOX").orElseThrow();
            assertEquals(4L, before);
            assertEquals(List.of(1L), mailbox.messages.expungedSince(inbox, 3));
            assertEquals(List.of(), mailbox.messages.expungedSince(inbox, 4));
            assertEquals("two", new String(mailbox.content(inbox, 2).orElseThrow(), StandardCharsets.US_ASCII));
            assertTrue(mailbox.content(inbox, 1).isEmpty());
        });
        jpa.run(em -> new JpaAccountRepository(em).remove(em.find(Account.class, a.getId())));
    }

    @Test
    void searchCandidatesEvaluateFlagsSizesAndUidsInTheQuery() {
        Account a = account(domain("se.example"), "sam");
        jpa.run(em -> {
            Repos mailbox = Repos.of(em);
            Folder inbox = mailbox.folders.folder(em.find(Account.class, a.getId()), "INBOX").orElseThrow();
            mailbox.messages.append(inbox, mailbox.contents.storeContent(bytes("small")), Instant.now(),
                    MailMessage.SEEN);
            mailbox.messages.append(inbox, mailbox.contents.storeContent(bytes("a larger one")), Instant.now(),
                    MailMessage.DELETED);
        });
        jpa.run(em -> {
            Repos mailbox = Repos.of(em);
            Folder inbox = mailbox.folders.folder(em.find(Account.class, a.getId()), "INBOX").orElseThrow();
            SearchKey unseenOrSmall = new SearchKey.Or(new SearchKey.Flag(ImapFlags.SEEN, false),
                    new SearchKey.Size(SearchKey.SizeComparison.SMALLER, 6));
            MessageRepository.SearchCandidates c = mailbox.messages.searchCandidates(inbox, criteria(unseenOrSmall));
            assertTrue(c.exact());
            assertEquals(List.of(1L, 2L), c.rows().stream().map(MessageRow::uid).toList());
            c = mailbox.messages.searchCandidates(inbox, criteria(
                    new SearchKey.And(List.of(new SearchKey.Flag(ImapFlags.DELETED, true), new SearchKey.Body("x")))));
            assertTrue(!c.exact());
            assertEquals(List.of(2L), c.rows().stream().map(MessageRow::uid).toList());
            assertEquals(List.of(),
                    mailbox.messages.searchCandidates(inbox, criteria(new SearchKey.Not(SearchKey.ALL))).rows());
            assertEquals(List.of(2L), mailbox.messages.rowsWithFlag(inbox, MailMessage.DELETED).stream()
                    .map(MessageRow::uid).toList());
        });
    }

    @Test
    void subscriptionsToNamesWithoutAFolderAreKeptAndRemovedWithTheAccount() {
        Account a = account(domain("sub.example"), "sue");
        jpa.run(em -> {
            Repos mailbox = Repos.of(em);
            Account managed = em.find(Account.class, a.getId());
            mailbox.subscriptions.subscribe(managed, "Gone/Away", true);
            mailbox.subscriptions.subscribe(managed, "Sent", false);
        });
        jpa.run(em -> assertEquals(Set.of("INBOX", "Gone/Away"),
                new JpaSubscriptionRepository(em).subscriptions(em.find(Account.class, a.getId()))));
        jpa.run(em -> new JpaAccountRepository(em).remove(em.find(Account.class, a.getId())));
        jpa.run(em -> assertEquals(0L, em.createQuery("SELECT COUNT(s) FROM Subscription s", Long.class)
                .getSingleResult()));
    }

    /**
     * ADRs 0075-0077 on every database: the folder row counts what it holds, rows come with their stored ENVELOPE in
     * one query, and header texts narrow a search in the query (LIKE with the needle's wildcards escaped), keeping the
     * rows without stored texts for the caller.
     */
    @Test
    void storedEnvelopesSearchTextsAndFolderCountsAnswerImapMetadata() {
        Account a = account(domain("md.example"), "meg");
        jpa.run(em -> {
            Repos mailbox = Repos.of(em);
            Folder inbox = mailbox.folders.folder(em.find(Account.class, a.getId()), "INBOX").orElseThrow();
            String[] subjects = {"100% off_sale!", "plain", "=?UTF-8?Q?Gr=C3=BC=C3=9Fe?="};
            for (int i = 0; i < subjects.length; i++) {
                byte[] m = bytes("From: Ann <ann@md.example>\r\nSubject: " + subjects[i] + "\r\n\r\nx\r\n");
                MessageContent c = mailbox.contents.storeContent(m);
                new JpaHeaderFieldsRepository(em).add(org.postroom.mime.ContentAnalysisService.headerFields(c.getId(),
                        m, org.postroom.model.mime.StructureAnalyzer.analyze(m)));
                mailbox.messages.append(inbox, c, Instant.now(), i == 0 ? MailMessage.SEEN : 0);
            }
            // content of an earlier build: no stored ENVELOPE form, no search texts
            mailbox.messages.append(inbox, mailbox.contents.storeContent(bytes("Subject: old\r\n\r\nx\r\n")),
                    Instant.now(), 0);
        });
        jpa.run(em -> {
            Repos mailbox = Repos.of(em);
            Folder inbox = mailbox.folders.folder(em.find(Account.class, a.getId()), "INBOX").orElseThrow();
            assertEquals(List.of(4L, 3L, 4L), List.of(inbox.getMessageCount(), inbox.getUnseenCount(),
                    inbox.getRecentCount()));
            assertEquals(new MessageRepository.FolderCounts(4, 4, 3), mailbox.messages.counts(inbox, 1));
            List<MessageRepository.EnvelopedRow> rows = mailbox.messages.rowsWithEnvelopes(inbox, 2, 100);
            assertEquals(List.of(2L, 3L, 4L), rows.stream().map(r -> r.row().uid()).toList());
            String envelope = new String(rows.get(0).envelope(), StandardCharsets.UTF_8);
            assertTrue(envelope.startsWith("(NIL \"plain\" ((\"Ann\" NIL \"ann\" \"md.example\"))"), envelope);
            assertEquals(null, rows.get(2).envelope());
            MessageRepository.SearchCandidates c = mailbox.messages.searchCandidates(inbox,
                    new MessageCriteria.HeaderText("subject", "0% off_s"));
            assertFalse(c.exact());
            assertEquals(List.of(1L, 4L), c.rows().stream().map(MessageRow::uid).toList(), "and the one without");
            assertEquals("100% off_sale!", c.texts().get(0).subject());
            assertEquals(null, c.texts().get(0).from(), "only the texts named are read");
            assertEquals(null, c.texts().get(1));
            assertEquals(List.of(4L), mailbox.messages.searchCandidates(inbox,
                    new MessageCriteria.HeaderText("subject", "0_ off")).rows().stream().map(MessageRow::uid)
                    .toList(), "_ is no wildcard");
            assertEquals(List.of(3L, 4L), mailbox.messages.searchCandidates(inbox, new MessageCriteria.And(List.of(
                    new MessageCriteria.HeaderText("subject", "grüße"),
                    new MessageCriteria.HeaderText("from", "ann <"))))
                    .rows().stream().map(MessageRow::uid).toList());
        });
    }

    /**
     * ADR 0088 on every database: the quota's usage comes from the folder rows' counters, which every way a message
     * arrives or leaves keeps equal to a count over the messages themselves.
     */
    @Test
    void quotaUsageFromFolderCountersEqualsTheMessagesThroughAppendCopyAndExpunge() {
        Account a = account(domain("qb.example"), "quinn");
        jpa.run(em -> {
            Repos mailbox = Repos.of(em);
            Account managed = em.find(Account.class, a.getId());
            Folder inbox = mailbox.folders.folder(managed, "INBOX").orElseThrow();
            mailbox.messages.append(inbox, mailbox.contents.storeContent(bytes("Subject: a\r\n\r\n1\r\n")),
                    Instant.now(), 0);
            mailbox.messages.append(inbox, mailbox.contents.storeContent(bytes("Subject: bb\r\n\r\n22\r\n")),
                    Instant.now(), MailMessage.SEEN);
        });
        jpa.run(em -> {
            Repos mailbox = Repos.of(em);
            Folder locked = mailbox.folders.lockFolder(a.getId(), "INBOX").orElseThrow();
            MessageContent c = mailbox.contents.storeContent(bytes("Subject: delivered\r\n\r\nxyz\r\n"));
            em.flush(); // delivery stores its content with a plain statement; this one came through the entity
            mailbox.messages.appendLockedRow(locked, c.getId(), c.getSize(), Instant.now());
        });
        jpa.run(em -> {
            Repos mailbox = Repos.of(em);
            Account managed = em.find(Account.class, a.getId());
            Folder inbox = mailbox.folders.folder(managed, "INBOX").orElseThrow();
            Folder sent = mailbox.folders.folder(managed, "Sent").orElseThrow();
            List<MessageRow> rows = mailbox.messages.rows(inbox, 1, Long.MAX_VALUE);
            mailbox.messages.copy(sent, rows.get(1));
            mailbox.messages.copy(sent, rows.get(2));
        });
        assertUsageMatchesMessages(a, 5);
        jpa.run(em -> {
            Repos mailbox = Repos.of(em);
            Folder inbox = mailbox.folders.folder(em.find(Account.class, a.getId()), "INBOX").orElseThrow();
            List<MessageRow> rows = mailbox.messages.rows(inbox, 1, Long.MAX_VALUE);
            assertEquals(2, mailbox.messages.remove(inbox, List.of(rows.get(0).id(), rows.get(2).id())));
        });
        assertUsageMatchesMessages(a, 3);
    }

    private void assertUsageMatchesMessages(Account a, long messages) {
        jpa.run(em -> {
            Object[] scan = em.createQuery("SELECT COALESCE(SUM(m.size), 0), COUNT(m) FROM MailMessage m"
                    + " WHERE m.folder.account.id = :a", Object[].class).setParameter("a", a.getId())
                    .getSingleResult();
            QuotaUsage expected = new QuotaUsage(((Number) scan[0]).longValue(), ((Number) scan[1]).longValue());
            assertEquals(messages, expected.messages());
            JpaAccountRepository accounts = new JpaAccountRepository(em);
            assertEquals(expected, accounts.usage(a.getId()));
            assertEquals(expected, accounts.usage(em.find(Account.class, a.getId())));
        });
    }

    @Test
    void aPasswordChangedThroughAnotherServerIsSeenAtTheNextLogin() throws SQLException {
        Account a = account(domain("stale.test"), "changed");
        assertEquals("hash", jpa.inTransaction(em -> new JpaAccountRepository(em).find(a.getAddress()))
                .orElseThrow()
                .getPasswordHash()); // now in this server's shared cache
        // another server on the same database, with a cache of its own
        try (Jpa other = new Jpa(url, user(), password(), Map.of("eclipselink.session-name", "other-server"))) {
            other.run(em -> new JpaAccountRepository(em).find(a.getAddress()).orElseThrow().setPasswordHash("new"));
        }
        assertEquals("new", jpa.inTransaction(em -> new JpaAccountRepository(em).findCurrent(a.getAddress()))
                .orElseThrow()
                .getPasswordHash());
    }
}

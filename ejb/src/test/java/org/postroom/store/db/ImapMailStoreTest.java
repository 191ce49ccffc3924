package org.postroom.store.db;

import org.postroom.connector.api.imap.MailboxKey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postroom.connector.api.AuthenticatedUser;
import org.postroom.connector.api.imap.ImapFlags;
import org.postroom.connector.api.imap.MailboxAttribute;
import org.postroom.connector.api.imap.MailboxChanges;
import org.postroom.connector.api.imap.MailboxException;
import org.postroom.connector.api.imap.MailboxInfo;
import org.postroom.connector.api.imap.MailboxSessionListener;
import org.postroom.connector.api.imap.MailboxSnapshot;
import org.postroom.connector.api.imap.MailboxStatus;
import org.postroom.connector.api.imap.MessageFlags;
import org.postroom.connector.api.imap.MessageMetadata;
import org.postroom.model.search.SearchEvaluator;
import org.postroom.connector.api.imap.SearchKey;
import org.postroom.model.search.SearchableMessage;
import org.postroom.connector.api.imap.StoreMode;
import org.postroom.connector.api.imap.UidSet;
import org.postroom.store.Account;
import org.postroom.store.Folder;
import org.postroom.store.MailMessage;
import org.postroom.store.MessageContent;
import org.postroom.store.MessageRepository;
import org.postroom.store.MessageStructureRecord;

/** The IMAP store's rules beyond the engine's contract, on H2 with the real schema. */
class ImapMailStoreTest {

    private final JpaImapListener store = new JpaImapListener();
    private final MailboxSessionListener imap = store.listener();
    private final String alice = store.addUser("alice");
    private final AuthenticatedUser user = new AuthenticatedUser(alice);

    private static final String MAIL = "From: Bob <bob@example.org>\r\nTo: alice@example.org\r\nSubject: %s\r\n"
            + "Date: Thu, 19 Nov 2026 10:00:00 +0000\r\n\r\n%s\r\n";

    @AfterEach
    void close() {
        store.close();
    }

    private long deliver(String subject, String body) {
        return store.deliver(alice, "INBOX", String.format(MAIL, subject, body));
    }

    @Test
    void createBeyondTheFolderLimitIsRefusedWithLimitAndParentsCount() throws Exception {
        int existing = imap.mailboxes(user, "").size();
        store.maxFolders(existing + 2);
        imap.create(user, "one");
        MailboxException parents = assertThrows(MailboxException.class, () -> imap.create(user, "two/three"));
        assertEquals(MailboxException.Reason.LIMIT, parents.reason());
        imap.create(user, "two");
        MailboxException full = assertThrows(MailboxException.class, () -> imap.create(user, "four"));
        assertEquals(MailboxException.Reason.LIMIT, full.reason());
        assertEquals(existing + 2, imap.mailboxes(user, "").size());
        imap.delete(user, "one");
        imap.create(user, "four");
    }

    @Test
    void pop3RemovalIsReportedAsExpungeToImapSessions() throws Exception {
        long a = deliver("one", "x");
        long b = deliver("two", "y");
        MailboxSnapshot snapshot = imap.select(user, "INBOX", false);
        store.inTransaction(em -> {
            Repos mailboxes = Repos.of(em);
            Folder inbox = mailboxes.folders.folder(new JpaAccountRepository(em).find(alice).orElseThrow(), "INBOX")
                    .orElseThrow();
            long id = mailboxes.all(inbox).get(0).getId();
            return mailboxes.messages.remove(inbox, List.of(id));
        });
        MailboxChanges changes = imap.changesSince(user, snapshot.key(), snapshot.highestModSeq(), false);
        assertEquals(List.of(a), changes.expunged());
        assertTrue(changes.added().isEmpty());
        assertEquals(List.of(b), imap.fetch(user, snapshot.key(), UidSet.range(1, 100), false).stream()
                .map(MessageMetadata::uid).toList());
    }

    /** SELECT reads the cached view plus the changes since; EXAMINE reads every row: both must agree, always. */
    @Test
    void selectFromTheCachedViewAgreesWithAFullReadAfterEveryKindOfChange() throws Exception {
        for (int i = 0; i < 6; i++) {
            deliver("m" + i, "x");
        }
        MailboxSnapshot first = imap.select(user, "INBOX", false);
        assertSameMessages(imap.select(user, "INBOX", true), first);
        MailboxKey key = first.key();
        imap.store(user, key, UidSet.of(2, 4), StoreMode.ADD, Set.of(ImapFlags.DELETED, "$Work"));
        assertSameMessages(imap.select(user, "INBOX", true), imap.select(user, "INBOX", false));
        imap.store(user, key, UidSet.of(1), StoreMode.REPLACE, Set.of(ImapFlags.SEEN, ImapFlags.FLAGGED));
        deliver("m6", "new");
        imap.append(user, "INBOX", Set.of(ImapFlags.DRAFT, "$Later"), Optional.empty(),
                String.format(MAIL, "appended", "a").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(List.of(2L, 4L), imap.expunge(user, key, Optional.empty()));
        imap.create(user, "Other");
        imap.move(user, key, UidSet.of(3), "Other");
        MailboxSnapshot cached = imap.select(user, "INBOX", false);
        assertSameMessages(imap.select(user, "INBOX", true), cached);
        assertEquals(List.of(1L, 5L, 6L, 7L, 8L), cached.messages().stream().map(MessageFlags::uid).toList());
        assertEquals(Set.of(ImapFlags.SEEN, ImapFlags.FLAGGED), cached.messages().get(0).flags());
        assertEquals(Set.of(ImapFlags.DRAFT, "$Later"), cached.messages().get(4).flags());
        assertTrue(cached.flags().contains("$Later"));
        // the same again without changes, and after everything is expunged
        assertSameMessages(cached, imap.select(user, "INBOX", false));
        imap.store(user, key, UidSet.range(1, 100), StoreMode.ADD, Set.of(ImapFlags.DELETED));
        imap.expunge(user, key, Optional.empty());
        assertEquals(List.of(), imap.select(user, "INBOX", false).messages());
        deliver("after", "y");
        assertSameMessages(imap.select(user, "INBOX", true), imap.select(user, "INBOX", false));
    }

    /**
     * STATUS answers from the counts kept on the folder row (ADR 0075): after every kind of change they equal a count
     * of the messages, in every folder the change touched.
     */
    @Test
    void statusCountsAgreeWithARecountAfterEveryKindOfChange() throws Exception {
        imap.create(user, "Other");
        assertCountsMatchMessages();
        for (int i = 0; i < 4; i++) {
            deliver("m" + i, "x");
        }
        assertEquals(new MailboxStatus(4, 4, 5, status("INBOX").uidValidity(), 4, status("INBOX").highestModSeq()),
                status("INBOX"));
        imap.append(user, "INBOX", Set.of(ImapFlags.SEEN), Optional.empty(),
                String.format(MAIL, "appended", "a").getBytes(StandardCharsets.US_ASCII));
        assertCountsMatchMessages();
        MailboxKey key = imap.select(user, "INBOX", false).key();
        assertEquals(0, status("INBOX").recent(), "SELECT claimed them");
        assertCountsMatchMessages();
        deliver("m4", "x");
        deliver("m5", "x");
        assertCountsMatchMessages();
        imap.store(user, key, UidSet.of(1, 2), StoreMode.ADD, Set.of(ImapFlags.SEEN));
        imap.store(user, key, UidSet.of(2), StoreMode.ADD, Set.of(ImapFlags.SEEN, "$Work"));
        imap.store(user, key, UidSet.of(5), StoreMode.REMOVE, Set.of(ImapFlags.SEEN));
        imap.store(user, key, UidSet.of(3), StoreMode.REPLACE, Set.of(ImapFlags.FLAGGED));
        assertCountsMatchMessages();
        imap.copy(user, key, UidSet.of(1, 3), "Other");
        imap.move(user, key, UidSet.of(4, 6), "Other");
        assertCountsMatchMessages();
        imap.store(user, key, UidSet.of(1, 7), StoreMode.ADD, Set.of(ImapFlags.DELETED));
        imap.expunge(user, key, Optional.empty());
        assertCountsMatchMessages();
        deliver("m6", "x");
        MailboxSnapshot examined = imap.select(user, "INBOX", true);
        deliver("m7", "x");
        // a poll claims what it reports; one delivered after its read stays recent
        imap.changesSince(user, key, examined.highestModSeq(), false);
        assertCountsMatchMessages();
        store.inTransaction(em -> { // POP3's removal
            Repos mailboxes = Repos.of(em);
            Folder inbox = mailboxes.folders.folder(new JpaAccountRepository(em).find(alice).orElseThrow(), "INBOX")
                    .orElseThrow();
            return mailboxes.messages.remove(inbox, List.of(mailboxes.all(inbox).get(0).getId()));
        });
        assertCountsMatchMessages();
        imap.rename(user, "INBOX", "Old");
        assertCountsMatchMessages();
        assertEquals(0, status("INBOX").messages());
    }

    private MailboxStatus status(String name) throws Exception {
        return imap.status(user, name);
    }

    /** Every folder's STATUS counts against a count of its message rows. */
    private void assertCountsMatchMessages() throws Exception {
        for (MailboxInfo mailbox : imap.mailboxes(user, "")) {
            MailboxStatus status = status(mailbox.name());
            MessageRepository.FolderCounts counted = store.inTransaction(em -> {
                Folder f = new JpaFolderRepository(em)
                        .folder(new JpaAccountRepository(em).find(alice).orElseThrow(), mailbox.name()).orElseThrow();
                return new JpaMessageRepository(em).counts(f, f.getFirstRecentUid());
            });
            assertEquals(counted, new MessageRepository.FolderCounts(status.messages(), status.recent(),
                    status.unseen()), mailbox.name());
        }
    }

    private static void assertSameMessages(MailboxSnapshot expected, MailboxSnapshot actual) {
        assertEquals(expected.uidValidity(), actual.uidValidity());
        assertEquals(expected.messages().stream().map(m -> m.uid() + " " + new java.util.TreeSet<>(m.flags()))
                .toList(),
                actual.messages().stream().map(m -> m.uid() + " " + new java.util.TreeSet<>(m.flags()))
                        .toList());
    }

    @Test
    void aDeletedAndRecreatedMailboxIsNonexistentForTheOldKey() throws Exception {
        imap.create(user, "Work");
        MailboxSnapshot old = imap.select(user, "Work", false);
        imap.delete(user, "Work");
        imap.create(user, "Work");
        MailboxSnapshot fresh = imap.select(user, "Work", false);
        assertTrue(fresh.uidValidity() > old.uidValidity(), "a recreated name never shows an old UIDVALIDITY");
        MailboxException e = assertThrows(MailboxException.class,
                () -> imap.changesSince(user, old.key(), old.highestModSeq(), false));
        assertEquals(MailboxException.Reason.NONEXISTENT, e.reason());
        assertThrows(MailboxException.class, () -> imap.fetch(user, new MailboxKey(-1, 1), UidSet.of(1), false));
    }

    @Test
    void anotherUsersMailboxKeyIsNonexistentForEveryRead() throws Exception {
        deliver("one", "x");
        MailboxKey key = imap.select(user, "INBOX", false).key();
        AuthenticatedUser bob = new AuthenticatedUser(store.addUser("bob"));
        for (org.junit.jupiter.api.function.Executable read : List.<org.junit.jupiter.api.function.Executable>of(
                () -> imap.fetch(bob, key, UidSet.of(1), true),
                () -> imap.fetchWithContent(bob, key, UidSet.of(1), false, 1),
                () -> imap.content(bob, key, 1),
                () -> imap.search(bob, key, new SearchKey.All()))) {
            assertEquals(MailboxException.Reason.NONEXISTENT, assertThrows(MailboxException.class, read).reason());
        }
        assertEquals(1, imap.fetchWithContent(user, key, UidSet.of(1), false, 1).size());
    }

    @Test
    void deletingAParentLeavesItNoselectAndSubscriptionsOutliveMailboxes() throws Exception {
        imap.create(user, "Projects/Alpha");
        imap.subscribe(user, "Projects/Alpha", true);
        MailboxInfo parent = imap.mailboxes(user, "Projects").stream()
                .filter(m -> m.name().equals("Projects")).findFirst().orElseThrow();
        assertTrue(parent.attributes().contains(MailboxAttribute.HAS_CHILDREN));
        imap.delete(user, "Projects");
        parent = imap.mailboxes(user, "Projects").stream()
                .filter(m -> m.name().equals("Projects")).findFirst().orElseThrow();
        assertTrue(parent.attributes().contains(MailboxAttribute.NOSELECT));
        assertEquals(MailboxException.Reason.NONEXISTENT,
                assertThrows(MailboxException.class, () -> imap.select(user, "Projects", true)).reason());
        assertEquals(MailboxException.Reason.CANNOT,
                assertThrows(MailboxException.class, () -> imap.delete(user, "Projects")).reason());
        imap.delete(user, "Projects/Alpha");
        assertTrue(imap.subscriptions(user).contains("Projects/Alpha"), "a subscription outlives its mailbox");
        imap.create(user, "Projects/Alpha");
        assertTrue(imap.mailboxes(user, "Projects/Alpha").get(0).subscribed());
        imap.subscribe(user, "Projects/Alpha", false);
        assertFalse(imap.subscriptions(user).contains("Projects/Alpha"));
        assertTrue(imap.subscriptions(user).contains("INBOX"), "the default folders are subscribed");
    }

    @Test
    void specialUseFoldersCarryTheirAttribute() throws Exception {
        MailboxInfo sent = imap.mailboxes(user, "").stream().filter(m -> m.name().equals("Sent")).findFirst()
                .orElseThrow();
        assertTrue(sent.attributes().contains(MailboxAttribute.SENT));
        assertTrue(sent.attributes().contains(MailboxAttribute.HAS_NO_CHILDREN));
    }

    @Test
    void renameMovesChildrenAndKeepsUidValidity() throws Exception {
        imap.create(user, "A/B");
        long uidValidity = imap.status(user, "A/B").uidValidity();
        imap.rename(user, "A", "Z/A");
        assertEquals(uidValidity, imap.status(user, "Z/A/B").uidValidity());
        assertEquals(MailboxException.Reason.NONEXISTENT,
                assertThrows(MailboxException.class, () -> imap.status(user, "A/B")).reason());
        assertEquals(MailboxException.Reason.ALREADY_EXISTS,
                assertThrows(MailboxException.class, () -> imap.rename(user, "Z", "Sent")).reason());
    }

    @Test
    void appendOverQuotaIsRefusedAndStoresNothing() throws Exception {
        deliver("one", "x");
        store.setQuota(alice, null, 1L);
        store.published.clear();
        MailboxException e = assertThrows(MailboxException.class, () -> imap.append(user, "INBOX", Set.of(),
                Optional.empty(), String.format(MAIL, "two", "y").getBytes(StandardCharsets.US_ASCII)));
        assertEquals(MailboxException.Reason.OVER_QUOTA, e.reason());
        assertEquals(1, imap.status(user, "INBOX").messages());
        assertEquals(List.of(), store.published, "nothing committed, nothing published");
        MailboxKey key = imap.select(user, "INBOX", false).key();
        assertEquals(MailboxException.Reason.OVER_QUOTA, assertThrows(MailboxException.class,
                () -> imap.copy(user, key, UidSet.of(1), "Trash")).reason());
    }

    @Test
    void appendKeepsFlagsKeywordsAndDateAndIsPublished() throws Exception {
        OffsetDateTime date = OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);
        store.published.clear();
        var result = imap.append(user, "Drafts", Set.of("\\SEEN", ImapFlags.DRAFT, "$Label1"), Optional.of(date),
                String.format(MAIL, "draft", "text").getBytes(StandardCharsets.US_ASCII));
        MailboxSnapshot drafts = imap.select(user, "Drafts", false);
        assertEquals(result.uidValidity(), drafts.uidValidity());
        assertEquals(Set.of(ImapFlags.SEEN, ImapFlags.DRAFT, "$Label1"), drafts.messages().get(0).flags());
        MessageMetadata m = imap.fetch(user, drafts.key(), UidSet.of(result.uid()), true).get(0);
        assertEquals(date.toInstant(), m.internalDate().toInstant());
        assertEquals("draft", m.structure().envelope().subject());
        assertEquals(List.of(drafts.key()), store.published);
    }

    @Test
    void copySharesTheContentAndDeletingTheLastReferencePurgesIt() throws Exception {
        long a = deliver("shared", "x");
        MailboxKey key = imap.select(user, "INBOX", false).key();
        imap.store(user, key, UidSet.of(a), StoreMode.ADD, Set.of(ImapFlags.FLAGGED, "Work"));
        var copied = imap.copy(user, key, UidSet.of(a), "Archive");
        assertEquals(List.of(a), copied.sourceUids());
        MailboxSnapshot archive = imap.select(user, "Archive", false);
        assertEquals(Set.of(ImapFlags.FLAGGED, "Work"), archive.messages().get(0).flags());
        assertTrue(archive.messages().get(0).recent(), "a copy is new to its mailbox");
        long contents = store.inTransaction(em -> em
                .createQuery("SELECT COUNT(c) FROM MessageContent c", Long.class).getSingleResult());
        assertEquals(1, contents, "COPY stores no content");
        imap.delete(user, "Archive");
        imap.store(user, key, UidSet.of(a), StoreMode.ADD, Set.of(ImapFlags.DELETED));
        imap.expunge(user, key, Optional.empty());
        assertEquals(1L, (long) store.inTransaction(em -> em
                .createQuery("SELECT COUNT(c) FROM MessageContent c", Long.class).getSingleResult()),
                "EXPUNGE leaves the content to the background sweep");
        assertEquals(1, (int) store.inTransaction(em -> new JpaContentRepository(em).purgeUnreferencedContent(100)));
        assertEquals(0L, (long) store.inTransaction(em -> em
                .createQuery("SELECT COUNT(c) FROM MessageContent c", Long.class).getSingleResult()));
        assertEquals(0L, (long) store.inTransaction(em -> em
                .createQuery("SELECT COUNT(s) FROM MessageStructureRecord s", Long.class).getSingleResult()));
    }

    @Test
    void storeAdvancesTheModseqOnlyForRealChanges() throws Exception {
        long a = deliver("one", "x");
        MailboxSnapshot s = imap.select(user, "INBOX", false);
        imap.store(user, s.key(), UidSet.of(a), StoreMode.REMOVE, Set.of(ImapFlags.SEEN));
        assertEquals(s.highestModSeq(), imap.status(user, "INBOX").highestModSeq());
        imap.store(user, s.key(), UidSet.of(a), StoreMode.REPLACE, Set.of("Junk", "$Forwarded"));
        MailboxChanges changes = imap.changesSince(user, s.key(), s.highestModSeq(), false);
        assertEquals(Set.of("Junk", "$Forwarded"), changes.flagsChanged().get(0).flags());
        assertEquals(changes.highestModSeq(), imap.status(user, "INBOX").highestModSeq());
    }

    @Test
    void fetchAnalyzesContentStoredWithoutStructureAndKeepsTheResult() throws Exception {
        long uid = store.deliver(alice, "INBOX",
                String.format(MAIL, "old mail", "body").getBytes(StandardCharsets.US_ASCII), false);
        MailboxKey key = imap.select(user, "INBOX", true).key();
        assertEquals("old mail", imap.fetch(user, key, UidSet.of(uid), true).get(0).structure().envelope()
                .subject());
        assertEquals(1L, (long) store.inTransaction(em -> em
                .createQuery("SELECT COUNT(s) FROM MessageStructureRecord s", Long.class).getSingleResult()));
    }

    @Test
    void searchInTheDatabaseAgreesWithTheReferenceEvaluator() throws Exception {
        long a = deliver("apple pie", "first body");
        long b = deliver("banana", "second body with more text in it");
        long c = deliver("=?UTF-8?Q?Gr=C3=BC=C3=9Fe?=", "third");
        MailboxKey key = imap.select(user, "INBOX", false).key();
        imap.store(user, key, UidSet.of(a), StoreMode.ADD, Set.of(ImapFlags.SEEN, "Important"));
        imap.store(user, key, UidSet.of(b), StoreMode.ADD, Set.of(ImapFlags.DELETED, ImapFlags.SEEN));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<SearchKey> programs = List.of(SearchKey.ALL, new SearchKey.Flag(ImapFlags.SEEN, true),
                new SearchKey.Flag(ImapFlags.SEEN, false), new SearchKey.Flag("important", true),
                new SearchKey.Not(new SearchKey.Flag(ImapFlags.DELETED, true)),
                new SearchKey.Or(new SearchKey.Flag(ImapFlags.DELETED, true), new SearchKey.Uids(UidSet.of(c))),
                new SearchKey.Uids(UidSet.of(a, c)), new SearchKey.Uids(UidSet.EMPTY),
                new SearchKey.InternalDate(SearchKey.DateComparison.ON, today),
                new SearchKey.InternalDate(SearchKey.DateComparison.BEFORE, today),
                new SearchKey.InternalDate(SearchKey.DateComparison.SINCE, today.plusDays(1)),
                new SearchKey.Size(SearchKey.SizeComparison.LARGER, 150),
                new SearchKey.Size(SearchKey.SizeComparison.SMALLER, 150),
                new SearchKey.Header("Subject", "grüße"), new SearchKey.Body("more TEXT"),
                new SearchKey.And(List.of(new SearchKey.Flag(ImapFlags.SEEN, true), new SearchKey.Text("pie"))),
                new SearchKey.Not(new SearchKey.Or(new SearchKey.Text("banana"), new SearchKey.Uids(UidSet.of(a)))),
                new SearchKey.SentDate(SearchKey.DateComparison.ON, LocalDate.of(2026, 11, 19)),
                new SearchKey.Not(SearchKey.ALL));
        List<MessageMetadata> all = imap.fetch(user, key, UidSet.range(1, 100), false);
        for (SearchKey program : programs) {
            List<Long> expected = all.stream().filter(m -> SearchEvaluator.matches(program,
                    new SearchableMessage(m.uid(), m.flags(), m.internalDate(), m.size(), () -> content(key, m.uid()))))
                    .map(MessageMetadata::uid).toList();
            assertEquals(UidSet.of(expected), imap.search(user, key, program), program.toString());
        }
        assertEquals(UidSet.of(c), imap.search(user, key, new SearchKey.Header("Subject", "grüße")));
    }

    private byte[] content(MailboxKey key, long uid) {
        try (var in = imap.content(user, key, uid).orElseThrow()) {
            return in.readAllBytes();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void fetchOfTenThousandEnvelopesIsOneQuickCall() throws Exception {
        int n = 10_000;
        store.inTransaction(em -> {
            Repos mailboxes = Repos.of(em);
            JpaStructureRepository structures = new JpaStructureRepository(em);
            Account a = new JpaAccountRepository(em).find(alice).orElseThrow();
            Folder inbox = mailboxes.folders.folder(a, "INBOX").orElseThrow();
            for (int i = 0; i < n; i++) {
                byte[] raw = String.format(MAIL, "message " + i, "body " + i).getBytes(StandardCharsets.US_ASCII);
                MessageContent c = mailboxes.contents.storeContent(raw);
                structures.add(new MessageStructureRecord(c.getId(),
                        org.postroom.model.mime.StructureAnalyzer.analyze(raw)));
                mailboxes.messages.append(inbox, c, Instant.now(), i % 2 == 0 ? MailMessage.SEEN : 0);
                if (i % 500 == 499) {
                    em.flush();
                    em.clear();
                    inbox = mailboxes.folders.folder(em.find(Account.class, a.getId()), "INBOX").orElseThrow();
                }
            }
            return null;
        });
        MailboxKey key = imap.select(user, "INBOX", false).key();
        imap.fetch(user, key, UidSet.range(1, 100), true); // warm-up
        long best = Long.MAX_VALUE;
        List<MessageMetadata> all = null;
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            all = imap.fetch(user, key, UidSet.range(1, Long.MAX_VALUE >> 1), true);
            best = Math.min(best, System.nanoTime() - start);
        }
        assertEquals(n, all.size());
        assertNotNull(all.get(n - 1).structure());
        assertEquals("message 9999", all.get(n - 1).structure().envelope().subject());
        System.out.printf("FETCH 1:* (FLAGS ENVELOPE) of %d messages on H2: %d ms%n", n, best / 1_000_000);
        assertTrue(best < 3_000_000_000L, "FETCH of 10,000 envelopes took " + best / 1_000_000 + " ms");
    }
}

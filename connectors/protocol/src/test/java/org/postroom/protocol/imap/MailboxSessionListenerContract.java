package org.postroom.protocol.imap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.postroom.connector.api.imap.MailboxKey;
import org.postroom.connector.api.AuthenticatedUser;
import org.postroom.connector.api.AuthenticationResult;
import org.postroom.connector.api.Credentials;
import org.postroom.connector.api.imap.AppendResult;
import org.postroom.connector.api.imap.CopyResult;
import org.postroom.connector.api.imap.FetchedMessage;
import org.postroom.connector.api.imap.ImapFlags;
import org.postroom.connector.api.imap.MailboxChanges;
import org.postroom.connector.api.imap.MailboxException;
import org.postroom.connector.api.imap.MailboxInfo;
import org.postroom.connector.api.imap.MailboxSessionListener;
import org.postroom.connector.api.imap.MailboxSnapshot;
import org.postroom.connector.api.imap.MailboxStatus;
import org.postroom.connector.api.imap.MessageFlags;
import org.postroom.connector.api.imap.MessageMetadata;
import org.postroom.connector.api.imap.SearchKey;
import org.postroom.connector.api.imap.StoreMode;
import org.postroom.connector.api.imap.UidSet;
import org.postroom.protocol.ListenerCoverage;

/**
 * What every {@link MailboxSessionListener} must do for the engine to be correct, whatever stores the mail. Extend
 * it for each implementation (in memory here; the JPA store on the business side). Every method of the listener is
 * called by at least one test: when all of them ran, {@link #everyListenerMethodWasCalled} checks that.
 */
abstract class MailboxSessionListenerContract {

    /** The implementation under test, with an account for {@link #user()} that has INBOX and Trash, both empty. */
    abstract MailboxSessionListener listener();

    abstract AuthenticatedUser user();

    /** The password-based credentials of {@link #user()}. */
    abstract Credentials credentials();

    /** Delivers a message to a folder of {@link #user()} as the delivery service would. */
    abstract long deliver(String folder, String message);

    private static final ListenerCoverage<MailboxSessionListener> COVERAGE = new ListenerCoverage<>(
            MailboxSessionListener.class, MailboxSessionListenerContract.class);

    private MailboxSessionListener l;

    @BeforeEach
    void setUp(TestInfo test) {
        l = COVERAGE.record(getClass(), test, listener());
    }

    /** A new listener method needs a test here: once every test of the contract ran, each method was called. */
    @AfterAll
    static void everyListenerMethodWasCalled(TestInfo test) {
        COVERAGE.assertEveryMethodCalled(test.getTestClass().orElseThrow());
    }

    @Test
    void changesSinceReportsAddedFlagChangedAndExpungedAfterTheSnapshot() throws Exception {
        long first = deliver("INBOX", Mails.SIMPLE);
        long second = deliver("INBOX", Mails.SIMPLE);
        MailboxSnapshot snapshot = l.select(user(), "INBOX", false);
        assertEquals(List.of(first, second), snapshot.messages().stream().map(MessageFlags::uid).toList());
        assertTrue(l.changesSince(user(), snapshot.key(), snapshot.highestModSeq(), false).isEmpty());

        long third = deliver("INBOX", Mails.SIMPLE);
        l.store(user(), snapshot.key(), UidSet.of(first), StoreMode.ADD, Set.of(ImapFlags.DELETED));
        l.store(user(), snapshot.key(), UidSet.of(second), StoreMode.ADD, Set.of(ImapFlags.SEEN));
        l.expunge(user(), snapshot.key(), Optional.empty());
        MailboxChanges changes = l.changesSince(user(), snapshot.key(), snapshot.highestModSeq(), false);
        assertEquals(List.of(third), changes.added().stream().map(MessageFlags::uid).toList());
        assertEquals(List.of(MessageFlags.of(second, Set.of(ImapFlags.SEEN))), changes.flagsChanged());
        assertEquals(List.of(first), changes.expunged());
        assertTrue(changes.highestModSeq() > snapshot.highestModSeq());
        assertTrue(l.changesSince(user(), snapshot.key(), changes.highestModSeq(), false).isEmpty());
    }

    @Test
    void recentIsClaimedByTheFirstReadWriteSessionOnly() throws Exception {
        deliver("INBOX", Mails.SIMPLE);
        assertTrue(l.select(user(), "INBOX", true).messages().get(0).recent());
        assertTrue(l.select(user(), "INBOX", false).messages().get(0).recent());
        assertFalse(l.select(user(), "INBOX", false).messages().get(0).recent());
    }

    @Test
    void fetchEnvelopesGivesTheEnvelopeTheEngineWouldSendFromTheStructure() throws Exception {
        long a = deliver("INBOX", Mails.SIMPLE);
        long b = deliver("INBOX", Mails.MULTIPART);
        long c = deliver("INBOX", Mails.FORWARD);
        MailboxKey key = l.select(user(), "INBOX", false).key();
        List<MessageMetadata> envelopes = l.fetchEnvelopes(user(), key, UidSet.of(List.of(a, c)));
        assertEquals(List.of(a, c), envelopes.stream().map(MessageMetadata::uid).toList());
        List<MessageMetadata> full = l.fetch(user(), key, UidSet.of(List.of(a, c)), true);
        for (int i = 0; i < envelopes.size(); i++) {
            MessageMetadata e = envelopes.get(i);
            assertEquals(full.get(i).flags(), e.flags());
            assertEquals(full.get(i).size(), e.size());
            assertEquals(full.get(i).internalDate(), e.internalDate());
            assertEquals(rendered(full.get(i).structure().envelope()), sent(e), "message " + e.uid());
        }
        assertEquals(List.of(b), l.fetchEnvelopes(user(), key, UidSet.range(b, b)).stream()
                .map(MessageMetadata::uid).toList());
        assertEquals(List.of(), l.fetchEnvelopes(user(), key, UidSet.of(999)));
    }

    /** The ENVELOPE as FetchCommand sends it: the stored form, or rendered from the structure. */
    private static String sent(MessageMetadata m) {
        if (m.envelope() != null) {
            return new String(m.envelope(), java.nio.charset.StandardCharsets.UTF_8);
        }
        return rendered(m.structure().envelope());
    }

    private static String rendered(org.postroom.connector.api.mime.Envelope e) {
        ResponseWriter out = new ResponseWriter();
        StructureEncoder.envelope(out, e);
        return new String(out.toByteArray(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void fetchReturnsAscendingUidsSkipsMissingOnesAndLoadsStructureOnlyWhenAsked() throws Exception {
        long a = deliver("INBOX", Mails.SIMPLE);
        long b = deliver("INBOX", Mails.MULTIPART);
        MailboxKey key = l.select(user(), "INBOX", false).key();
        List<MessageMetadata> all = l.fetch(user(), key, UidSet.range(1, 1000), false);
        assertEquals(List.of(a, b), all.stream().map(MessageMetadata::uid).toList());
        assertEquals(null, all.get(0).structure());
        assertEquals("Report", l.fetch(user(), key, UidSet.of(b), true).get(0).structure().envelope().subject());
        try (InputStream in = l.content(user(), key, a).orElseThrow()) {
            assertEquals(all.get(0).size(), in.readAllBytes().length);
        }
        assertEquals(Optional.empty(), l.content(user(), key, 999));
    }

    @Test
    void fetchWithContentReturnsMetadataAndContentInBatchesOfTheGivenSize() throws Exception {
        long a = deliver("INBOX", Mails.SIMPLE);
        long b = deliver("INBOX", Mails.MULTIPART);
        long c = deliver("INBOX", Mails.SIMPLE);
        MailboxKey key = l.select(user(), "INBOX", false).key();
        List<FetchedMessage> all = l.fetchWithContent(user(), key, UidSet.range(1, 1000), true, 1 << 20);
        assertEquals(List.of(a, b, c), all.stream().map(m -> m.metadata().uid()).toList());
        assertArrayEquals(TestMessages.bytes(Mails.MULTIPART), all.get(1).content());
        assertEquals(all.get(1).content().length, all.get(1).metadata().size());
        assertEquals("Report", all.get(1).metadata().structure().envelope().subject());
        // at least one message per call, however small the budget; then as many as fit
        List<FetchedMessage> one = l.fetchWithContent(user(), key, UidSet.of(a, b, c), false, 1);
        assertEquals(List.of(a), one.stream().map(m -> m.metadata().uid()).toList());
        assertEquals(null, one.get(0).metadata().structure());
        long twoSizes = all.get(1).content().length + all.get(2).content().length;
        assertEquals(List.of(b, c), l.fetchWithContent(user(), key, UidSet.of(b, c, 999), false, twoSizes)
                .stream().map(m -> m.metadata().uid()).toList());
        assertEquals(List.of(), l.fetchWithContent(user(), key, UidSet.of(999), false, 1));
    }

    @Test
    void headerSearchMatchesDecodedSubstringsOfTheFirstFromToCcBccOrSubjectOnly() throws Exception {
        long plain = deliver("INBOX", Mails.SIMPLE);
        long encoded = deliver("INBOX", "From: =?UTF-8?Q?J=C3=BCrgen?= <j@example.org>\r\nTo: x@example.org\r\n"
                + "Subject: =?ISO-8859-1?Q?Gr=FC=DFe?=\r\n\r\nbody\r\n");
        long twice = deliver("INBOX", "From: first@example.org\r\nFrom: second@example.org\r\n"
                + "X-Tag: one\r\nX-Tag: two\r\nCc: Dave\r\n <dave@example.org>\r\n\r\nbody\r\n");
        MailboxKey key = l.select(user(), "INBOX", false).key();
        assertEquals(UidSet.of(plain), l.search(user(), key, new SearchKey.Header("FROM", "ALICE@example")));
        assertEquals(UidSet.of(encoded), l.search(user(), key, new SearchKey.Header("From", "jürgen")));
        assertEquals(UidSet.of(encoded), l.search(user(), key, new SearchKey.Header("Subject", "GRÜßE")));
        assertEquals(UidSet.of(twice), l.search(user(), key, new SearchKey.Header("From", "first@")));
        assertEquals(UidSet.EMPTY, l.search(user(), key, new SearchKey.Header("From", "second@")));
        assertEquals(UidSet.of(twice), l.search(user(), key, new SearchKey.Header("X-Tag", "two")));
        assertEquals(UidSet.of(twice), l.search(user(), key, new SearchKey.Header("Cc", "dave <dave@")));
        assertEquals(UidSet.of(twice), l.search(user(), key, new SearchKey.Header("cc", "")));
        assertEquals(UidSet.of(plain, encoded), l.search(user(), key,
                new SearchKey.Not(new SearchKey.Header("Cc", ""))));
        assertEquals(UidSet.of(plain, encoded, twice), l.search(user(), key, new SearchKey.Or(
                new SearchKey.Header("To", "bob"), new SearchKey.Header("From", "example.org"))));
        assertEquals(UidSet.of(encoded), l.search(user(), key, new SearchKey.And(List.of(
                new SearchKey.Header("To", "x@"), new SearchKey.Body("body")))));
    }

    @Test
    void statusCountsMessagesRecentAndUnseen() throws Exception {
        assertEquals(0, l.status(user(), "Trash").messages());
        long a = deliver("INBOX", Mails.SIMPLE);
        deliver("INBOX", Mails.SIMPLE);
        MailboxKey key = l.select(user(), "INBOX", false).key();
        l.store(user(), key, UidSet.of(a), StoreMode.ADD, Set.of(ImapFlags.SEEN, ImapFlags.FLAGGED));
        deliver("INBOX", Mails.SIMPLE);
        MailboxStatus status = l.status(user(), "INBOX");
        assertEquals(3, status.messages());
        assertEquals(1, status.recent());
        assertEquals(2, status.unseen());
    }

    @Test
    void uidExpungeRemovesOnlyDeletedMessagesAmongTheGivenUids() throws Exception {
        long a = deliver("INBOX", Mails.SIMPLE);
        long b = deliver("INBOX", Mails.SIMPLE);
        MailboxKey key = l.select(user(), "INBOX", false).key();
        l.store(user(), key, UidSet.of(a, b), StoreMode.ADD, Set.of(ImapFlags.DELETED));
        assertEquals(List.of(b), l.expunge(user(), key, Optional.of(UidSet.of(b))));
        assertEquals(List.of(a), l.expunge(user(), key, Optional.empty()));
    }

    @Test
    void moveReportsCopyUidAndExpungesTheSources() throws Exception {
        long a = deliver("INBOX", Mails.SIMPLE);
        MailboxKey key = l.select(user(), "INBOX", false).key();
        CopyResult moved = l.move(user(), key, UidSet.of(a), "Trash");
        assertEquals(List.of(a), moved.sourceUids());
        assertEquals(l.status(user(), "Trash").uidValidity(), moved.destinationUidValidity());
        assertEquals(List.of(a), l.changesSince(user(), key, 0, false).expunged());
        assertEquals(1, l.status(user(), "Trash").messages());
    }

    @Test
    void missingTargetsAskTheClientToCreateThem() throws Exception {
        long a = deliver("INBOX", Mails.SIMPLE);
        MailboxKey key = l.select(user(), "INBOX", false).key();
        MailboxException e = assertThrows(MailboxException.class, () -> l.copy(user(), key, UidSet.of(a), "Nope"));
        assertEquals(MailboxException.Reason.TRY_CREATE, e.reason());
        e = assertThrows(MailboxException.class, () -> l.append(user(), "Nope", Set.of(), Optional.empty(),
                TestMessages.bytes(Mails.SIMPLE)));
        assertEquals(MailboxException.Reason.TRY_CREATE, e.reason());
        e = assertThrows(MailboxException.class, () -> l.select(user(), "Nope", false));
        assertEquals(MailboxException.Reason.NONEXISTENT, e.reason());
    }

    @Test
    void renamingInboxMovesItsMessagesAndKeepsInbox() throws Exception {
        deliver("INBOX", Mails.SIMPLE);
        l.rename(user(), "INBOX", "Old");
        assertEquals(0, l.status(user(), "INBOX").messages());
        assertEquals(1, l.status(user(), "Old").messages());
    }

    @Test
    void searchAnswersWithTheMatchingUids() throws Exception {
        long a = deliver("INBOX", Mails.SIMPLE);
        deliver("INBOX", Mails.MULTIPART);
        MailboxKey key = l.select(user(), "INBOX", false).key();
        assertEquals(UidSet.of(a), l.search(user(), key, new SearchKey.Header("Subject", "hello")));
    }

    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);

    @Test
    void authenticateAcceptsTheUsersPasswordAndRefusesAnotherWithoutSayingWhy() {
        AuthenticationResult ok = l.authenticate(CLIENT, true, credentials());
        assertEquals(AuthenticationResult.authenticated(user().name()), ok);
        assertEquals(AuthenticationResult.invalidCredentials(),
                l.authenticate(CLIENT, true, new Credentials(credentials().username(), "wrong")));
        assertEquals(AuthenticationResult.invalidCredentials(),
                l.authenticate(CLIENT, true, new Credentials("nobody@example.org", credentials().password())));
    }

    @Test
    void createMakesMissingParentsAndListsThemRefusingAnExistingName() throws Exception {
        l.create(user(), "Projects/Alpha");
        assertTrue(names(l.mailboxes(user(), "")).containsAll(Set.of("INBOX", "Trash", "Projects", "Projects/Alpha")));
        assertEquals(Set.of("Projects", "Projects/Alpha"), names(l.mailboxes(user(), "Projects")));
        MailboxException e = assertThrows(MailboxException.class, () -> l.create(user(), "Projects/Alpha"));
        assertEquals(MailboxException.Reason.ALREADY_EXISTS, e.reason());
    }

    @Test
    void deleteRemovesAMailboxButNeverInbox() throws Exception {
        l.create(user(), "Old");
        l.delete(user(), "Old");
        assertFalse(names(l.mailboxes(user(), "")).contains("Old"));
        MailboxException e = assertThrows(MailboxException.class, () -> l.delete(user(), "INBOX"));
        assertEquals(MailboxException.Reason.CANNOT, e.reason());
        e = assertThrows(MailboxException.class, () -> l.delete(user(), "Never"));
        assertEquals(MailboxException.Reason.NONEXISTENT, e.reason());
    }

    @Test
    void subscribeAndUnsubscribeShowInSubscriptionsAndMailboxes() throws Exception {
        l.create(user(), "Lists");
        l.subscribe(user(), "Lists", true);
        assertTrue(l.subscriptions(user()).contains("Lists"));
        assertTrue(l.mailboxes(user(), "Lists").get(0).subscribed());
        l.subscribe(user(), "Lists", false);
        assertFalse(l.subscriptions(user()).contains("Lists"));
        assertFalse(l.mailboxes(user(), "Lists").get(0).subscribed());
    }

    @Test
    void appendStoresTheBytesWithTheFlagsAndReportsTheNewUid() throws Exception {
        byte[] message = TestMessages.bytes(Mails.SIMPLE);
        long before = l.status(user(), "Trash").uidNext();
        AppendResult appended = l.append(user(), "Trash", Set.of(ImapFlags.SEEN), Optional.empty(), message);
        assertEquals(l.status(user(), "Trash").uidValidity(), appended.uidValidity());
        assertTrue(appended.uid() >= before);
        MailboxKey key = l.select(user(), "Trash", true).key();
        MessageMetadata stored = l.fetch(user(), key, UidSet.of(appended.uid()), false).get(0);
        assertEquals(Set.of(ImapFlags.SEEN), stored.flags());
        try (InputStream in = l.content(user(), key, appended.uid()).orElseThrow()) {
            assertArrayEquals(message, in.readAllBytes());
        }
    }

    @Test
    void copyReportsCopyUidAndKeepsTheSources() throws Exception {
        long a = deliver("INBOX", Mails.SIMPLE);
        long b = deliver("INBOX", Mails.MULTIPART);
        MailboxKey key = l.select(user(), "INBOX", false).key();
        CopyResult copied = l.copy(user(), key, UidSet.of(a, b), "Trash");
        assertEquals(List.of(a, b), copied.sourceUids());
        assertEquals(2, copied.destinationUids().size());
        assertEquals(l.status(user(), "Trash").uidValidity(), copied.destinationUidValidity());
        assertEquals(2, l.status(user(), "Trash").messages());
        assertEquals(2, l.status(user(), "INBOX").messages());
    }

    private static Set<String> names(List<MailboxInfo> mailboxes) {
        return mailboxes.stream().map(MailboxInfo::name).collect(Collectors.toSet());
    }
}

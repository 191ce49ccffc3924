package org.postroom.mail;

import org.postroom.connector.api.imap.MailboxKey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postroom.connector.api.AuthenticatedUser;
import org.postroom.connector.api.imap.MailboxSnapshot;
import org.postroom.connector.api.imap.MessageMetadata;
import org.postroom.connector.api.imap.UidSet;
import org.postroom.messaging.MailboxChangeNotifier;
import org.postroom.model.mime.StructureAnalyzer;
import org.postroom.store.Account;
import org.postroom.store.MailMessage;
import org.postroom.store.QueueJob;
import org.postroom.store.QueueRepository;
import org.postroom.store.db.JpaAccountRepository;
import org.postroom.store.db.JpaImapListener;
import org.postroom.store.db.JpaContentRepository;
import org.postroom.store.db.JpaFolderRepository;
import org.postroom.store.db.JpaMessageRepository;
import org.postroom.store.db.JpaQueueRepository;

/**
 * Issue 11 item 6 and ADR 0025: final delivery puts {@code Return-Path: <reverse-path>} on top of the message, and
 * everything that reads or counts the stored message (IMAP content, size, envelope and structure, POP3 sizes, quota
 * usage) sees the same bytes; APPEND adds none; a job that still waits for relay keeps the message as received.
 */
class ReturnPathDeliveryTest {

    private static final String RECEIVED = "Received: from client.example.net by mx.example.org; "
            + "Mon, 7 Dec 2026 10:00:00 +0000\r\n";
    private static final String MESSAGE = RECEIVED + "From: Bob <bob@sender.example>\r\nTo: alice@example.org\r\n"
            + "Subject: hello\r\nDate: Mon, 7 Dec 2026 10:00:00 +0000\r\n\r\nbody\r\n";

    private final JpaImapListener store = new JpaImapListener();
    private final String alice = store.addUser("alice");
    private final String dave = store.addUser("dave");

    @AfterEach
    void close() {
        store.close();
    }

    /** Queues a job as the outbox does and delivers it with the real service over the test database. */
    private long queueAndDeliver(String sender, List<String> recipients) {
        long jobId = store.inTransaction(em -> {
            long content = new JpaContentRepository(em).storeContentRow(MESSAGE.getBytes(StandardCharsets.US_ASCII),
                    Instant.now());
            return new JpaQueueRepository(em).addRow(new QueueRepository.NewJob("Q" + System.nanoTime(), sender,
                    content, MESSAGE.length(), "192.0.2.7", null, Instant.now(), recipients));
        });
        store.inTransaction(em -> service(em).deliver(jobId));
        return jobId;
    }

    private static DeliveryService service(EntityManager em) {
        return StoreWiring.delivery(em, StoreWiring.config("127.0.0.0/8", true), new JpaMessageRepository(em),
                new MailboxChangeNotifier());
    }

    private byte[] inboxContent(String user, long uid) throws Exception {
        MailboxSnapshot inbox = store.listener().select(new AuthenticatedUser(user), "INBOX", true);
        try (var in = store.listener().content(new AuthenticatedUser(user), inbox.key(), uid).orElseThrow()) {
            return in.readAllBytes();
        }
    }

    @Test
    void deliveryPutsReturnPathOnTopAndEveryReadAgrees() throws Exception {
        long jobId = queueAndDeliver("bob@sender.example", List.of(alice, dave));
        String expected = "Return-Path: <bob@sender.example>\r\n" + MESSAGE;
        byte[] content = inboxContent(alice, 1);
        assertEquals(expected, new String(content, StandardCharsets.US_ASCII));
        assertArrayEquals(content, inboxContent(dave, 1));

        AuthenticatedUser user = new AuthenticatedUser(alice);
        MailboxKey key = store.listener().select(user, "INBOX", false).key();
        MessageMetadata m = store.listener().fetch(user, key, UidSet.of(1), true).get(0);
        assertEquals(content.length, m.size(), "RFC822.SIZE");
        assertEquals("hello", m.structure().envelope().subject());
        assertEquals(StructureAnalyzer.analyze(content), m.structure(), "offsets of the delivered bytes");

        store.inTransaction(em -> {
            JpaFolderRepository folders = new JpaFolderRepository(em);
            JpaMessageRepository mailboxes = new JpaMessageRepository(em);
            JpaAccountRepository accounts = new JpaAccountRepository(em);
            Account a = accounts.find(alice).orElseThrow();
            MailMessage stored = mailboxes.messages(folders.folder(a, "INBOX").orElseThrow(), 1, Long.MAX_VALUE).get(0);
            assertEquals(content.length, stored.getSize(), "the size POP3 LIST reports");
            assertEquals(content.length, accounts.usage(a).bytes(), "quota usage");
            Account d = accounts.find(dave).orElseThrow();
            MailMessage davesCopy = mailboxes.messages(folders.folder(d, "INBOX").orElseThrow(), 1, Long.MAX_VALUE)
                    .get(0);
            assertEquals(stored.getContent().getId(), davesCopy.getContent().getId(), "one content for the job");
            QueueJob job = new JpaQueueRepository(em).find(jobId).orElseThrow();
            assertEquals(stored.getContent().getId(), job.getContent().getId(),
                    "nothing waits for relay: the job keeps only the content as delivered");
            assertEquals(MESSAGE.length(), job.getSize(), "the job keeps the size accepted");
            return null;
        });
    }

    @Test
    void theNullSenderIsAnEmptyReturnPath() throws Exception {
        queueAndDeliver(null, List.of(alice));
        assertTrue(new String(inboxContent(alice, 1), StandardCharsets.US_ASCII)
                .startsWith("Return-Path: <>\r\n" + RECEIVED));
    }

    @Test
    void aJobThatWaitsForRelayKeepsTheMessageAsReceived() throws Exception {
        long jobId = queueAndDeliver("bob@sender.example", List.of(alice, "carol@remote.test"));
        assertTrue(new String(inboxContent(alice, 1), StandardCharsets.US_ASCII).startsWith("Return-Path: <bob@"));
        store.inTransaction(em -> {
            QueueJob job = new JpaQueueRepository(em).find(jobId).orElseThrow();
            assertEquals(MESSAGE, new String(job.getContent().getData(), StandardCharsets.US_ASCII),
                    "relay sends the message without the Return-Path of final delivery");
            return null;
        });
    }

    @Test
    void appendedMessagesGetNoReturnPath() throws Exception {
        AuthenticatedUser user = new AuthenticatedUser(alice);
        store.listener().append(user, "INBOX", Set.of(), Optional.empty(), MESSAGE.getBytes(StandardCharsets.US_ASCII));
        byte[] content = inboxContent(alice, 1);
        assertFalse(new String(content, StandardCharsets.US_ASCII).contains("Return-Path"));
        assertEquals(MESSAGE.length(), content.length);
    }

    @Test
    void theLineIsOneHeaderFieldWhateverTheSender() {
        assertEquals("Return-Path: <a@b.example>\r\n",
                new String(ReturnPath.line(Optional.of("a@b.example")), StandardCharsets.UTF_8));
        assertEquals("Return-Path: <evil@b.exampleX-Injected: 1>\r\n",
                new String(ReturnPath.line(Optional.of("evil@b.example\r\nX-Injected: 1")), StandardCharsets.UTF_8));
        assertEquals("Return-Path: <j\u00f6rg@b.example>\r\n",
                new String(ReturnPath.line(Optional.of("j\u00f6rg@b.example")), StandardCharsets.UTF_8));
    }
}

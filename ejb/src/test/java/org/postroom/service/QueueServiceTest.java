package org.postroom.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postroom.connector.api.QueueIds;
import org.postroom.service.Views.QueueJobView;
import org.postroom.store.QueueJob;
import org.postroom.store.QueueRecipient;
import org.postroom.store.QueueRepository;
import org.postroom.store.db.JpaContentRepository;
import org.postroom.store.db.JpaImapListener;
import org.postroom.store.db.JpaQueueRepository;

/** The administrator's queue listing: what waits by default, filters, limit and cursor, newest first. */
class QueueServiceTest {

    private final JpaImapListener store = new JpaImapListener();

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void theDefaultListingShowsWhatWaitsNewestFirstAndAStateFindsSettledJobs() {
        Instant t = Instant.now();
        String waiting = job("a@x.example", t.minusSeconds(30), QueueRecipient.State.DEFERRED, "r@far.example");
        String delivered = job("a@x.example", t.minusSeconds(20), QueueRecipient.State.DELIVERED, "r@far.example");
        String queued = job("b@x.example", t.minusSeconds(10), QueueRecipient.State.PENDING, "s@near.example");
        assertEquals(List.of(queued, waiting), ids(list(null, null, null, null, null)));
        assertEquals(List.of(delivered), ids(list("delivered", null, null, null, null)));
        assertEquals(List.of(waiting), ids(list(null, "<A@x.example>", null, null, null)));
        assertEquals(List.of(waiting), ids(list(null, null, "FAR.example", null, null)));
        assertThrows(ServiceException.class, () -> list("lost", null, null, null, null));
        assertThrows(ServiceException.class, () -> list(null, null, "not a domain!", null, null));
        assertThrows(ServiceException.class, () -> list(null, null, null, 0, null));
    }

    @Test
    void aLimitGivesACursorThatContinuesWhereThePageEnded() {
        Instant t = Instant.now();
        List<String> newestFirst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            newestFirst.add(0, job("a@x.example", t.minusSeconds(60 - i), QueueRecipient.State.DEFERRED,
                    "r@far.example"));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            QueueService.Page page = list(null, null, null, 2, cursor);
            assertTrue(page.jobs().size() <= 2);
            seen.addAll(ids(page));
            cursor = page.next().orElse(null);
        } while (cursor != null);
        assertEquals(newestFirst, seen);
        assertThrows(ServiceException.class, () -> list(null, null, null, 2, "nonsense"));
    }

    private QueueService.Page list(String state, String sender, String domain, Integer limit, String cursor) {
        return store.inTransaction(em -> {
            QueueService service = new QueueService();
            service.queue = new JpaQueueRepository(em);
            return service.list(state, sender, domain, limit, cursor);
        });
    }

    private static List<String> ids(QueueService.Page page) {
        return page.jobs().stream().map(QueueJobView::id).toList();
    }

    /** A job accepted at {@code at} whose one recipient is in {@code state}; its state derived. */
    private String job(String sender, Instant at, QueueRecipient.State state, String recipient) {
        String queueId = QueueIds.next();
        store.inTransaction(em -> {
            long content = new JpaContentRepository(em).storeContentRow("x".getBytes(StandardCharsets.US_ASCII), at);
            long id = new JpaQueueRepository(em).addRow(new QueueRepository.NewJob(queueId, sender, content, 1,
                    "192.0.2.1", null, at, List.of(recipient)));
            em.flush();
            QueueJob job = new JpaQueueRepository(em).find(id).orElseThrow();
            job.getRecipients().get(0).setState(state, null);
            job.deriveState(at);
            return null;
        });
        return queueId;
    }
}

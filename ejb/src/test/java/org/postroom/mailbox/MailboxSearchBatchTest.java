package org.postroom.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.postroom.store.MessageRow;

/** Issue 14: SEARCH BODY/TEXT loaded 100 messages of content at a time whatever their size. */
class MailboxSearchBatchTest {

    private static List<MessageRow> rows(long count, long size) {
        return LongStream.rangeClosed(1, count)
                .mapToObj(uid -> new MessageRow(uid, uid, 0, "", Instant.EPOCH, size, uid, 1, 1))
                .toList();
    }

    private static List<Integer> sizes(List<List<MessageRow>> batches) {
        return batches.stream().map(List::size).toList();
    }

    @Test
    void smallMessagesGoAHundredAtATime() {
        assertEquals(List.of(100, 100, 50), sizes(MailboxSearch.batches(rows(250, 1024), 100, 8 << 20)));
    }

    @Test
    void largeMessagesGoAsManyAsFitTheByteBoundAndAnOversizedOneAlone() {
        assertEquals(List.of(2, 2, 1), sizes(MailboxSearch.batches(rows(5, 4 << 20), 100, 8 << 20)));
        assertEquals(List.of(1, 1, 1), sizes(MailboxSearch.batches(rows(3, 50 << 20), 100, 8 << 20)));
        assertEquals(List.of(), MailboxSearch.batches(List.of(), 100, 8 << 20));
    }
}

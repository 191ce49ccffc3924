package org.postroom.protocol.imap;

import org.postroom.connector.api.imap.MailboxKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postroom.connector.api.mime.MessageStructure;

/** The shared message cache on its own: LRU order, byte accounting, the 1/8 rule, structure, threads. */
class MessageCacheTest {

    private static final OffsetDateTime DATE = OffsetDateTime.of(2026, 11, 24, 8, 0, 0, 0, ZoneOffset.UTC);
    private static final MailboxKey BOX = new MailboxKey(7, 1000);
    /** 100 content bytes: weight 356. */
    private static final int SMALL = 100;
    private static final long SMALL_WEIGHT = SMALL + MessageCache.ENTRY_OVERHEAD;

    private static MessageCache.Entry entry(long uid, int contentBytes) {
        return new MessageCache.Entry(uid, DATE, contentBytes, null, new byte[contentBytes]);
    }

    private static MessageCache.Entry withStructure(long uid) {
        byte[] content = TestMessages.bytes(Mails.SIMPLE);
        MessageStructure s = TestMessages.structure(content);
        return new MessageCache.Entry(uid, DATE, content.length, s, content);
    }

    @Test
    void theLeastRecentlyUsedEntryIsEvictedFirstAndAHitRefreshesIt() {
        MessageCache cache = new MessageCache(8 * SMALL_WEIGHT);
        for (long uid = 1; uid <= 8; uid++) {
            cache.put(BOX, entry(uid, SMALL));
        }
        assertEquals(8, cache.size());
        assertTrue(cache.get(BOX, 1, false).isPresent(), "1 becomes the most recently used");
        cache.put(BOX, entry(9, SMALL));
        assertTrue(cache.get(BOX, 2, false).isEmpty(), "2 was the least recently used");
        assertTrue(cache.get(BOX, 1, false).isPresent());
        cache.put(BOX, entry(10, SMALL));
        assertTrue(cache.get(BOX, 3, false).isEmpty());
        for (long uid : new long[]{1, 4, 5, 6, 7, 8, 9, 10}) {
            assertTrue(cache.get(BOX, uid, false).isPresent(), "uid " + uid);
        }
        assertEquals(8 * SMALL_WEIGHT, cache.weightBytes());
    }

    @Test
    void weightIsContentPlusOverheadAndFollowsPutReplaceAndRemove() {
        MessageCache cache = new MessageCache(1 << 20);
        cache.put(BOX, entry(1, SMALL));
        cache.put(BOX, entry(2, 1000));
        assertEquals(SMALL_WEIGHT + 1000 + MessageCache.ENTRY_OVERHEAD, cache.weightBytes());
        cache.put(BOX, entry(2, 2000));
        assertEquals(SMALL_WEIGHT + 2000 + MessageCache.ENTRY_OVERHEAD, cache.weightBytes(), "replaced, not added");
        cache.remove(BOX, 2);
        assertEquals(SMALL_WEIGHT, cache.weightBytes());
        cache.remove(BOX, 2);
        cache.remove(new MailboxKey(99, 1), 1);
        assertEquals(SMALL_WEIGHT, cache.weightBytes());
        assertEquals(1, cache.size());
        MessageCache.Entry structured = withStructure(3);
        cache.put(BOX, structured);
        assertEquals(SMALL_WEIGHT + structured.content().length + MessageCache.ENTRY_OVERHEAD
                + MessageCache.STRUCTURE_OVERHEAD, cache.weightBytes());
    }

    @Test
    void anEntryHeavierThanAnEighthOfTheCapacityIsNotKept() {
        MessageCache cache = new MessageCache(8 * 1024);
        cache.put(BOX, entry(1, 1024 - (int) MessageCache.ENTRY_OVERHEAD));
        cache.put(BOX, entry(2, 1024 - (int) MessageCache.ENTRY_OVERHEAD + 1));
        assertTrue(cache.get(BOX, 1, false).isPresent(), "exactly an eighth is kept");
        assertTrue(cache.get(BOX, 2, false).isEmpty(), "one byte more is not");
        assertEquals(1024, cache.weightBytes());
    }

    @Test
    void capacityZeroKeepsNothing() {
        MessageCache cache = new MessageCache(0);
        assertFalse(cache.enabled());
        cache.put(BOX, entry(1, 1));
        assertTrue(cache.get(BOX, 1, false).isEmpty());
        assertFalse(cache.contains(BOX, 1));
        assertEquals(0, cache.size());
        assertThrows(IllegalArgumentException.class, () -> new MessageCache(-1));
    }

    @Test
    void keysAreMailboxAndUid() {
        MessageCache cache = new MessageCache(1 << 20);
        MessageCache.Entry a = entry(1, 10);
        cache.put(new MailboxKey(7, 1000), a);
        assertSame(a, cache.get(new MailboxKey(7, 1000), 1, false).orElseThrow());
        assertTrue(cache.get(new MailboxKey(7, 1001), 1, false).isEmpty(), "another UIDVALIDITY is another mailbox");
        assertTrue(cache.get(new MailboxKey(8, 1000), 1, false).isEmpty());
        assertTrue(cache.get(new MailboxKey(7, 1000), 2, false).isEmpty());
        assertEquals(1, cache.hits());
        assertEquals(3, cache.misses());
    }

    @Test
    void anEntryWithoutStructureIsAMissWhenStructureIsNeededAndDoesNotReplaceOneWithIt() {
        MessageCache cache = new MessageCache(1 << 20);
        cache.put(BOX, entry(1, 10));
        assertTrue(cache.get(BOX, 1, false).isPresent());
        assertTrue(cache.get(BOX, 1, true).isEmpty());
        MessageCache.Entry structured = withStructure(1);
        cache.put(BOX, structured);
        assertSame(structured, cache.get(BOX, 1, true).orElseThrow());
        cache.put(BOX, entry(1, 10));
        assertSame(structured, cache.get(BOX, 1, false).orElseThrow(), "the entry with structure stays");
    }

    @Test
    @Timeout(60)
    void concurrentUseKeepsTheAccountingExactAndTheBound() throws Exception {
        long capacity = 64 * 1024;
        MessageCache cache = new MessageCache(capacity);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                start.await();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < 50_000; i++) {
                    MailboxKey box = new MailboxKey(random.nextInt(3), 1);
                    long uid = 1 + random.nextInt(500);
                    int op = random.nextInt(10);
                    if (op < 6) {
                        cache.get(box, uid, false).ifPresent(e -> assertEquals(uid, e.uid()));
                    } else if (op < 9) {
                        cache.put(box, entry(uid, random.nextInt(2000)));
                    } else {
                        cache.remove(box, uid);
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(50, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertTrue(cache.weightBytes() <= capacity, "bound: " + cache.weightBytes());
        assertEquals(cache.weightBytes(), cache.recount(), "the list, the map and the weight agree");
        assertTrue(cache.size() > 0);
    }
}

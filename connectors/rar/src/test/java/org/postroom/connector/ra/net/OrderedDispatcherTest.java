package org.postroom.connector.ra.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class OrderedDispatcherTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void eachLaneRunsItsTasksInSubmissionOrderOneAtATimeUnderConcurrentSubmitters() throws Exception {
        OrderedDispatcher dispatcher = new OrderedDispatcher(threads, 4);
        int lanes = 50;
        int perLane = 2_000;
        List<List<Integer>> seen = new ArrayList<>();
        List<OrderedDispatcher.SerialExecutor> executors = new ArrayList<>();
        AtomicInteger overlaps = new AtomicInteger();
        for (int i = 0; i < lanes; i++) {
            seen.add(Collections.synchronizedList(new ArrayList<>()));
            executors.add(dispatcher.newSerialExecutor());
        }
        CountDownLatch done = new CountDownLatch(lanes * perLane);
        // one submitter thread per lane (like one event loop per connection), all at once
        CountDownLatch go = new CountDownLatch(1);
        for (int lane = 0; lane < lanes; lane++) {
            int l = lane;
            AtomicInteger running = new AtomicInteger();
            threads.execute(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perLane; i++) {
                    int n = i;
                    executors.get(l).execute(() -> {
                        if (running.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        seen.get(l).add(n);
                        running.decrementAndGet();
                        done.countDown();
                    });
                }
            });
        }
        go.countDown();
        assertTrue(done.await(20, TimeUnit.SECONDS));
        assertEquals(0, overlaps.get(), "two tasks of one lane ran at the same time");
        for (List<Integer> lane : seen) {
            assertEquals(perLane, lane.size());
            for (int i = 0; i < perLane; i++) {
                assertEquals(i, lane.get(i), "out of order");
            }
        }
        assertTrue(dispatcher.shutdown(Duration.ofSeconds(5)));
    }

    @Test
    void aBlockedLaneDoesNotHoldUpOtherLanes() throws Exception {
        OrderedDispatcher dispatcher = new OrderedDispatcher(threads, 2);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch otherRan = new CountDownLatch(1);
        OrderedDispatcher.SerialExecutor slow = dispatcher.newSerialExecutor();
        slow.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        dispatcher.newSerialExecutor().execute(otherRan::countDown);
        assertTrue(otherRan.await(5, TimeUnit.SECONDS));
        assertEquals(1, slow.pending());
        release.countDown();
        assertTrue(dispatcher.shutdown(Duration.ofSeconds(5)));
        assertEquals(0, slow.pending());
    }

    @Test
    void aFailingTaskDoesNotStopTheLane() throws Exception {
        OrderedDispatcher dispatcher = new OrderedDispatcher(threads, 1);
        OrderedDispatcher.SerialExecutor lane = dispatcher.newSerialExecutor();
        CountDownLatch after = new CountDownLatch(1);
        lane.execute(() -> {
            throw new IllegalStateException("expected by the test");
        });
        lane.execute(after::countDown);
        assertTrue(after.await(5, TimeUnit.SECONDS));
        assertTrue(dispatcher.shutdown(Duration.ofSeconds(5)));
    }

    @Test
    void shutdownRunsWhatWasAlreadyQueued() throws Exception {
        OrderedDispatcher dispatcher = new OrderedDispatcher(threads, 2);
        OrderedDispatcher.SerialExecutor lane = dispatcher.newSerialExecutor();
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            lane.execute(ran::incrementAndGet);
        }
        assertTrue(dispatcher.shutdown(Duration.ofSeconds(5)));
        assertEquals(100, ran.get());
    }

    @Test
    void runIfIdleRunsOnTheCallerOnlyWhileNothingIsQueuedOrRunning() throws Exception {
        OrderedDispatcher dispatcher = new OrderedDispatcher(threads, 1);
        OrderedDispatcher.SerialExecutor lane = dispatcher.newSerialExecutor();
        Thread caller = Thread.currentThread();
        List<Thread> ranOn = new ArrayList<>();
        assertTrue(lane.runIfIdle(() -> ranOn.add(Thread.currentThread())));
        assertEquals(List.of(caller), ranOn);
        assertEquals(0, lane.pending());

        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        lane.execute(() -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        assertFalse(lane.runIfIdle(() -> ranOn.add(Thread.currentThread())), "a task is running");
        release.countDown();
        assertTrue(dispatcher.shutdown(Duration.ofSeconds(5)));
        assertEquals(1, ranOn.size());
    }

    @Test
    void tasksSubmittedDuringAnInlineRunRunAfterItInOrder() throws Exception {
        OrderedDispatcher dispatcher = new OrderedDispatcher(threads, 2);
        OrderedDispatcher.SerialExecutor lane = dispatcher.newSerialExecutor();
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(1);
        assertTrue(lane.runIfIdle(() -> {
            lane.execute(() -> order.add("queued 1"));
            lane.execute(() -> {
                order.add("queued 2");
                done.countDown();
            });
            sleep(100); // the workers must not start the queued tasks meanwhile
            order.add("inline");
        }));
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("inline", "queued 1", "queued 2"), order);
        // the lane's count drops just after its last task returns: read it once the workers have stopped
        assertTrue(dispatcher.shutdown(Duration.ofSeconds(5)));
        assertEquals(0, lane.pending());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

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

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Issue 14: password checks run on their own threads; the lane's order holds across the two pools. */
    @Test
    void loginTasksRunOnTheLoginPoolInLaneOrderWhileTheMainPoolGoesOn() throws Exception {
        OrderedDispatcher dispatcher = new OrderedDispatcher(threads, 1, 1, 1);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        List<Thread> ranOn = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch loginStarted = new CountDownLatch(1);
        OrderedDispatcher.SerialExecutor lane = dispatcher.newSerialExecutor();
        lane.execute(() -> {
            order.add("before");
            ranOn.add(Thread.currentThread());
        });
        lane.executeLogin(() -> {
            order.add("login");
            ranOn.add(Thread.currentThread());
            loginStarted.countDown();
            await(release);
        }, false);
        lane.execute(() -> {
            order.add("after");
            ranOn.add(Thread.currentThread());
        });
        CountDownLatch other = new CountDownLatch(1);
        dispatcher.newSerialExecutor().execute(other::countDown);
        assertTrue(other.await(5, TimeUnit.SECONDS), "the one main worker is free while the login is slow");
        assertTrue(loginStarted.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("before", "login"), List.copyOf(order), "nothing overtakes the login");
        release.countDown();
        assertTrue(dispatcher.shutdown(Duration.ofSeconds(5)));
        assertEquals(List.of("before", "login", "after"), order);
        assertTrue(ranOn.get(0) != ranOn.get(1) && ranOn.get(1) != ranOn.get(2), "the login ran on another thread");
    }

    /** A connection's first login is not stuck behind connections that keep guessing. */
    @Test
    void firstLoginsQueueAheadOfRepeatedOnes() throws Exception {
        OrderedDispatcher dispatcher = new OrderedDispatcher(threads, 1, 1, 1);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocking = new CountDownLatch(1);
        dispatcher.newSerialExecutor().executeLogin(() -> {
            blocking.countDown();
            await(release);
        }, false);
        assertTrue(blocking.await(5, TimeUnit.SECONDS));
        for (int i = 0; i < 3; i++) {
            String name = "guess" + i;
            dispatcher.newSerialExecutor().executeLogin(() -> order.add(name), true);
        }
        dispatcher.newSerialExecutor().executeLogin(() -> order.add("first"), false);
        release.countDown();
        assertTrue(dispatcher.shutdown(Duration.ofSeconds(5)));
        assertEquals(List.of("first", "guess0", "guess1", "guess2"), order);
    }

    /** Issue 14: a worker stuck on a slow call (a client that does not read, a memory budget) is stood in for. */
    @Test
    void aStalledWorkerIsStoodInForSoOtherLanesRunAndTheStandInEndsAfterwards() throws Exception {
        OrderedDispatcher dispatcher = new OrderedDispatcher(threads, 1, 0, 3);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch stuck = new CountDownLatch(1);
        dispatcher.newSerialExecutor().execute(() -> {
            stuck.countDown();
            await(release);
        });
        assertTrue(stuck.await(5, TimeUnit.SECONDS));
        long begin = System.nanoTime();
        CountDownLatch other = new CountDownLatch(1);
        dispatcher.newSerialExecutor().execute(other::countDown);
        assertTrue(other.await(5, TimeUnit.SECONDS), "another lane ran while the only worker was stuck");
        assertTrue(System.nanoTime() - begin < Duration.ofSeconds(3).toNanos());
        assertEquals(1, dispatcher.compensations());
        release.countDown();
        assertTrue(dispatcher.shutdown(Duration.ofSeconds(5)));
    }

    @Test
    void withoutStandInsAStalledWorkerHoldsTheOthersBack() throws Exception {
        OrderedDispatcher dispatcher = new OrderedDispatcher(threads, 1);
        CountDownLatch release = new CountDownLatch(1);
        dispatcher.newSerialExecutor().execute(() -> await(release));
        CountDownLatch other = new CountDownLatch(1);
        dispatcher.newSerialExecutor().execute(other::countDown);
        assertFalse(other.await(1, TimeUnit.SECONDS), "the behaviour the stand-ins fix, kept where asked for");
        release.countDown();
        assertTrue(other.await(5, TimeUnit.SECONDS));
        assertTrue(dispatcher.shutdown(Duration.ofSeconds(5)));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

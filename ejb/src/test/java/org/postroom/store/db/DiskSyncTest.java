package org.postroom.store.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

/** The sync before the 250 (ADR 0026): {@code CHECKPOINT} then {@code CHECKPOINT SYNC} on H2, accepted by the database, once per call. */
class DiskSyncTest {

    /** The statements the database accepted. */
    private final List<String> executed = new ArrayList<>();

    @Test
    void onH2EveryCallSyncsTheDatabaseFile() {
        DiskSync sync = new DiskSync();
        sync.dataSource = recording(H2Test.freshUrl("disksync"));
        sync.afterCommit();
        sync.afterCommit();
        assertEquals(List.of("CHECKPOINT", "CHECKPOINT SYNC", "CHECKPOINT", "CHECKPOINT SYNC"), executed);
    }

    /**
     * Concurrent callers share sync rounds (ADR 0054), and none returns before a round that started after its call
     * ended: the round that was already running when a caller arrived may predate the caller's commit.
     */
    @Test
    void concurrentCallersShareRoundsThatStartAfterTheirCommits() throws Exception {
        AtomicLong clock = new AtomicLong();
        AtomicLong lastEndedRoundStart = new AtomicLong(-1);
        AtomicInteger roundsRun = new AtomicInteger();
        DiskSync sync = new DiskSync() {
            @Override
            void syncNow() {
                long start = clock.incrementAndGet();
                roundsRun.incrementAndGet();
                try {
                    Thread.sleep(5); // a write and an fsync
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                lastEndedRoundStart.accumulateAndGet(start, Math::max);
            }
        };
        int threads = 8;
        int callsEach = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            results.add(pool.submit(() -> {
                go.await();
                int early = 0;
                for (int i = 0; i < callsEach; i++) {
                    long committedAt = clock.incrementAndGet();
                    sync.afterCommit();
                    if (lastEndedRoundStart.get() < committedAt) {
                        early++;
                    }
                }
                return early;
            }));
        }
        go.countDown();
        int early = 0;
        for (Future<Integer> r : results) {
            early += r.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(0, early, "calls that returned before a sync that started after them");
        int calls = threads * callsEach;
        assertTrue(roundsRun.get() < calls / 2, roundsRun.get() + " rounds for " + calls + " concurrent calls");
    }

    /** A data source over DriverManager whose statements record what they execute. */
    private DataSource recording(String url) {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{DataSource.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getConnection" -> recording(DriverManager.getConnection(url, "postroom", ""));
                    case "getLogWriter" -> (PrintWriter) null;
                    case "getParentLogger" -> Logger.getGlobal();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private Connection recording(Connection real) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    return method.getName().equals("createStatement") ? recording((Statement) result) : result;
                });
    }

    private Statement recording(Statement real) {
        return (Statement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Statement.class},
                (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    if (method.getName().startsWith("execute")) {
                        executed.add((String) args[0]); // only once the database has accepted it
                    }
                    return result;
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

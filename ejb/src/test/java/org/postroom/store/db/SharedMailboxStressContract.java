package org.postroom.store.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.postroom.connector.api.imap.MailboxKey;
import org.postroom.connector.api.AuthenticatedUser;
import org.postroom.connector.api.imap.AppendResult;
import org.postroom.connector.api.imap.CopyResult;
import org.postroom.connector.api.imap.FetchedMessage;
import org.postroom.connector.api.imap.MailboxSnapshot;
import org.postroom.connector.api.imap.MessageFlags;
import org.postroom.connector.api.imap.StoreMode;
import org.postroom.connector.api.imap.UidSet;

/**
 * Many sessions on one shared INBOX, as a user with a desktop client, a phone and a webmail (or a shared mailbox)
 * has, while mail is delivered into it: every session runs random reads and writes (SELECT, FETCH of metadata,
 * structure and bodies, STORE, EXPUNGE, APPEND, COPY, MOVE, STATUS) for {@code postroom.stress.seconds} (60 by
 * default). No call may fail (a deadlock or a lock timeout is a failure), no second may pass without some session
 * completing a call (a deadlock stalls them all; one call alone may be slow on a loaded machine, but never longer
 * than a lock wait may last), and the mailbox must end consistent: exactly the messages appended and not removed, each once, under ascending UIDs, with
 * the flags the last STORE left them. Each session changes only its own keyword, so its own call order is the order
 * in which its changes were committed, and the expected flags are known.
 */
abstract class SharedMailboxStressContract {

    private static final int SESSIONS = 10;
    private static final Duration RUN = Duration.ofSeconds(Long.getLong("postroom.stress.seconds", 60));
    /** No second may pass without some session completing a call (a deadlock stalls them all). */
    private static final long STALL_MILLIS = 1000;
    /** No single call may take longer than a lock wait may (ADR 0022: 5 s), on a machine however loaded. */
    private static final long SLOWEST_CALL_MILLIS = 5000;
    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^Message-ID: <([^>]+)>");

    /** A listener over a fresh, empty database of the kind under test. */
    protected abstract JpaImapListener freshStore() throws Exception;

    /** What the sessions did, as far as the expected end state depends on it. */
    private static final class Ledger {
        final Map<Long, String> appended = new ConcurrentHashMap<>();
        final Map<Long, Boolean> removed = new ConcurrentHashMap<>();
        /** "session:uid" to whether the session's keyword is set after its last STORE or APPEND of the message. */
        final Map<String, Boolean> keyword = new ConcurrentHashMap<>();
        final List<String> errors = Collections.synchronizedList(new ArrayList<>());
        /** When some session last completed a call, and the longest time without any completion. */
        final AtomicLong lastCompletion = new AtomicLong();
        final AtomicLong longestGap = new AtomicLong();

        void completed() {
            long now = System.nanoTime();
            long gap = now - lastCompletion.getAndSet(now);
            longestGap.accumulateAndGet(gap, Math::max);
        }

        void appended(long uid, String messageId) {
            String before = appended.putIfAbsent(uid, messageId);
            if (before != null) {
                errors.add("UID " + uid + " given to both " + before + " and " + messageId);
            }
        }

        void removed(List<Long> uids, String by) {
            for (long uid : uids) {
                if (removed.putIfAbsent(uid, Boolean.TRUE) != null) {
                    errors.add("UID " + uid + " removed twice (" + by + ")");
                }
            }
        }
    }

    /** The slowest call a session saw. */
    private record Slowest(String call, long millis, int calls) {
    }

    @Test
    void sessionsSharingOneMailboxNeverDeadlockNorStallAndLeaveItConsistent() throws Exception {
        try (JpaImapListener store = freshStore()) {
            String address = store.addUser("shared");
            AuthenticatedUser user = new AuthenticatedUser(address);
            Ledger ledger = new Ledger();
            for (int i = 0; i < 40; i++) {
                String id = "seed-" + i + "@stress";
                ledger.appended(store.deliver(address, "INBOX", message(id, 2000), true), id);
            }
            long end = System.nanoTime() + RUN.toNanos();
            ledger.lastCompletion.set(System.nanoTime());
            ExecutorService pool = Executors.newFixedThreadPool(SESSIONS + 1);
            List<Future<Slowest>> sessions = new ArrayList<>();
            for (int s = 0; s < SESSIONS; s++) {
                int session = s;
                sessions.add(pool.submit(() -> session(store, user, session, ledger, end)));
            }
            sessions.add(pool.submit(() -> delivery(store, address, ledger, end)));
            pool.shutdown();
            assertTrue(pool.awaitTermination(RUN.toSeconds() + 120, TimeUnit.SECONDS), "sessions ended");
            Slowest slowest = new Slowest("none", 0, 0);
            int calls = 0;
            for (Future<Slowest> f : sessions) {
                Slowest s = f.get();
                calls += s.calls();
                if (s.millis() > slowest.millis()) {
                    slowest = s;
                }
            }
            long gap = TimeUnit.NANOSECONDS.toMillis(ledger.longestGap.get());
            System.out.printf("shared mailbox stress (%s): %d calls in %d s, slowest %s %d ms, longest time without"
                    + " a completed call %d ms, %d failed%n", getClass().getSimpleName(), calls, RUN.toSeconds(),
                    slowest.call(), slowest.millis(), gap, ledger.errors.size());
            assertEquals(List.of(), ledger.errors, "calls that failed");
            assertTrue(gap < STALL_MILLIS, "the sessions stalled: no call completed for " + gap + " ms");
            assertTrue(slowest.millis() < SLOWEST_CALL_MILLIS, "slowest call: " + slowest.call() + " took "
                    + slowest.millis() + " ms (" + calls + " calls)");
            assertTrue(calls > SESSIONS * 20, "the sessions made progress: " + calls + " calls");
            verifyEndState(store, user, ledger);
        }
    }

    private static void verifyEndState(JpaImapListener store, AuthenticatedUser user, Ledger ledger)
            throws Exception {
        MailboxSnapshot inbox = store.listener().select(user, "INBOX", true); // its record checks ascending UIDs
        Set<Long> expected = new TreeSet<>(ledger.appended.keySet());
        expected.removeAll(ledger.removed.keySet());
        Set<Long> present = new TreeSet<>();
        inbox.messages().forEach(m -> present.add(m.uid()));
        assertEquals(expected, present, "the INBOX holds exactly what was appended and not removed");
        for (MessageFlags m : inbox.messages()) {
            for (int s = 0; s < SESSIONS; s++) {
                boolean set = ledger.keyword.getOrDefault(s + ":" + m.uid(), false);
                assertEquals(set, m.flags().contains(keyword(s)), "keyword of session " + s + " on UID " + m.uid());
            }
        }
        Map<String, Long> seen = new HashMap<>();
        for (FetchedMessage f : store.listener().fetchWithContent(user, inbox.key(), UidSet.of(present), false,
                Long.MAX_VALUE)) {
            long uid = f.metadata().uid();
            String id = messageId(f.content());
            assertEquals(ledger.appended.get(uid), id, "the message under UID " + uid);
            Long twice = seen.put(id, uid);
            assertTrue(twice == null, id + " is in the INBOX twice, as " + twice + " and " + uid);
        }
        assertEquals(present.size(), seen.size(), "every message has its content");
    }

    private static Slowest session(JpaImapListener store, AuthenticatedUser user, int session, Ledger ledger,
            long end) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String keyword = keyword(session);
        Slowest slowest = new Slowest("none", 0, 0);
        List<Long> known = List.of();
        MailboxKey key = null;
        int calls = 0;
        int appends = 0;
        while (System.nanoTime() < end) {
            int dice = key == null ? 0 : random.nextInt(100);
            long started = System.nanoTime();
            String call;
            try {
                if (dice < 8) {
                    call = "SELECT";
                    MailboxSnapshot s = store.listener().select(user, "INBOX", false);
                    key = s.key();
                    known = s.messages().stream().map(MessageFlags::uid).toList();
                } else if (dice < 20) {
                    call = "FETCH metadata";
                    store.listener().fetch(user, key, someOf(known, 20, random), random.nextBoolean());
                } else if (dice < 32) {
                    call = "FETCH bodies";
                    store.listener().fetchWithContent(user, key, someOf(known, 5, random), random.nextBoolean(),
                            1 << 20);
                } else if (dice < 37) {
                    call = "FETCH one body";
                    store.listener().content(user, key, pick(known, random)).ifPresent(in -> {
                        try (in) {
                            in.readAllBytes();
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                } else if (dice < 60) {
                    call = "STORE";
                    boolean add = random.nextBoolean();
                    UidSet uids = someOf(known, 5, random);
                    store.listener().store(user, key, uids, add ? StoreMode.ADD : StoreMode.REMOVE, Set.of(keyword));
                    uids.stream().forEach(uid -> ledger.keyword.put(session + ":" + uid, add));
                } else if (dice < 66) {
                    call = "STORE \\Deleted + EXPUNGE";
                    UidSet uids = UidSet.of(pick(known, random));
                    store.listener().store(user, key, uids, StoreMode.ADD, Set.of("\\Deleted"));
                    ledger.completed();
                    started = System.nanoTime();
                    call = "EXPUNGE";
                    ledger.removed(store.listener().expunge(user, key, Optional.empty()), "EXPUNGE");
                } else if (dice < 80) {
                    call = "APPEND";
                    String id = "s" + session + "-" + appends++ + "@stress";
                    boolean flagged = random.nextBoolean();
                    AppendResult r = store.listener().append(user, "INBOX",
                            flagged ? Set.of(keyword, "\\Seen") : Set.of(),
                            Optional.empty(), message(id, 500 + random.nextInt(8000)));
                    ledger.appended(r.uid(), id);
                    ledger.keyword.put(session + ":" + r.uid(), flagged);
                } else if (dice < 88) {
                    call = "COPY";
                    store.listener().copy(user, key, someOf(known, 3, random), "Archive");
                } else if (dice < 92) {
                    call = "MOVE";
                    CopyResult r = store.listener().move(user, key, UidSet.of(pick(known, random)), "Trash");
                    ledger.removed(r.sourceUids(), "MOVE");
                } else if (dice < 96) {
                    call = "STATUS";
                    store.listener().status(user, "INBOX");
                } else {
                    call = "changes";
                    store.listener().changesSince(user, key, 0, false);
                }
            } catch (Exception | AssertionError e) {
                ledger.errors.add("session " + session + ": " + e);
                call = "failed";
            }
            calls++;
            ledger.completed();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            if (millis > slowest.millis()) {
                slowest = new Slowest(call, millis, 0);
            }
        }
        return new Slowest(slowest.call(), slowest.millis(), calls);
    }

    /** Mail arriving while the sessions work, through delivery's path into the INBOX. */
    private static Slowest delivery(JpaImapListener store, String address, Ledger ledger, long end)
            throws InterruptedException {
        Slowest slowest = new Slowest("none", 0, 0);
        int n = 0;
        while (System.nanoTime() < end) {
            String id = "delivered-" + n++ + "@stress";
            long started = System.nanoTime();
            try {
                ledger.appended(store.deliver(address, "INBOX", message(id, 3000), true), id);
            } catch (RuntimeException e) {
                ledger.errors.add("delivery: " + e);
            }
            ledger.completed();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            if (millis > slowest.millis()) {
                slowest = new Slowest("delivery", millis, 0);
            }
            Thread.sleep(10);
        }
        return new Slowest(slowest.call(), slowest.millis(), n);
    }

    private static String keyword(int session) {
        return "$session" + session;
    }

    private static long pick(List<Long> uids, ThreadLocalRandom random) {
        return uids.isEmpty() ? 1 : uids.get(random.nextInt(uids.size()));
    }

    private static UidSet someOf(List<Long> uids, int most, ThreadLocalRandom random) {
        List<Long> chosen = new ArrayList<>();
        int count = 1 + random.nextInt(most);
        for (int i = 0; i < count; i++) {
            chosen.add(pick(uids, random));
        }
        return UidSet.of(chosen);
    }

    private static byte[] message(String messageId, int bodyBytes) {
        StringBuilder m = new StringBuilder()
                .append("From: Ann <ann@example.org>\r\n")
                .append("To: shared@example.org\r\n")
                .append("Subject: stress ").append(messageId).append("\r\n")
                .append("Message-ID: <").append(messageId).append(">\r\n")
                .append("Date: Mon, 7 Dec 2026 10:00:00 +0000\r\n")
                .append("\r\n");
        while (m.length() < bodyBytes) {
            m.append("The quick brown fox jumps over the lazy dog, again and again.\r\n");
        }
        return m.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String messageId(byte[] content) {
        Matcher m = MESSAGE_ID.matcher(new String(content, StandardCharsets.US_ASCII));
        return m.find() ? m.group(1) : "(none)";
    }
}

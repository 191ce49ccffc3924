package it;

import static it.Postroom.newDomain;
import static it.Postroom.newUser;
import static it.SmtpDeliveryIT.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

/**
 * Ten IMAP clients on one INBOX of the running server, as Outlook, a phone and a webmail on one user's mailbox (or a
 * shared mailbox): each runs random commands (SELECT, FETCH of flags, headers, structures and bodies, STORE, EXPUNGE,
 * APPEND, COPY, NOOP, LOGOUT and a new login) for {@code postroom.it.shared.seconds} (30 by default). Every command
 * must answer OK, and no second may pass without some client getting an answer (the deadlock of issue 11 stalled
 * every session for 20 s and then failed APPEND with NO [UNAVAILABLE]); and the INBOX must end with exactly the messages appended and not deleted, each once, with
 * the keywords each client's last STORE left.
 */
class SharedMailboxIT {

    private static final int CLIENTS = 10;
    private static final Duration RUN = Duration.ofSeconds(Long.getLong("postroom.it.shared.seconds", 30));
    /** No second may pass without some client getting an answer (the deadlock stalled them all). */
    private static final long STALL_MILLIS = 1000;
    /** No one command may take longer than a lock wait may last (ADR 0022: 5 s), however loaded the machine. */
    private static final long SLOWEST_MILLIS = 5000;
    private static final Pattern APPENDUID = Pattern.compile("\\[APPENDUID \\d+ (\\d+)]");
    private static final Pattern UID = Pattern.compile("UID (\\d+)");
    private static final Pattern FLAGS = Pattern.compile("FLAGS \\(([^)]*)\\)");
    private static final Pattern MESSAGE_ID = Pattern.compile("(?i)Message-ID: <([^>]+)>");

    /** A plain IMAP client: one command at a time, literals sent after the continuation. */
    private static final class Client implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private int tag;

        Client(String user) throws IOException {
            socket = new Socket("127.0.0.1", ImapIT.IMAP_PORT);
            socket.setSoTimeout(60_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
            line(); // greeting
            ok("LOGIN \"" + user + "\" \"" + PASSWORD + "\"");
        }

        /** Sends the command and returns everything up to and including its tagged reply, which must be OK. */
        String ok(String command) throws IOException {
            return ok(command, null);
        }

        String ok(String command, byte[] literal) throws IOException {
            String t = "c" + (++tag);
            out.write((t + " " + command + (literal == null ? "" : " {" + literal.length + "}") + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            StringBuilder response = new StringBuilder();
            if (literal != null) {
                String go = line();
                if (!go.startsWith("+")) {
                    throw new IOException(command + ": no continuation but " + go);
                }
                out.write(literal);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            while (true) {
                String l = line();
                response.append(l);
                Matcher m = Pattern.compile("\\{(\\d+)}\r\n$").matcher(l);
                if (m.find()) {
                    response.append(new String(in.readNBytes(Integer.parseInt(m.group(1))),
                            StandardCharsets.ISO_8859_1));
                    continue;
                }
                if (l.startsWith(t + " ")) {
                    if (!l.startsWith(t + " OK")) {
                        throw new IOException(command + " -> " + l.strip());
                    }
                    return response.toString();
                }
            }
        }

        private String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != -1) {
                b.write(c);
                if (c == '\n') {
                    break;
                }
            }
            if (c == -1) {
                throw new IOException("connection closed by the server");
            }
            return b.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** What the clients did that decides the end state. */
    private static final class Ledger {
        final Map<Long, String> appended = new ConcurrentHashMap<>();
        final Set<Long> deleted = ConcurrentHashMap.newKeySet();
        final Map<String, Boolean> keyword = new ConcurrentHashMap<>();
        final List<String> errors = Collections.synchronizedList(new ArrayList<>());
        /** When some client last got an answer, and the longest time without any. */
        final AtomicLong lastAnswer = new AtomicLong();
        final AtomicLong longestGap = new AtomicLong();

        void answered() {
            long now = System.nanoTime();
            longestGap.accumulateAndGet(now - lastAnswer.getAndSet(now), Math::max);
        }
    }

    private record Outcome(int commands, long slowestMillis, String slowest) {
    }

    @Test
    void tenClientsOnOneInboxNeverStallAndLeaveItConsistent() throws Exception {
        String user = newUser(newDomain(), "shared");
        Ledger ledger = new Ledger();
        try (Client seed = new Client(user)) {
            seed.ok("CREATE Kept");
            for (int i = 0; i < 30; i++) {
                append(seed, "seed-" + i + "@it", false, -1, ledger);
            }
        }
        long end = System.nanoTime() + RUN.toNanos();
        ledger.lastAnswer.set(System.nanoTime());
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<Outcome>> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            int client = i;
            clients.add(pool.submit(() -> client(user, client, ledger, end)));
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(RUN.toSeconds() + 180, TimeUnit.SECONDS), "clients ended");
        Outcome slowest = new Outcome(0, 0, "none");
        int commands = 0;
        for (Future<Outcome> f : clients) {
            Outcome o = f.get();
            commands += o.commands();
            if (o.slowestMillis() > slowest.slowestMillis()) {
                slowest = o;
            }
        }
        long gap = TimeUnit.NANOSECONDS.toMillis(ledger.longestGap.get());
        System.out.printf("shared INBOX: %d clients, %d commands in %d s (%.0f/s), slowest %s %d ms, longest time"
                + " without an answer %d ms, %d failed%n", CLIENTS, commands, RUN.toSeconds(),
                commands / (double) RUN.toSeconds(), slowest.slowest(), slowest.slowestMillis(), gap,
                ledger.errors.size());
        assertEquals(List.of(), ledger.errors, "commands that failed");
        assertTrue(gap < STALL_MILLIS, "the clients stalled: no answer for " + gap + " ms");
        assertTrue(slowest.slowestMillis() < SLOWEST_MILLIS,
                "slowest command: " + slowest.slowest() + " took " + slowest.slowestMillis() + " ms");
        assertTrue(commands > CLIENTS * 20, "the clients made progress: " + commands);
        verify(user, ledger);
    }

    private static void verify(String user, Ledger ledger) throws IOException {
        try (Client c = new Client(user)) {
            c.ok("SELECT INBOX");
            c.ok("EXPUNGE"); // what was marked \Deleted last and not yet expunged
            String all = c.ok("UID FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])");
            Map<Long, String> found = new HashMap<>();
            Map<String, Long> byId = new HashMap<>();
            long previous = 0;
            for (String response : all.split("(?m)^\\* \\d+ FETCH ")) {
                Matcher u = UID.matcher(response);
                Matcher f = FLAGS.matcher(response);
                Matcher id = MESSAGE_ID.matcher(response);
                if (!u.find() || !f.find() || !id.find()) {
                    continue; // the text before the first response, or the tagged OK
                }
                long uid = Long.parseLong(u.group(1));
                assertTrue(uid > previous, "UIDs ascend: " + uid + " after " + previous);
                previous = uid;
                found.put(uid, id.group(1));
                Long twice = byId.put(id.group(1), uid);
                assertTrue(twice == null, id.group(1) + " is in the INBOX twice (" + twice + ", " + uid + ")");
                Set<String> flags = Set.of(f.group(1).split(" "));
                for (int i = 0; i < CLIENTS; i++) {
                    assertEquals(ledger.keyword.getOrDefault(i + ":" + uid, false), flags.contains(keyword(i)),
                            "keyword of client " + i + " on UID " + uid);
                }
            }
            Map<Long, String> expected = new HashMap<>(ledger.appended);
            expected.keySet().removeAll(ledger.deleted);
            assertEquals(new TreeSet<>(expected.keySet()), new TreeSet<>(found.keySet()),
                    "the INBOX holds what was appended and not deleted");
            assertEquals(expected, found, "each UID holds the message appended under it");
        }
    }

    private static Outcome client(String user, int client, Ledger ledger, long end) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<Long> mine = new ArrayList<>();
        int commands = 0;
        long slowestMillis = 0;
        String slowest = "none";
        int appended = 0;
        Client c = null;
        while (System.nanoTime() < end) {
            String command = "connect";
            long started = System.nanoTime();
            try {
                if (c == null) {
                    c = new Client(user);
                    command = "SELECT";
                    c.ok("SELECT INBOX");
                } else {
                    long uid = mine.isEmpty() ? 1 : mine.get(random.nextInt(mine.size()));
                    int dice = random.nextInt(100);
                    if (dice < 12) {
                        command = "FETCH flags";
                        c.ok("UID FETCH 1:* (FLAGS)");
                    } else if (dice < 22) {
                        command = "FETCH headers";
                        c.ok("UID FETCH " + uid + ":* (BODY.PEEK[HEADER] RFC822.SIZE INTERNALDATE)");
                    } else if (dice < 30) {
                        command = "FETCH structure";
                        c.ok("UID FETCH 1:* (BODYSTRUCTURE ENVELOPE)");
                    } else if (dice < 40) {
                        command = "FETCH body";
                        c.ok("UID FETCH " + uid + " (BODY.PEEK[])");
                    } else if (dice < 60) {
                        command = "STORE";
                        boolean add = random.nextBoolean();
                        long any = ledger.appended.keySet().stream().skip(random.nextInt(
                                Math.max(1, ledger.appended.size()))).findFirst().orElse(1L);
                        String reply = c.ok("UID STORE " + any + " " + (add ? "+" : "-") + "FLAGS ("
                                + keyword(client) + ")");
                        // A UID this session has not been told of yet (appended by another client since its last
                        // poll) is not in its view, so the STORE leaves it alone and answers no FETCH for it.
                        if (Pattern.compile("(?m)^\\* \\d+ FETCH \\(.*\\bUID " + any + "\\b").matcher(reply).find()) {
                            ledger.keyword.put(client + ":" + any, add);
                        }
                    } else if (dice < 66 && !mine.isEmpty()) {
                        command = "STORE \\Deleted + EXPUNGE";
                        c.ok("UID STORE " + uid + " +FLAGS.SILENT (\\Deleted)");
                        ledger.answered();
                        ledger.deleted.add(uid);
                        mine.remove(Long.valueOf(uid));
                        c.ok("EXPUNGE");
                    } else if (dice < 82) {
                        command = "APPEND";
                        boolean flagged = random.nextBoolean();
                        mine.add(append(c, "c" + client + "-" + appended++ + "@it", flagged, client, ledger));
                    } else if (dice < 88) {
                        command = "COPY";
                        c.ok("UID COPY " + uid + " Kept");
                    } else if (dice < 93) {
                        command = "NOOP";
                        c.ok("NOOP");
                    } else if (dice < 97) {
                        command = "SELECT";
                        c.ok("SELECT INBOX");
                    } else {
                        command = "LOGOUT";
                        c.ok("LOGOUT");
                        c.close();
                        c = null;
                    }
                }
            } catch (IOException | RuntimeException e) {
                ledger.errors.add("client " + client + " " + command + ": " + e.getMessage());
                try {
                    if (c != null) {
                        c.close();
                    }
                } catch (IOException ignored) {
                    // already broken
                }
                c = null;
            }
            commands++;
            ledger.answered();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            if (millis > slowestMillis) {
                slowestMillis = millis;
                slowest = command;
            }
        }
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // the end
            }
        }
        return new Outcome(commands, slowestMillis, slowest);
    }

    private static long append(Client c, String messageId, boolean flagged, int client, Ledger ledger)
            throws IOException {
        StringBuilder m = new StringBuilder("From: Ann <ann@remote.example>\r\nSubject: shared ").append(messageId)
                .append("\r\nMessage-ID: <").append(messageId).append(">\r\n\r\n");
        int size = 500 + ThreadLocalRandom.current().nextInt(6000);
        while (m.length() < size) {
            m.append("Lorem ipsum dolor sit amet, consectetur adipiscing elit.\r\n");
        }
        String flags = flagged ? " (" + keyword(client) + " \\Seen)" : "";
        String reply = c.ok("APPEND INBOX" + flags, m.toString().getBytes(StandardCharsets.US_ASCII));
        Matcher uid = APPENDUID.matcher(reply);
        if (!uid.find()) {
            throw new IOException("APPEND without APPENDUID: " + reply.strip());
        }
        long u = Long.parseLong(uid.group(1));
        if (ledger.appended.putIfAbsent(u, messageId) != null) {
            ledger.errors.add("UID " + u + " appended twice");
        }
        if (client >= 0) {
            ledger.keyword.put(client + ":" + u, flagged);
        }
        return u;
    }

    private static String keyword(int client) {
        return "$client" + client;
    }
}

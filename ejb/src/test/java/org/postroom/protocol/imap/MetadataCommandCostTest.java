package org.postroom.protocol.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postroom.connector.api.imap.MessageMetadata;
import org.postroom.connector.api.imap.UidSet;
import org.postroom.protocol.AuthFailurePolicy;
import org.postroom.store.db.H2StatementLog;
import org.postroom.store.db.JpaImapListener;

/**
 * What the IMAP metadata commands of the benchmark's large mailbox (bench/imap.sh, row 1b) cost in SQL statements,
 * through the engine and the JPA store on H2: STATUS, FETCH 1:* (FLAGS ENVELOPE), UID SEARCH FROM and SUBJECT. The
 * counts are asserted; the times are printed, never asserted (the machine is shared). {@code
 * -Dpostroom.cost.messages=10000} runs the benchmark's size, {@code -Dpostroom.cost.passes=200} long enough for a
 * profile.
 */
class MetadataCommandCostTest {

    private static final int MESSAGES = Integer.getInteger("postroom.cost.messages", 1000);
    /** Runs of each command; more make a profile (JFR) of the warm path worth reading. */
    private static final int PASSES = Integer.getInteger("postroom.cost.passes", 4);

    private static JpaImapListener store;
    private static H2StatementLog log;
    private static ImapSessionDriver driver;
    private static int tags;
    private static org.postroom.connector.api.AuthenticatedUser user;
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory
            .getThreadMXBean();

    @BeforeAll
    static void fill() {
        store = new JpaImapListener();
        String alice = store.addUser("alice");
        user = new org.postroom.connector.api.AuthenticatedUser(alice);
        long t0 = System.nanoTime();
        for (int i = 0; i < MESSAGES; i++) {
            store.deliver(alice, "INBOX", message(i));
        }
        System.out.printf("cost: %d messages delivered in %d ms%n", MESSAGES, (System.nanoTime() - t0) / 1_000_000);
        log = new H2StatementLog(store.url());
        ImapProtocol protocol = new ImapProtocol(new ImapConfig("imap.example.org", true, false, false, 1 << 20),
                store.listener(), AuthFailurePolicy.NONE);
        driver = protocol.newDriver(new InetSocketAddress("127.0.0.1", 40001));
        driver.start();
        assertTrue(send("LOGIN " + alice + " " + JpaImapListener.PASSWORD).contains("OK"));
        assertTrue(send("SELECT INBOX").contains("OK [READ-WRITE]"));
    }

    @AfterAll
    static void close() {
        log.close();
        store.close();
    }

    /** As bench/imap-load.py writes them, with the trace header delivery prepends. */
    static String message(int n) {
        String line = "The quick brown fox jumps over the lazy dog, again and again, for the benchmark.\r\n";
        return "Received: from client.test ([127.0.0.1])\r\n\tby bench.test with ESMTP id X" + n + "\r\n"
                + "From: sender@client.test\r\nTo: bench@bench.test\r\nSubject: IMAP benchmark\r\n"
                + "Message-ID: <" + n + "@client.test>\r\n\r\n" + line.repeat(5000 / line.length());
    }

    private static String send(String command) {
        String tag = "t" + ++tags;
        String out = new String(driver.receive((tag + " " + command + "\r\n").getBytes(StandardCharsets.US_ASCII))
                .bytes(), StandardCharsets.ISO_8859_1);
        assertTrue(out.contains(tag + " OK"), () -> command + ": " + out.substring(Math.max(0, out.length() - 300)));
        return out;
    }

    /** The command's response, its statements printed with the time of a first and of a warm run. */
    private static Cost cost(String command) {
        Cost first = null;
        for (int pass = 0; pass < PASSES; pass++) {
            log.reset();
            long t0 = System.nanoTime();
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            String out = send(command);
            long cpu = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1000;
            long micros = (System.nanoTime() - t0) / 1000;
            Map<String, Integer> statements = log.statements();
            Cost c = new Cost(out, statements, statements.values().stream().mapToInt(Integer::intValue).sum(),
                    micros);
            if (first == null) {
                first = c;
                System.out.printf("cost: %s on %d messages, %d statements:%n", command, MESSAGES, c.statements);
                statements.forEach((sql, n) -> System.out.printf("cost:   %4d x %s%n", n,
                        sql.length() > 160 ? sql.substring(0, 160) + "..." : sql));
            }
            System.out.printf("cost: %s pass %d: %.2f ms, %.2f ms CPU of the session's thread%n", command, pass,
                    micros / 1000.0, cpu / 1000.0);
        }
        return first;
    }

    record Cost(String response, Map<String, Integer> sql, int statements, long micros) {

        /** Statements of the store, without the COMMITs of the test's transaction per listener call. */
        int queries() {
            return statements - sql.getOrDefault("COMMIT", 0);
        }

        /** How many statements name this table. */
        int touching(String table) {
            return sql.entrySet().stream().filter(e -> e.getKey().matches("(?s).*\\b" + table + "\\b.*"))
                    .mapToInt(Map.Entry::getValue).sum();
        }
    }

    /** ADR 0075: the counts come with the folder row; no message row is read, however large the mailbox. */
    @Test
    void statusReadsTheFolderRowOnly() {
        Cost c = cost("STATUS INBOX (MESSAGES RECENT UNSEEN)");
        assertTrue(c.response.contains("(MESSAGES " + MESSAGES + " RECENT 0 UNSEEN " + MESSAGES + ")"), c.response);
        assertEquals(0, c.touching("PR_MESSAGE"), c.sql.toString());
        assertEquals(1, c.queries(), c.sql.toString());
    }

    /**
     * ADR 0076: the folder row, then one query for the rows with their stored ENVELOPE, whatever the number of
     * messages; no structure is read, and the bytes sent are those the engine renders from the structure.
     */
    @Test
    void fetchFlagsAndEnvelopeIsOneQueryForTheWholeMailbox() throws Exception {
        Cost c = cost("FETCH 1:* (FLAGS ENVELOPE)");
        assertEquals(MESSAGES, c.response.split("ENVELOPE \\(", -1).length - 1);
        assertEquals(2, c.queries(), c.sql.toString());
        assertEquals(0, c.touching("PR_STRUCTURE"), c.sql.toString());
        for (MessageMetadata m : store.listener().fetch(user, driver.session().selected().key(),
                UidSet.of(1, MESSAGES), true)) {
            ResponseWriter rendered = new ResponseWriter();
            StructureEncoder.envelope(rendered, m.structure().envelope());
            String envelope = new String(rendered.toByteArray(), StandardCharsets.ISO_8859_1);
            assertTrue(c.response.contains("* " + m.uid() + " FETCH (FLAGS (\\Recent) ENVELOPE " + envelope + ")\r\n"),
                    envelope);
        }
    }

    /** ADR 0077: the folder row and one query that matches the stored search texts; no message is read. */
    @Test
    void uidSearchFromMatchingEveryMessageReadsNoMessage() {
        Cost c = cost("UID SEARCH FROM sender@client");
        assertEquals(MESSAGES, c.response.split("\r\n")[0].split(" ").length - 2);
        assertEquals(2, c.queries(), c.sql.toString());
        assertEquals(0, c.touching("PR_CONTENT") + c.touching("PR_STRUCTURE"), c.sql.toString());
    }

    @Test
    void uidSearchSubjectMatchingNoneReadsNoMessage() {
        Cost c = cost("UID SEARCH SUBJECT nomatch-xyz");
        assertTrue(c.response.startsWith("* SEARCH\r\n"), c.response);
        assertEquals(2, c.queries(), c.sql.toString());
        assertEquals(0, c.touching("PR_CONTENT") + c.touching("PR_STRUCTURE"), c.sql.toString());
    }
}

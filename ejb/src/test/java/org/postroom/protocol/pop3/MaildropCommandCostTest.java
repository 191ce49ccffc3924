package org.postroom.protocol.pop3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postroom.store.db.H2StatementLog;
import org.postroom.store.db.JpaImapListener;

/**
 * What POP3 RETR of a whole maildrop costs in SQL statements, through the engine and the JPA store on H2 (the maildrop
 * of bench/pop3-retr.sh): one statement per read-ahead of 32 messages, which finds the INBOX as well (ADR 0086). The
 * counts are asserted; the CPU per message is printed, never asserted (the machine is shared). {@code
 * -Dpostroom.cost.messages=1000 -Dpostroom.cost.passes=20} runs the benchmark's maildrop often enough for a profile.
 */
class MaildropCommandCostTest {

    private static final int MESSAGES = Integer.getInteger("postroom.cost.messages", 200);
    private static final int PASSES = Integer.getInteger("postroom.cost.passes", 3);
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory
            .getThreadMXBean();

    private static JpaImapListener store;
    private static H2StatementLog log;
    private static String alice;

    @BeforeAll
    static void fill() {
        store = new JpaImapListener();
        alice = store.addUser("alice");
        for (int i = 0; i < MESSAGES; i++) {
            store.deliver(alice, "INBOX", message(i));
        }
        log = new H2StatementLog(store.url());
    }

    @AfterAll
    static void close() {
        log.close();
        store.close();
    }

    /** As bench/pop3-retr.sh sends them (5 KB), with a line that needs dot-stuffing. */
    private static String message(int n) {
        String line = "The quick brown fox jumps over the lazy dog, again and again, for the benchmark.\r\n";
        return "From: sender@client.test\r\nTo: bench@bench.test\r\nSubject: POP3 benchmark " + n + "\r\n\r\n"
                + line.repeat(2500 / line.length()) + ".a line that starts with a dot\r\n"
                + line.repeat(2500 / line.length());
    }

    private static String send(Pop3SessionDriver driver, String command) {
        return new String(driver.receive((command + "\r\n").getBytes(StandardCharsets.US_ASCII)).encode(),
                StandardCharsets.ISO_8859_1);
    }

    @Test
    void retrOfEveryMessageIsOneStatementPerReadAhead() {
        Pop3Protocol protocol = new Pop3Protocol(new Pop3Config("pop3.example.org", true, false, false),
                store.maildropListener());
        for (int pass = 0; pass < PASSES; pass++) {
            Pop3SessionDriver driver = protocol.newDriver(new InetSocketAddress("127.0.0.1", 40002));
            driver.start();
            assertTrue(send(driver, "USER " + alice).startsWith("+OK"));
            assertTrue(send(driver, "PASS " + JpaImapListener.PASSWORD).startsWith("+OK"));
            log.reset();
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            long octets = 0;
            for (int n = 1; n <= MESSAGES; n++) {
                String out = send(driver, "RETR " + n);
                assertTrue(out.startsWith("+OK") && out.endsWith("\r\n.\r\n"), out);
                octets += out.length();
            }
            long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
            long wall = System.nanoTime() - t0;
            Map<String, Integer> statements = log.statements();
            // without the COMMIT the test's transaction per listener call adds
            int total = statements.values().stream().mapToInt(Integer::intValue).sum()
                    - statements.getOrDefault("COMMIT", 0);
            if (pass == 0) {
                System.out.printf("cost: RETR of %d messages (%d octets), %d statements:%n", MESSAGES, octets, total);
                statements.forEach((sql, n) -> System.out.printf("cost:   %4d x %s%n", n,
                        sql.length() > 160 ? sql.substring(0, 160) + "..." : sql));
                assertEquals((MESSAGES + 31) / 32, total, statements.toString());
                assertEquals(0,
                        statements.keySet().stream().filter(s -> !s.equals("COMMIT") && !s.contains("PR_CONTENT"))
                                .count(),
                        statements.toString());
            }
            System.out.printf("cost: RETR pass %d: %.1f µs per message, %.1f µs CPU of the session's thread%n", pass,
                    wall / 1000.0 / MESSAGES, cpu / 1000.0 / MESSAGES);
            assertTrue(send(driver, "QUIT").startsWith("+OK"));
        }
    }
}

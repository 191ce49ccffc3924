package it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's heap, read from outside its JVM with the JDK's {@code jstat} and {@code jcmd} on the server's process
 * (same machine, same user, as the integration build runs it): the server has no metrics endpoint, and its health
 * check says nothing about memory. A {@link #watch()} samples the heap in use every 200 ms while an attack runs;
 * {@link Watch#assertWithin} then checks the highest sample and, after a collection, what the server still holds
 * while the attackers are connected.
 */
final class ServerHeap {

    private static final long MIB = 1024 * 1024;
    private static final Path JDK_BIN = Path.of(System.getProperty("java.home"), "bin");

    private ServerHeap() {
    }

    static long pid() throws IOException {
        return Long.parseLong(
                Files.readString(Postroom.WLP.resolve("usr/servers/.pid/" + Postroom.SERVER + ".pid")).strip());
    }

    /** Bytes of heap in use now (survivor, eden and old spaces), garbage included. */
    static long used() throws IOException, InterruptedException {
        List<String> lines = run("jstat", "-gc", Long.toString(pid())).lines().filter(l -> !l.isBlank()).toList();
        List<String> names = Arrays.asList(lines.get(0).trim().split("\\s+"));
        String[] values = lines.get(1).trim().split("\\s+");
        double kib = 0;
        for (String column : List.of("S0U", "S1U", "EU", "OU")) {
            kib += Double.parseDouble(values[names.indexOf(column)]);
        }
        return (long) (kib * 1024);
    }

    /** Bytes of heap in use right after a collection the test asks for: what the server holds on to. */
    static long retained() throws IOException, InterruptedException {
        run("jcmd", Long.toString(pid()), "GC.run");
        return used();
    }

    private static String run(String tool, String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = JDK_BIN.resolve(tool).toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), tool + ": " + output);
        return output;
    }

    static Watch watch() {
        return new Watch();
    }

    /** Samples the heap in use until closed; keeps the highest sample. */
    static final class Watch implements AutoCloseable {
        private final AtomicLong highest = new AtomicLong();
        private final Thread sampler;
        private volatile boolean running = true;

        private Watch() {
            sampler = new Thread(() -> {
                while (running) {
                    try {
                        highest.accumulateAndGet(used(), Math::max);
                        Thread.sleep(200);
                    } catch (IOException | RuntimeException e) {
                        // the server between two samples of a restart: skip the sample
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "server-heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        /**
         * The highest sample stayed below {@code peakMib} and, after a collection now (the attackers still
         * connected), the server holds less than {@code retainedMib}.
         */
        void assertWithin(long peakMib, long retainedMib) throws Exception {
            close();
            long peak = Math.max(highest.get(), used());
            assertTrue(peak < peakMib * MIB, "the server's heap reached " + peak / MIB + " MiB during the attack");
            long held = retained();
            System.out.println("server heap: peak " + peak / MIB + " MiB, held after a collection " + held / MIB
                    + " MiB (bounds " + peakMib + ", " + retainedMib + ")");
            assertTrue(held < retainedMib * MIB, "the server holds " + held / MIB + " MiB while attacked");
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            sampler.interrupt();
            sampler.join(5000);
        }
    }
}

package org.postroom.connector.ra.net;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The attack on output back-pressure, for the listener tests of every protocol: a client that pipelines one short
 * command thousands of times and never reads a reply. Measures the most output the server held in memory for the
 * connections meanwhile ({@link ProtocolServer#queuedOutputBytes()}), and runs a well-behaved client's check while the
 * attacker is still connected.
 */
public final class NonReadingPipeliner {

    /**
     * What one attack showed.
     *
     * @param peakQueuedOutput the most bytes of output the server held in memory at any sample
     * @param meanwhile how long the well-behaved client's check took
     */
    public record Result(long peakQueuedOutput, Duration meanwhile) {
    }

    private NonReadingPipeliner() {
    }

    /**
     * Connects (with a small receive buffer, so the kernel cannot absorb the replies), sends {@code command}
     * {@code times} times without reading, samples the server's queued output for {@code watch}, then runs
     * {@code wellBehaved} while the attacker is still connected.
     */
    public static Result attack(ProtocolServer server, byte[] command, int times, Duration watch,
            Callable<?> wellBehaved) throws Exception {
        InetSocketAddress address = server.localAddress();
        AtomicBoolean writing = new AtomicBoolean(true);
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(address, 5000);
            Thread writer = new Thread(() -> {
                byte[] block = repeat(command, Math.max(1, 65_536 / command.length));
                int perBlock = block.length / command.length;
                try {
                    OutputStream out = socket.getOutputStream();
                    for (int sent = 0; sent < times; sent += perBlock) {
                        out.write(block);
                    }
                    out.flush();
                } catch (IOException e) {
                    // the socket was closed under the writer at the end of the test, or by the server
                } finally {
                    writing.set(false);
                }
            }, "non-reading-pipeliner");
            writer.setDaemon(true);
            writer.start();
            long peak = 0;
            long end = System.nanoTime() + watch.toNanos();
            while (System.nanoTime() < end) {
                peak = Math.max(peak, server.queuedOutputBytes());
                Thread.sleep(5);
            }
            long begin = System.nanoTime();
            wellBehaved.call();
            Duration meanwhile = Duration.ofNanos(System.nanoTime() - begin);
            peak = Math.max(peak, server.queuedOutputBytes());
            socket.close();
            writer.join(10_000);
            return new Result(peak, meanwhile);
        }
    }

    private static byte[] repeat(byte[] command, int times) {
        byte[] out = new byte[command.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(command, 0, out, i * command.length, command.length);
        }
        return out;
    }
}

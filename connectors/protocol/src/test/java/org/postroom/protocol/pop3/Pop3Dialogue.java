package org.postroom.protocol.pop3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.postroom.protocol.AuthFailurePolicy;

/**
 * Test harness: one POP3 session behind its driver, no socket. {@link #send(String)} feeds bytes exactly as written
 * (use {@code \r\n}) and returns exactly the bytes the server would write, as a string.
 */
final class Pop3Dialogue {

    static final String HOST = "pop.example.org";
    static final InetSocketAddress REMOTE = address(new byte[]{(byte) 192, 0, 2, 7}, 40001);
    static final InetSocketAddress LOOPBACK = address(new byte[]{127, 0, 0, 1}, 40002);

    final FakeMaildropListener listener = new FakeMaildropListener();
    final Pop3SessionDriver driver;
    final String greeting;
    private Pop3Output lastOutput = Pop3Output.NONE;

    Pop3Dialogue(Pop3Config config, InetSocketAddress client) {
        this(config, client, AuthFailurePolicy.NONE);
    }

    Pop3Dialogue(Pop3Config config, InetSocketAddress client, AuthFailurePolicy authFailures) {
        this.driver = new Pop3Protocol(config, listener, () -> "S1", authFailures).newDriver(client);
        this.greeting = text(driver.start());
    }

    /** Implicit TLS from a remote client: plaintext rules do not apply. */
    static Pop3Dialogue overTls() {
        return new Pop3Dialogue(new Pop3Config(HOST, false, false, true), REMOTE);
    }

    /** A remote client on a port offering STLS. */
    static Pop3Dialogue plainWithStls() {
        return new Pop3Dialogue(new Pop3Config(HOST, false, true, false), REMOTE);
    }

    /** Feeds {@code input} (ISO-8859-1, so any octet can be written) and returns what the server answers. */
    String send(String input) {
        lastOutput = driver.receive(input.getBytes(StandardCharsets.ISO_8859_1));
        return text(lastOutput);
    }

    /** What {@link Pop3SessionDriver#receiveWithoutBlocking} answers, and the input it left for the lane. */
    record Partial(String answer, String rest) {
    }

    /** Offers {@code input} to the non-blocking path, as the adapter's event loop does. */
    Partial sendWithoutBlocking(String input) {
        ByteBuffer in = ByteBuffer.wrap(input.getBytes(StandardCharsets.ISO_8859_1));
        String answer = text(driver.receiveWithoutBlocking(in));
        return new Partial(answer, StandardCharsets.ISO_8859_1.decode(in).toString());
    }

    Pop3Output lastOutput() {
        return lastOutput;
    }

    /** Logs in as alice, asserting success. */
    Pop3Dialogue loggedIn() {
        assertEquals("+OK Send PASS\r\n+OK Maildrop ready\r\n", send("USER alice\r\nPASS secret\r\n"));
        return this;
    }

    Pop3Session session() {
        return driver.session();
    }

    static String text(Pop3Output output) {
        return new String(output.encode(), StandardCharsets.ISO_8859_1);
    }

    private static InetSocketAddress address(byte[] ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}

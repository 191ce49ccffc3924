package org.postroom.protocol.imap;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import org.postroom.protocol.AuthFailurePolicy;

/**
 * Test harness: one IMAP session behind its driver, no socket. {@link #send(String)} feeds bytes exactly as written
 * (use {@code \r\n}) and returns exactly the bytes the server would write, as a string.
 */
final class ImapDialogue {

    static final String HOST = "imap.example.org";
    static final InetSocketAddress REMOTE = address(new byte[]{(byte) 192, 0, 2, 7}, 40001);
    static final InetSocketAddress LOOPBACK = address(new byte[]{127, 0, 0, 1}, 40002);
    static final long MAX_MESSAGE = 10_000;

    final InMemoryMailStore store;
    final ImapSessionDriver driver;
    final String greeting;
    private ImapOutput lastOutput = ImapOutput.NONE;

    ImapDialogue(InMemoryMailStore store, ImapConfig config, InetSocketAddress client, AuthFailurePolicy policy) {
        this(store, new ImapProtocol(config, store, policy, () -> "S1"), client);
    }

    ImapDialogue(InMemoryMailStore store, ImapProtocol protocol, InetSocketAddress client) {
        this.store = store;
        this.driver = protocol.newDriver(client);
        this.greeting = driver.start().text();
    }

    /** Implicit TLS from a remote client, with this message cache (shared with other dialogues). */
    static ImapDialogue overTls(InMemoryMailStore store, MessageCache cache) {
        return new ImapDialogue(store, new ImapProtocol(new ImapConfig(HOST, false, false, true, MAX_MESSAGE,
                cache.capacityBytes()), store, AuthFailurePolicy.NONE, () -> "S1", cache), REMOTE);
    }

    /** Implicit TLS from a remote client. */
    static ImapDialogue overTls(InMemoryMailStore store) {
        return new ImapDialogue(store, new ImapConfig(HOST, false, false, true, MAX_MESSAGE), REMOTE,
                AuthFailurePolicy.NONE);
    }

    /** A remote client on a port offering STARTTLS. */
    static ImapDialogue plainWithStartTls(InMemoryMailStore store) {
        return new ImapDialogue(store, new ImapConfig(HOST, false, true, false, MAX_MESSAGE), REMOTE,
                AuthFailurePolicy.NONE);
    }

    static InMemoryMailStore aliceStore() {
        return new InMemoryMailStore().user("alice", "secret");
    }

    /** Feeds {@code input} (ISO-8859-1, so any octet can be written) and returns what the server answers. */
    String send(String input) {
        lastOutput = driver.receive(input.getBytes(StandardCharsets.ISO_8859_1));
        return lastOutput.text();
    }

    /** Feeds UTF-8 text. */
    String sendUtf8(String input) {
        lastOutput = driver.receive(input.getBytes(StandardCharsets.UTF_8));
        return lastOutput.text();
    }

    ImapOutput lastOutput() {
        return lastOutput;
    }

    ImapDialogue loggedIn() {
        String answer = send("L1 LOGIN alice secret\r\n");
        assertTrue(answer.startsWith("L1 OK [CAPABILITY "), answer);
        return this;
    }

    ImapDialogue selected(String mailbox) {
        String answer = send("S1 SELECT " + mailbox + "\r\n");
        assertTrue(answer.contains("S1 OK [READ-WRITE] SELECT completed\r\n"), answer);
        return this;
    }

    ImapSession session() {
        return driver.session();
    }

    static InetSocketAddress address(byte[] ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}

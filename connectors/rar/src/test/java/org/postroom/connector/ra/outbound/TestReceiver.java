package org.postroom.connector.ra.outbound;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.postroom.connector.api.outbound.RemoteHost;

/**
 * A small receiving MTA for the tests, on a free loopback port, one thread per connection, with replies the test
 * chooses: the greeting, the EHLO keywords, STARTTLS with a test certificate (or a broken handshake), AUTH PLAIN with
 * one login, a reply per RCPT address. It records every command line and every message (dot-unstuffed).
 */
final class TestReceiver implements AutoCloseable {

    /** The greeting; null for none at all (a server that accepts and says nothing). */
    volatile String greeting = "220 mx.remote.test ESMTP test";
    volatile List<String> ehloKeywords = List.of("PIPELINING", "8BITMIME", "SIZE 10000000", "ENHANCEDSTATUSCODES");
    /** STARTTLS is offered when set. */
    volatile SSLContext tls;
    /** After the 220 to STARTTLS, write plaintext garbage and close instead of a handshake. */
    volatile boolean breakHandshake;
    /** AUTH PLAIN offered after TLS when set: "user:password". */
    volatile String login;
    /** Drop the connection (no 221) right after the reply to each message, as a server's idle timeout would. */
    volatile boolean closeAfterMessage;
    /** Never answer the final dot (a server that hangs after taking the message). */
    volatile boolean silentAtEndOfData;
    final Map<String, String> rcptReplies = new ConcurrentHashMap<>();

    final List<String> commands = new CopyOnWriteArrayList<>();
    final List<String> messages = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger tlsSessions = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    final AtomicInteger maxOpen = new AtomicInteger();
    private final ServerSocket server;
    private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean closed;

    TestReceiver() throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread t = new Thread(this::acceptLoop, "test-receiver-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    RemoteHost host() {
        return new RemoteHost("mx.remote.test", InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    int port() {
        return server.getLocalPort();
    }

    /** Commands seen, in order, without those of the given verbs (to compare dialogues without noise). */
    List<String> commandsStartingWith(String prefix) {
        return commands.stream().filter(c -> c.toUpperCase(Locale.ROOT).startsWith(prefix)).toList();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                connections.incrementAndGet();
                int now = open.incrementAndGet();
                maxOpen.accumulateAndGet(now, Math::max);
                Thread t = new Thread(() -> serve(s), "test-receiver-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        Socket s = socket;
        try {
            s.setSoTimeout(30_000);
            InputStream in = new java.io.BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            String hello = greeting;
            if (hello == null) {
                while (in.read() >= 0) {
                    // silent until the client gives up
                }
                return;
            }
            reply(out, hello);
            if (!hello.startsWith("220")) {
                return;
            }
            boolean secure = false;
            boolean authenticated = false;
            while (true) {
                String line = readLine(in);
                if (line == null) {
                    return;
                }
                commands.add(line);
                String upper = line.toUpperCase(Locale.ROOT);
                if (upper.startsWith("EHLO")) {
                    List<String> lines = new ArrayList<>();
                    lines.add("mx.remote.test");
                    lines.addAll(ehloKeywords);
                    if (tls != null && !secure) {
                        lines.add("STARTTLS");
                    }
                    if (login != null && secure) {
                        lines.add("AUTH PLAIN");
                    }
                    StringBuilder b = new StringBuilder();
                    for (int i = 0; i < lines.size(); i++) {
                        b.append("250").append(i == lines.size() - 1 ? ' ' : '-').append(lines.get(i)).append("\r\n");
                    }
                    out.write(b.toString().getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } else if (upper.startsWith("HELO")) {
                    reply(out, "250 mx.remote.test");
                } else if (upper.equals("STARTTLS") && tls != null && !secure) {
                    reply(out, "220 2.0.0 Ready to start TLS");
                    if (breakHandshake) {
                        out.write("this is not TLS\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        return;
                    }
                    SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, "mx.remote.test", s.getPort(),
                            true);
                    ssl.setUseClientMode(false);
                    try {
                        ssl.startHandshake();
                    } catch (IOException e) {
                        return; // the client refused the certificate
                    }
                    tlsSessions.incrementAndGet();
                    s = ssl;
                    in = new java.io.BufferedInputStream(ssl.getInputStream());
                    out = ssl.getOutputStream();
                    secure = true;
                } else if (upper.startsWith("AUTH PLAIN ") && login != null && secure) {
                    String[] parts = new String(Base64.getDecoder().decode(line.substring(11).trim()),
                            StandardCharsets.UTF_8).split("\0");
                    boolean ok = parts.length == 3 && (parts[1] + ":" + parts[2]).equals(login);
                    authenticated = ok;
                    reply(out, ok ? "235 2.7.0 Authentication successful" : "535 5.7.8 Authentication failed");
                } else if (upper.startsWith("MAIL FROM:")) {
                    reply(out, login != null && !authenticated ? "530 5.7.0 Must issue AUTH" : "250 2.1.0 Ok");
                } else if (upper.startsWith("RCPT TO:<")) {
                    String address = line.substring(9, line.indexOf('>'));
                    reply(out, rcptReplies.getOrDefault(address, "250 2.1.5 Ok"));
                } else if (upper.equals("DATA")) {
                    reply(out, "354 End data with <CR><LF>.<CR><LF>");
                    messages.add(readData(in));
                    if (silentAtEndOfData) {
                        while (in.read() >= 0) {
                            // says nothing until the client gives up and closes
                        }
                        return;
                    }
                    reply(out, "250 2.0.0 Ok: queued as T" + messages.size());
                    if (closeAfterMessage) {
                        return;
                    }
                } else if (upper.equals("RSET") || upper.equals("NOOP")) {
                    reply(out, "250 2.0.0 Ok");
                } else if (upper.equals("QUIT")) {
                    reply(out, "221 2.0.0 Bye");
                    return;
                } else {
                    reply(out, "502 5.5.2 Error: command not recognized");
                }
            }
        } catch (SocketException e) {
            // closed by the client or by close()
        } catch (IOException e) {
            // the test sees what was recorded
        } finally {
            open.decrementAndGet();
            try {
                s.close();
                socket.close();
            } catch (IOException e) {
                // closing
            }
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * A line without its CRLF, or null at the end of input. The buffered stream reads nothing ahead of STARTTLS: the
     * client waits for the 220 before it starts the handshake.
     */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        return null;
    }

    /** The content up to the final dot, unstuffed, with CRLF line ends. */
    private static String readData(InputStream in) throws IOException {
        StringBuilder content = new StringBuilder();
        while (true) {
            String line = readLine(in);
            if (line == null) {
                throw new IOException("connection closed in DATA");
            }
            if (line.equals(".")) {
                return content.toString();
            }
            content.append(line.startsWith(".") ? line.substring(1) : line).append("\r\n");
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        synchronized (sockets) {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}

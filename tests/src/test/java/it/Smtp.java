package it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A minimal raw SMTP client for the integration tests: send lines, read (multi-line) replies. */
final class Smtp implements AutoCloseable {

    static final int SMTP_PORT = Integer.getInteger("postroom.it.smtp.port", 2525);
    static final int SUBMISSION_PORT = Integer.getInteger("postroom.it.submission.port", 2587);
    static final int SMTPS_PORT = Integer.getInteger("postroom.it.smtps.port", 2465);

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    Smtp(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        out = socket.getOutputStream();
    }

    static Smtp connect(int port) throws IOException {
        Smtp smtp = new Smtp(new Socket("127.0.0.1", port));
        smtp.expect(220);
        return smtp;
    }

    /** Reads one reply, all its lines; returns the last line. */
    String reply() throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed; got " + lines);
            }
            lines.add(line);
        } while (line.length() > 3 && line.charAt(3) == '-');
        return String.join("\n", lines);
    }

    String expect(int code) throws IOException {
        String reply = reply();
        assertTrue(reply.lines().reduce((a, b) -> b).orElse("").startsWith(code + " "),
                () -> "expected " + code + " but got: " + reply);
        return reply;
    }

    void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    String command(String line, int code) throws IOException {
        send(line);
        return expect(code);
    }

    /** MAIL, RCPT(s), DATA with the message; returns the final reply after the data. */
    String transaction(String from, List<String> to, String message) throws IOException {
        command("MAIL FROM:<" + from + ">", 250);
        for (String rcpt : to) {
            command("RCPT TO:<" + rcpt + ">", 250);
        }
        command("DATA", 354);
        out.write(message.replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII));
        send(".");
        return reply();
    }

    static String message(String subject) {
        return "From: sender@remote.example\nTo: someone@example.com\nSubject: " + subject
                + "\nMessage-ID: <" + System.nanoTime() + "@it.test>\n\nHello from the integration tests.\n";
    }

    /** The queue id in a "250 2.0.0 Ok: queued as ID" reply. */
    static String queueId(String reply) {
        assertTrue(reply.startsWith("250 "), reply);
        String id = reply.substring(reply.lastIndexOf(' ') + 1).strip();
        assertEquals(18, id.length(), reply);
        return id;
    }

    @Override
    public void close() throws IOException {
        try {
            send("QUIT");
        } catch (IOException ignored) {
            // closing anyway
        }
        socket.close();
    }
}

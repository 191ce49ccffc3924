package org.postroom.protocol.smtp.client;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.postroom.connector.api.BodyType;
import org.postroom.connector.api.outbound.MessageSource;
import org.postroom.connector.api.outbound.OutboundRecipient;
import org.postroom.connector.api.outbound.OutboundTransaction;
import org.postroom.connector.api.outbound.RelayLogin;
import org.postroom.connector.api.outbound.RemoteHost;
import org.postroom.connector.api.outbound.TlsPolicy;
import org.postroom.connector.api.outbound.TransactionOutcome;

/**
 * A {@link SmtpClientSession} over a scripted transport: the test feeds the server's replies as text and reads back
 * exactly what the client wrote, as text, and what it asked of the connection ({@code <starttls>}, {@code <content>},
 * {@code <close>}).
 */
final class ClientDialogue implements ClientTransport, ClientEvents {

    static final RemoteHost HOST = host("mx1.remote.test", "192.0.2.1", 25);

    final List<String> actions = new ArrayList<>();
    private final StringBuilder written = new StringBuilder();
    final List<TransactionOutcome> outcomes = new ArrayList<>();
    final List<SessionFailure> failures = new ArrayList<>();
    Duration timer;
    final SmtpClientSession session;

    ClientDialogue(TlsPolicy tls, Optional<RelayLogin> login, boolean clear) {
        session = new SmtpClientSession(HOST, tls, login, "out.postroom.test", clear, ClientTimeouts.RFC_5321, this,
                this);
        session.connected();
    }

    ClientDialogue() {
        this(TlsPolicy.OPPORTUNISTIC, Optional.empty(), false);
    }

    static RemoteHost host(String name, String address, int port) {
        try {
            return new RemoteHost(name, InetAddress.getByName(address), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The server says {@code text} (lines separated by CRLF in the text); returns what the client wrote since. */
    String server(String text) {
        session.receive(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        return take();
    }

    /** What the client wrote (and the actions it asked for) since the last call. */
    String take() {
        String out = written.toString();
        written.setLength(0);
        return out;
    }

    TransactionOutcome lastOutcome() {
        return outcomes.get(outcomes.size() - 1);
    }

    static OutboundTransaction transaction(String... recipients) {
        return transaction(content("Subject: t\r\n\r\nhello\r\n"), false, recipients);
    }

    static OutboundTransaction transaction(MessageSource content, boolean smtpUtf8, String... recipients) {
        List<OutboundRecipient> rcpts = new ArrayList<>();
        for (String r : recipients) {
            rcpts.add(OutboundRecipient.of(r));
        }
        return new OutboundTransaction(List.of(HOST), TlsPolicy.OPPORTUNISTIC, Optional.empty(),
                "out.postroom.test", "alice@postroom.test", rcpts, BodyType.SEVEN_BIT, smtpUtf8, Optional.empty(),
                Optional.empty(), content);
    }

    static MessageSource content(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new MessageSource() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public java.io.InputStream open() {
                return new java.io.ByteArrayInputStream(bytes);
            }
        };
    }

    @Override
    public void write(byte[] bytes) {
        written.append(new String(bytes, StandardCharsets.UTF_8));
    }

    @Override
    public void startTls() {
        written.append("<starttls>");
        actions.add("starttls");
    }

    @Override
    public void sendContent() {
        written.append("<content>");
        actions.add("content");
    }

    @Override
    public void awaitReply(Duration timeout) {
        timer = timeout;
    }

    @Override
    public void stopTimer() {
        timer = null;
    }

    @Override
    public void close() {
        written.append("<close>");
        actions.add("close");
    }

    @Override
    public void transactionDone(TransactionOutcome outcome) {
        outcomes.add(outcome);
    }

    @Override
    public void sessionFailed(SessionFailure failure) {
        failures.add(failure);
    }
}

package org.postroom.connector.ra.smtp;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.Consumer;
import org.postroom.connector.ra.net.DriverSession;
import org.postroom.connector.ra.net.ProtocolOutput;
import org.postroom.connector.ra.net.ProtocolSession;
import org.postroom.connector.ra.net.ProtocolSessionFactory;
import org.postroom.protocol.smtp.SmtpOutput;
import org.postroom.protocol.smtp.SmtpProtocol;
import org.postroom.protocol.smtp.SmtpReplies;
import org.postroom.protocol.smtp.SmtpReply;

/** Plugs the SMTP engine into the protocol-neutral network layer: one {@link SmtpSessionDriver} per connection. */
public final class SmtpSessionFactory implements ProtocolSessionFactory {

    /** Sent to a connection beyond the listener's limit (RFC 5321 section 3.1 allows 421 instead of 220). */
    public static final SmtpReply TOO_MANY_CONNECTIONS = SmtpReply.of(421, "4.7.0",
            "Too many connections, try again later");

    /** Sent to a connection whose client address is at its limit. */
    public static final SmtpReply TOO_MANY_CONNECTIONS_FROM_ADDRESS = SmtpReply.of(421, "4.7.0",
            "Too many connections from your address, try again later");

    private final SmtpProtocol protocol;

    public SmtpSessionFactory(SmtpProtocol protocol) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
    }

    @Override
    public ProtocolSession create(InetSocketAddress clientAddress, Runnable waker, Consumer<byte[]> stream) {
        return new DriverSession<>(protocol.newDriver(clientAddress), SmtpSessionFactory::convert);
    }

    @Override
    public byte[] tooManyConnectionsReply() {
        return withHostname(TOO_MANY_CONNECTIONS).encode();
    }

    @Override
    public byte[] tooManyConnectionsFromAddressReply() {
        return withHostname(TOO_MANY_CONNECTIONS_FROM_ADDRESS).encode();
    }

    @Override
    public byte[] idleTimeoutReply() {
        return withHostname(SmtpReplies.IDLE_TIMEOUT).encode();
    }

    @Override
    public byte[] shutdownReply() {
        return withHostname(SmtpReplies.SHUTTING_DOWN).encode();
    }

    /** RFC 5321 section 4.2: a 421 carries the server's name first. */
    private SmtpReply withHostname(SmtpReply reply) {
        return reply.withText(protocol.config().hostname() + " " + reply.text());
    }

    private static ProtocolOutput convert(SmtpOutput output) {
        if (output.isEmpty()) {
            return ProtocolOutput.NONE;
        }
        return new ProtocolOutput(output.encode(), output.startTls(), output.close(), output.delay());
    }
}

package org.postroom.connector.ra.pop3;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.Consumer;
import org.postroom.connector.ra.net.DriverSession;
import org.postroom.connector.ra.net.ProtocolOutput;
import org.postroom.connector.ra.net.ProtocolSession;
import org.postroom.connector.ra.net.ProtocolSessionFactory;
import org.postroom.protocol.pop3.Pop3Output;
import org.postroom.protocol.pop3.Pop3Protocol;
import org.postroom.protocol.pop3.Pop3Reply;

/** Plugs the POP3 engine into the protocol-neutral network layer: one {@link Pop3SessionDriver} per connection. */
public final class Pop3SessionFactory implements ProtocolSessionFactory {

    static final Pop3Reply TOO_MANY_CONNECTIONS = Pop3Reply.err("SYS/TEMP", "Too many connections, try again later");
    static final Pop3Reply TOO_MANY_CONNECTIONS_FROM_ADDRESS = Pop3Reply.err("SYS/TEMP",
            "Too many connections from your address, try again later");
    static final Pop3Reply IDLE_TIMEOUT = Pop3Reply.err("Disconnected for inactivity");
    static final Pop3Reply SHUTTING_DOWN = Pop3Reply.err("SYS/TEMP", "Server shutting down");

    private final Pop3Protocol protocol;

    public Pop3SessionFactory(Pop3Protocol protocol) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
    }

    @Override
    public ProtocolSession create(InetSocketAddress clientAddress, Runnable waker, Consumer<byte[]> stream) {
        return new DriverSession<>(protocol.newDriver(clientAddress), Pop3SessionFactory::convert);
    }

    @Override
    public byte[] tooManyConnectionsReply() {
        return TOO_MANY_CONNECTIONS.encode();
    }

    @Override
    public byte[] tooManyConnectionsFromAddressReply() {
        return TOO_MANY_CONNECTIONS_FROM_ADDRESS.encode();
    }

    @Override
    public byte[] idleTimeoutReply() {
        return IDLE_TIMEOUT.encode();
    }

    @Override
    public byte[] shutdownReply() {
        return SHUTTING_DOWN.encode();
    }

    private static ProtocolOutput convert(Pop3Output output) {
        if (output.isEmpty()) {
            return ProtocolOutput.NONE;
        }
        return new ProtocolOutput(output.encode(), output.startTls(), output.close(), output.delay());
    }
}

package org.postroom.connector.ra.imap;

import org.postroom.connector.api.imap.MailboxKey;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.postroom.connector.ra.net.DriverSession;
import org.postroom.connector.ra.net.ProtocolOutput;
import org.postroom.connector.ra.net.ProtocolSession;
import org.postroom.connector.ra.net.ProtocolSessionFactory;
import org.postroom.protocol.imap.ImapOutput;
import org.postroom.protocol.imap.ImapProtocol;
import org.postroom.protocol.imap.ImapSessionDriver;

/**
 * Plugs the IMAP engine into the protocol-neutral network layer, one {@link ImapSessionDriver} per connection, and
 * routes "mailbox changed" events to the sessions that have that mailbox selected: each gets one wake-up on its own
 * lane (several events before it runs collapse into one), where the engine asks the store what changed.
 */
public final class ImapSessionFactory implements ProtocolSessionFactory {

    private final ImapProtocol protocol;
    /** Live sessions by the key of the mailbox they have selected. */
    private final ConcurrentHashMap<MailboxKey, Set<Session>> bySelectedMailbox = new ConcurrentHashMap<>();

    public ImapSessionFactory(ImapProtocol protocol) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
    }

    @Override
    public ProtocolSession create(InetSocketAddress clientAddress, Runnable waker, Consumer<byte[]> stream) {
        ImapSessionDriver driver = protocol.newDriver(clientAddress);
        driver.streamTo(stream);
        return new Session(driver, waker);
    }

    /** Any thread: the mailbox with this key changed; wakes the sessions that have it selected. */
    public void mailboxChanged(MailboxKey mailboxKey) {
        Set<Session> sessions = bySelectedMailbox.get(mailboxKey);
        if (sessions != null) {
            sessions.forEach(Session::requestWake);
        }
    }

    /** How many live sessions have this mailbox selected (for tests and metrics). */
    int sessionsSelecting(MailboxKey mailboxKey) {
        Set<Session> sessions = bySelectedMailbox.get(mailboxKey);
        return sessions == null ? 0 : sessions.size();
    }

    @Override
    public byte[] tooManyConnectionsReply() {
        return protocol.tooManyConnectionsReply();
    }

    @Override
    public byte[] tooManyConnectionsFromAddressReply() {
        return protocol.tooManyConnectionsFromAddressReply();
    }

    @Override
    public byte[] idleTimeoutReply() {
        return protocol.idleTimeoutReply();
    }

    @Override
    public byte[] shutdownReply() {
        return protocol.shutdownReply();
    }

    private static ProtocolOutput convert(ImapOutput output) {
        if (output.isEmpty()) {
            return ProtocolOutput.NONE;
        }
        return new ProtocolOutput(output.bytes(), output.startTls(), output.close(), output.delay());
    }

    private final class Session extends DriverSession<ImapOutput> {
        private final ImapSessionDriver imap;
        private final Runnable waker;
        private final AtomicBoolean wakePending = new AtomicBoolean();
        /** Lane only: the key this session is indexed under, or null. */
        private MailboxKey indexedKey;

        Session(ImapSessionDriver driver, Runnable waker) {
            super(driver, ImapSessionFactory::convert);
            this.imap = driver;
            this.waker = waker;
        }

        void requestWake() {
            if (wakePending.compareAndSet(false, true)) {
                waker.run();
            }
        }

        @Override
        public ProtocolOutput receive(ByteBuffer in) {
            ProtocolOutput output = super.receive(in);
            reindex();
            return output;
        }

        @Override
        public ProtocolOutput wake() {
            wakePending.set(false);
            ProtocolOutput output = convert(imap.mailboxChanged());
            reindex();
            return output;
        }

        @Override
        public void close() {
            super.close();
            index(null);
        }

        private void reindex() {
            index(imap.selectedMailboxKey().orElse(null));
        }

        private void index(MailboxKey key) {
            if (Objects.equals(key, indexedKey)) {
                return;
            }
            if (indexedKey != null) {
                bySelectedMailbox.computeIfPresent(indexedKey, (k, set) -> {
                    set.remove(this);
                    return set.isEmpty() ? null : set;
                });
            }
            if (key != null) {
                bySelectedMailbox.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(this);
            }
            indexedKey = key;
        }
    }
}

package org.postroom.connector.ra.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.postroom.connector.api.Accepted;
import org.postroom.connector.api.AuthenticationResult;
import org.postroom.connector.api.Credentials;
import org.postroom.connector.api.MailParameters;
import org.postroom.connector.api.MailAddress;
import org.postroom.connector.api.RejectException;
import org.postroom.connector.api.ReversePath;
import org.postroom.connector.api.SessionContext;
import org.postroom.connector.api.SmtpAcceptanceListener;

/**
 * A thread-safe stand-in for the message-driven bean: records every call. It hosts {@code postroom.test} and
 * {@code example.org}; recipient local part {@code unknown} is refused with 550 5.1.1, a recipient elsewhere with 554
 * 5.7.1 unless the client authenticated or connects from this machine; user {@code alice} / {@code secret}
 * authenticates.
 */
final class FakeAcceptanceListener implements SmtpAcceptanceListener {

    record Delivery(SessionContext session, String queueId, ReversePath from, List<MailAddress> recipients,
            byte[] content, long size) {
    }

    final ConcurrentLinkedQueue<String> calls = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Delivery> deliveries = new ConcurrentLinkedQueue<>();
    final AtomicInteger queueIds = new AtomicInteger();
    /** The content of every accepted message by the queue id it was accepted under. */
    final Map<String, byte[]> accepted = new ConcurrentHashMap<>();
    static final Set<String> HOSTED = Set.of("postroom.test", "example.org");
    /**
     * When set, {@code accept} reads the content and then fails with it, as the store does when its database or
     * broker is down (the exception the container turns a failed commit into).
     */
    volatile RuntimeException storeDown;

    @Override
    public java.time.Duration checkSender(SessionContext session, ReversePath from, MailParameters parameters) {
        calls.add("checkSender " + from);
        return java.time.Duration.ZERO;
    }

    @Override
    public void checkRecipient(SessionContext session, ReversePath from, MailParameters parameters,
            MailAddress recipient) throws RejectException {
        calls.add("checkRecipient " + from + " <" + recipient + ">");
        if (recipient.localPart().equals("unknown")) {
            throw new RejectException(550, "5.1.1", "Mailbox unknown");
        }
        if (!recipient.isUnqualifiedPostmaster() && !HOSTED.contains(recipient.normalizedDomain())
                && !session.isAuthenticated() && !session.isLoopback()) {
            throw new RejectException(554, "5.7.1", "Relay access denied");
        }
    }

    @Override
    public Accepted accept(SessionContext session, String queueId, ReversePath from, List<MailAddress> recipients,
            InputStream content, long size) throws IOException {
        byte[] bytes = content.readAllBytes();
        RuntimeException down = storeDown;
        if (down != null) {
            calls.add("accept failed " + queueId);
            throw down;
        }
        calls.add("accept " + queueId + " " + size);
        deliveries.add(new Delivery(session, queueId, from, recipients, bytes, size));
        Accepted result = new Accepted("Q" + queueIds.incrementAndGet());
        this.accepted.put(result.queueId(), bytes);
        return result;
    }

    @Override
    public AuthenticationResult authenticate(SessionContext session, Credentials credentials) {
        calls.add("authenticate " + credentials.username());
        return credentials.username().equals("alice") && credentials.password().equals("secret")
                ? AuthenticationResult.authenticated("alice")
                : AuthenticationResult.invalidCredentials();
    }

    Delivery onlyDelivery() {
        if (deliveries.size() != 1) {
            throw new AssertionError("expected one delivery, got " + deliveries.size());
        }
        return deliveries.peek();
    }
}

package org.postroom.protocol.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.postroom.connector.api.Accepted;
import org.postroom.connector.api.MailParameters;
import org.postroom.connector.api.RecipientParameters;
import org.postroom.connector.api.MailAddress;
import org.postroom.connector.api.RejectException;
import org.postroom.connector.api.ReversePath;
import org.postroom.connector.api.SessionContext;
import org.postroom.connector.api.SmtpTransactionListener;
import org.postroom.connector.api.SmtpTransactionListenerFactory;

/**
 * A listener factory for dialogue tests that records every call and checks the call-order contract written on
 * {@link SmtpTransactionListener}: any call out of order fails the test at once, and
 * {@link #assertEveryListenerEndedOnce()} checks that each listener ended by done() or abort(), once.
 *
 * <p>
 * Behaviour is chosen by addresses, so dialogues read naturally: sender local part {@code blocked} is refused with
 * {@code 550 5.7.1} and {@code slow} is accepted with a 300 ms hold (in-flow control); recipient {@code unknown} with {@code 550 5.1.1}, {@code full} with {@code 452 4.2.2},
 * {@code crash} throws a runtime exception; content containing {@code X-Spam: yes} is refused at data() and
 * content containing {@code X-Fail-Done: yes} is refused at done() with {@code 451 4.3.0}.
 */
final class RecordingListenerFactory implements SmtpTransactionListenerFactory {

    private enum Stage {
        CREATED, FROM, RECIPIENTS, DATA, DONE, ABORTED
    }

    final List<String> events = new ArrayList<>();
    final List<Recording> listeners = new ArrayList<>();

    @Override
    public SmtpTransactionListener create(SessionContext session, String queueId) {
        Recording listener = new Recording(session, queueId);
        listeners.add(listener);
        events.add("create " + queueId + " " + session.protocol());
        return listener;
    }

    /** The content most recently received in data(). */
    String lastContent() {
        for (int i = listeners.size() - 1; i >= 0; i--) {
            if (listeners.get(i).content != null) {
                return listeners.get(i).content;
            }
        }
        throw new AssertionError("no listener received data");
    }

    void assertEveryListenerEndedOnce() {
        for (Recording listener : listeners) {
            if (listener.stage != Stage.DONE && listener.stage != Stage.ABORTED) {
                fail("listener " + listener.queueId + " never ended; it is still in " + listener.stage);
            }
        }
    }

    final class Recording implements SmtpTransactionListener {
        final SessionContext session;
        final String queueId;
        Stage stage = Stage.CREATED;
        String content;

        Recording(SessionContext session, String queueId) {
            this.session = session;
            this.queueId = queueId;
        }

        @Override
        public java.time.Duration from(ReversePath reversePath, MailParameters parameters) throws RejectException {
            expect(Stage.CREATED);
            events.add("from " + reversePath + " " + describe(parameters));
            stage = Stage.FROM;
            if (reversePath.mailbox().map(m -> m.localPart().equals("blocked")).orElse(false)) {
                throw new RejectException(550, "5.7.1", "Sender blocked");
            }
            if (reversePath.mailbox().map(m -> m.localPart().equals("slow")).orElse(false)) {
                return java.time.Duration.ofMillis(300); // in-flow control
            }
            return java.time.Duration.ZERO;
        }

        @Override
        public void recipient(MailAddress forwardPath) throws RejectException {
            expect(Stage.FROM, Stage.RECIPIENTS);
            events.add("rcpt <" + forwardPath + ">");
            switch (forwardPath.localPart()) {
                case "unknown" -> throw new RejectException(550, "5.1.1", "Mailbox unknown");
                case "full" -> throw new RejectException(452, "4.2.2", "Mailbox full");
                case "crash" -> throw new IllegalStateException("database down");
                default -> stage = Stage.RECIPIENTS;
            }
        }

        @Override
        public void recipient(MailAddress forwardPath, RecipientParameters parameters) throws RejectException {
            recipient(forwardPath);
            if (!parameters.equals(RecipientParameters.NONE)) {
                int last = events.lastIndexOf("rcpt <" + forwardPath + ">");
                events.set(last, events.get(last) + parameters.notifyConditions().map(n -> " notify=" + n).orElse("")
                        + parameters.originalRecipient().map(o -> " orcpt=" + o).orElse(""));
            }
        }

        @Override
        public void data(InputStream in) throws RejectException, IOException {
            expect(Stage.RECIPIENTS);
            stage = Stage.DATA;
            content = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            events.add("data " + content.length() + " octets");
            if (content.contains("X-Spam: yes")) {
                throw new RejectException(554, "5.7.1", "Message refused as spam");
            }
        }

        @Override
        public Accepted done() throws RejectException {
            expect(Stage.DATA);
            events.add("done");
            if (content.contains("X-Fail-Done: yes")) {
                throw new RejectException(451, "4.3.0", "Queue unavailable\r\n250 injected");
            }
            stage = Stage.DONE;
            return new Accepted(queueId);
        }

        @Override
        public void abort() {
            if (stage == Stage.DONE || stage == Stage.ABORTED) {
                fail("abort() after the listener already ended in " + stage);
            }
            events.add("abort");
            stage = Stage.ABORTED;
        }

        private void expect(Stage... allowed) {
            for (Stage s : allowed) {
                if (stage == s) {
                    return;
                }
            }
            fail("call-order contract broken: listener " + queueId + " is in " + stage);
        }
    }

    private static String describe(MailParameters p) {
        return "size=" + (p.declaredSize().isPresent() ? Long.toString(p.declaredSize().getAsLong()) : "-")
                + " body=" + p.body().map(Enum::name).orElse("-") + p.ret().map(r -> " ret=" + r).orElse("")
                + p.envelopeId().map(e -> " envid=" + e).orElse("");
    }

    static void assertEvents(RecordingListenerFactory factory, String... expected) {
        assertEquals(List.of(expected), factory.events);
    }
}

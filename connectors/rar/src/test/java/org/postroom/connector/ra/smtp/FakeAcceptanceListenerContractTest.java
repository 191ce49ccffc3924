package org.postroom.connector.ra.smtp;

import org.postroom.connector.api.Credentials;
import org.postroom.connector.api.MailAddress;
import org.postroom.connector.api.SmtpAcceptanceListener;
import org.postroom.protocol.smtp.SmtpAcceptanceListenerContract;

/** The SMTP listener contract run against the adapter tests' stand-in for the SMTP beans. */
class FakeAcceptanceListenerContractTest extends SmtpAcceptanceListenerContract {

    private final FakeAcceptanceListener fake = new FakeAcceptanceListener();

    @Override
    protected SmtpAcceptanceListener listener() {
        return fake;
    }

    @Override
    protected Credentials credentials() {
        return new Credentials("alice", "secret");
    }

    @Override
    protected String userName() {
        return "alice";
    }

    @Override
    protected MailAddress localRecipient() {
        return new MailAddress("bob", "example.org");
    }

    @Override
    protected MailAddress unknownRecipient() {
        return new MailAddress("unknown", "example.org");
    }

    @Override
    protected MailAddress remoteRecipient() {
        return new MailAddress("carol", "remote.test");
    }

    @Override
    protected byte[] accepted(String queueId) {
        byte[] content = fake.accepted.get(queueId);
        if (content == null) {
            throw new AssertionError("nothing accepted under " + queueId);
        }
        return content;
    }
}

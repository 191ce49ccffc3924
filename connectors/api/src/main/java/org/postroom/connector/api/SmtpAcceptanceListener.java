package org.postroom.connector.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * What the SMTP side of the resource adapter asks of the business side; implemented by a message-driven bean.
 *
 * <p>Stateless by design: the adapter obtains a fresh message endpoint for every call and releases it afterwards
 * (Liberty allows at most 500 live endpoints per MDB), so a transaction's state (sender, recipients) lives in the
 * adapter and is passed in again. The adapter calls these methods off the I/O threads, in order per connection:
 * {@link #checkSender} at MAIL, {@link #checkRecipient} at each RCPT, {@link #accept} at the end of DATA.
 */
public interface SmtpAcceptanceListener {

    /**
     * MAIL FROM: may the session send as this reverse-path (relay policy, submission identity)?
     *
     * @return how long to hold the {@code 250} to MAIL (in-flow control, see {@link SmtpTransactionListener#from});
     *         {@link java.time.Duration#ZERO} for none
     */
    java.time.Duration checkSender(SessionContext session, ReversePath from, MailParameters parameters)
            throws RejectException;

    /**
     * RCPT TO: is this recipient acceptable (hosted user or alias, relay allowed, recipient's restrictions and quota
     * as far as they can be judged before the data)?
     */
    void checkRecipient(SessionContext session, ReversePath from, MailParameters parameters, MailAddress recipient)
            throws RejectException;

    /**
     * End of DATA: applies the checks that need the message (size, restrictions), then stores the content and its
     * delivery job durably. Returning normally means the message is on disk and will be delivered; only then does
     * the client get 250.
     *
     * @param content the whole message as it will be stored (the adapter's Received header first), read once
     * @param size its length in octets
     */
    Accepted accept(SessionContext session, String queueId, ReversePath from, List<MailAddress> recipients,
            InputStream content, long size) throws RejectException, IOException;

    /**
     * {@link #accept(SessionContext, String, ReversePath, List, InputStream, long)} with the DSN parameters of MAIL
     * (RET, ENVID) and of each RCPT (NOTIFY, ORCPT; one per recipient, in the same order): what the adapter calls.
     * The default drops the parameters; the business side overrides it to keep them for its reports (RFC 3461).
     */
    default Accepted accept(SessionContext session, String queueId, ReversePath from, MailParameters parameters,
            List<MailAddress> recipients, List<RecipientParameters> recipientParameters, InputStream content,
            long size) throws RejectException, IOException {
        return accept(session, queueId, from, recipients, content, size);
    }

    /** AUTH: checks credentials (submission, SMTP AUTH). */
    AuthenticationResult authenticate(SessionContext session, Credentials credentials);
}

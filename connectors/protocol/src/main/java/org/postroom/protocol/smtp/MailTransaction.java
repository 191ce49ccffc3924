package org.postroom.protocol.smtp;

import java.util.ArrayList;
import java.util.List;
import org.postroom.connector.api.MailAddress;
import org.postroom.connector.api.SmtpTransactionListener;

/** The state of one mail transaction, from an accepted MAIL to the end of DATA, RSET or the end of the session. */
final class MailTransaction {

    private final String queueId;
    private final SmtpTransactionListener listener;
    private final List<MailAddress> recipients = new ArrayList<>();
    private MessageSpool spool;
    private DataDecoder decoder;

    MailTransaction(String queueId, SmtpTransactionListener listener) {
        this.queueId = queueId;
        this.listener = listener;
    }

    String queueId() {
        return queueId;
    }

    SmtpTransactionListener listener() {
        return listener;
    }

    List<MailAddress> recipients() {
        return List.copyOf(recipients);
    }

    int recipientCount() {
        return recipients.size();
    }

    void addRecipient(MailAddress mailbox) {
        recipients.add(mailbox);
    }

    void startData(MessageSpool spool, DataDecoder decoder) {
        this.spool = spool;
        this.decoder = decoder;
    }

    MessageSpool spool() {
        return spool;
    }

    DataDecoder decoder() {
        return decoder;
    }

    /** Releases the spooled content, if any. */
    void releaseSpool() {
        if (spool != null) {
            spool.close();
            spool = null;
        }
    }
}

package org.postroom.protocol.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.postroom.connector.api.imap.MailboxException;

/** Response codes as written between the brackets, and the store's refusals mapped to them. */
class ResponseCodeTest {

    @Test
    void namesAreWrittenAsTheirAtomsWithTheirArguments() {
        assertEquals("READ-ONLY", ResponseCode.READ_ONLY.text());
        assertEquals("READ-WRITE", ResponseCode.READ_WRITE.text());
        assertEquals("UIDNEXT 42", ResponseCode.of(ResponseCode.Name.UIDNEXT, 42).text());
        assertEquals("COPYUID 7 1:3 10:12", ResponseCode.of(ResponseCode.Name.COPYUID, "7 1:3 10:12").text());
    }

    @Test
    void everyStoreRefusalHasTheResponseCodeTheListenerApiNames() {
        for (MailboxException.Reason reason : MailboxException.Reason.values()) {
            assertEquals(reason.responseCode(), ResponseCode.of(reason).text(), reason.name());
        }
    }

    @Test
    void aReplyWithACodeIsWrittenInBrackets() {
        ResponseWriter out = new ResponseWriter();
        out.status("a", ImapReply.no(ResponseCode.of(ResponseCode.Name.TRYCREATE), "No such mailbox"));
        out.status("b", ImapReply.ok("done"));
        assertEquals("a NO [TRYCREATE] No such mailbox\r\nb OK done\r\n",
                new String(out.toByteArray(), java.nio.charset.StandardCharsets.US_ASCII));
    }
}

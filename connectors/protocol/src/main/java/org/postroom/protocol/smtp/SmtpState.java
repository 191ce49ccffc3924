package org.postroom.protocol.smtp;

import java.util.EnumSet;
import java.util.Set;

/** Where a session stands in the RFC 5321 command sequence; the command registry says which state allows what. */
public enum SmtpState {
    /** Greeting sent, no HELO/EHLO yet (also right after STARTTLS). */
    CONNECTED,
    /** HELO/EHLO accepted, no mail transaction. */
    GREETED,
    /** MAIL FROM accepted, no recipient accepted yet. */
    MAIL,
    /** At least one RCPT TO accepted: DATA may follow. */
    RCPT;

    static final Set<SmtpState> ANY = EnumSet.allOf(SmtpState.class);
}

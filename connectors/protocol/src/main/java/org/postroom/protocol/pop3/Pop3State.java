package org.postroom.protocol.pop3;

import java.util.EnumSet;
import java.util.Set;

/** The states of RFC 1939 section 3. */
public enum Pop3State {
    /** Before a successful USER/PASS or AUTH. */
    AUTHORIZATION,
    /** The maildrop is open and locked. */
    TRANSACTION,
    /** After QUIT in TRANSACTION: deletions are being committed; the connection ends. */
    UPDATE;

    static final Set<Pop3State> ANY = EnumSet.allOf(Pop3State.class);
}

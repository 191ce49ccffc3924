package org.postroom.protocol.imap;

import java.util.EnumSet;
import java.util.Set;

/** The states of RFC 3501 section 3. */
public enum ImapState {
    NOT_AUTHENTICATED, AUTHENTICATED, SELECTED, LOGOUT;

    static final Set<ImapState> ANY = EnumSet.of(NOT_AUTHENTICATED, AUTHENTICATED, SELECTED);
    static final Set<ImapState> NOT_AUTH = EnumSet.of(NOT_AUTHENTICATED);
    static final Set<ImapState> AUTH = EnumSet.of(AUTHENTICATED, SELECTED);
    static final Set<ImapState> SELECT = EnumSet.of(SELECTED);
}

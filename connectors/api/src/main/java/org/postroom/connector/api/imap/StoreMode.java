package org.postroom.connector.api.imap;

/** STORE FLAGS, +FLAGS and -FLAGS (RFC 3501 section 6.4.6). */
public enum StoreMode {
    REPLACE, ADD, REMOVE
}

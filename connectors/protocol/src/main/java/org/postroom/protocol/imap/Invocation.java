package org.postroom.protocol.imap;

/**
 * One command as dispatched: its tag, its name ({@code FETCH}, or {@code UID FETCH}), whether it came with the UID
 * prefix, and the parser positioned just after the name.
 */
record Invocation(String tag, String name, boolean uid, ImapParser args) {
}

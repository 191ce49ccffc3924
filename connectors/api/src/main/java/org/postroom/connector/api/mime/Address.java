package org.postroom.connector.api.mime;

/**
 * One RFC 3501 address structure: (name adl mailbox host). Groups (RFC 2822 section 3.4) are flattened as IMAP
 * wants: a start marker {@code (NIL NIL "group-name" NIL)}, the members, an end marker {@code (NIL NIL NIL NIL)}.
 *
 * @param name the display name as in the header (encoded-words kept), or {@code null}
 * @param adl the obsolete source route, or {@code null}
 * @param mailbox the local part; the group name for a group start; {@code null} for a group end
 * @param host the domain; {@code null} for group markers
 */
public record Address(String name, String adl, String mailbox, String host) {

    public static Address groupStart(String groupName) {
        return new Address(null, null, groupName, null);
    }

    public static final Address GROUP_END = new Address(null, null, null, null);

    public boolean isGroupStart() {
        return host == null && mailbox != null;
    }

    public boolean isGroupEnd() {
        return host == null && mailbox == null;
    }
}

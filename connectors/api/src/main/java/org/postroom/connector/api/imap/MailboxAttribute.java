package org.postroom.connector.api.imap;

/** LIST attributes (RFC 3501 section 7.2.2, RFC 3348 CHILDREN, RFC 6154 SPECIAL-USE). */
public enum MailboxAttribute {
    NOSELECT("\\Noselect"), NOINFERIORS("\\Noinferiors"), MARKED("\\Marked"), UNMARKED("\\Unmarked"), HAS_CHILDREN(
            "\\HasChildren"), HAS_NO_CHILDREN("\\HasNoChildren"), ALL("\\All"), ARCHIVE("\\Archive"), DRAFTS(
                    "\\Drafts"), FLAGGED("\\Flagged"), JUNK("\\Junk"), SENT("\\Sent"), TRASH("\\Trash");

    private final String imap;

    MailboxAttribute(String imap) {
        this.imap = imap;
    }

    /** As written in a LIST response, {@code \HasChildren}. */
    public String imap() {
        return imap;
    }

    public boolean isSpecialUse() {
        return ordinal() >= ALL.ordinal();
    }
}

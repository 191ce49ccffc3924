package org.postroom.protocol.smtp;

/**
 * One SMTP verb. The {@link SmtpCommandRegistry} has already checked the session state and the TLS/AUTH rules when
 * {@link #execute} runs; the command parses its argument and acts on the session, which collects the replies.
 */
interface SmtpCommand {

    /**
     * @param argument the text after the verb and one space, possibly empty; ISO-8859-1 decoded, so non-ASCII
     *            octets appear as characters above 0x7e for the command to refuse
     */
    void execute(SmtpSession session, String argument);
}

package org.postroom.protocol.pop3;

/**
 * One POP3 verb. The {@link Pop3CommandRegistry} has already checked the session state and the TLS rules when
 * {@link #execute} runs; the command parses its argument and acts on the session, which collects the responses.
 */
interface Pop3Command {

    /**
     * @param argument the text after the verb and one space, possibly empty; ISO-8859-1 decoded, without control
     *            characters
     */
    void execute(Pop3Session session, String argument);
}

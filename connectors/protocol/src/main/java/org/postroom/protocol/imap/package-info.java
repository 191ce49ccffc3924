/**
 * The IMAP4rev1 protocol engine (RFC 3501 with IDLE 2177, UIDPLUS 4315, MOVE 6851, NAMESPACE 2342, SPECIAL-USE
 * 6154, LITERAL+ 7888 (LITERAL- before login), ENABLE 5161, ID 2971, UNSELECT 3691, CHILDREN 3348, SASL-IR 4959, STARTTLS, AUTHENTICATE PLAIN
 * and LOGIN, RFC 5530 response codes): plain Java, no {@code jakarta.*}, no sockets, no threads. Bytes in, bytes out,
 * and the store behind {@link org.postroom.connector.api.imap.MailboxSessionListener}.
 *
 * <h2>Types</h2>
 * <ul>
 * <li>{@link org.postroom.protocol.imap.ImapConfig}, {@link org.postroom.protocol.imap.ImapProtocol} (config, listener
 * and {@link org.postroom.protocol.AuthFailurePolicy}, shared by an endpoint; also the BYE replies for too many
 * connections, idle timeout and shutdown).</li>
 * <li>{@link org.postroom.protocol.imap.ImapSessionDriver}: line and literal framing with the size limits, in front
 * of {@link org.postroom.protocol.imap.ImapSession}, the per-connection state machine.</li>
 * <li>{@link org.postroom.protocol.imap.ImapOutput}: bytes to write, {@code startTls}, {@code close}, {@code delay}.
 * </li>
 * <li>Package-private: a parser of grammar elements ({@code ImapParser}, {@code FetchParser}, {@code SearchParser}),
 * one class per command (or per family, such as SELECT/EXAMINE), the one table {@code ImapCommandRegistry}, the
 * session's view of its selected mailbox ({@code SelectedMailbox}), the listener every command calls ({@code
 * CachingMailboxSessionListener}: the adapter's listener behind the shared {@code MessageCache}), the response codes
 * ({@code ResponseCode}) and the encoders ({@code ResponseWriter}, {@code StructureEncoder}, {@code SectionSlicer}).
 * </li>
 * </ul>
 *
 * <h2>Driving it (the adapter's side)</h2>
 * <ul>
 * <li>On accept {@code driver.start()}; each read to {@code driver.receive(bytes)} on the connection's serial
 * executor; write {@link org.postroom.protocol.imap.ImapOutput#bytes()} after waiting
 * {@link org.postroom.protocol.imap.ImapOutput#delay()}; on {@code startTls} install TLS, drop queued input, then
 * {@code driver.tlsStarted()}; on {@code close} close; on any end {@code driver.close()}.</li>
 * <li>Route mailbox change events by {@code driver.selectedMailboxKey()} and call {@code driver.mailboxChanged()} on
 * the connection's serial executor; write what it returns (updates during IDLE; otherwise nothing, and the session
 * reports them at the next command that allows it).</li>
 * </ul>
 *
 * <h2>Not (yet) implemented</h2> CONDSTORE/QRESYNC, LIST-EXTENDED and LIST-STATUS, ESEARCH, SORT/THREAD, BINARY,
 * LITERAL8, COMPRESS, QUOTA, ACL, NOTIFY, partial streaming of large bodies (sections are built in memory).
 */
package org.postroom.protocol.imap;

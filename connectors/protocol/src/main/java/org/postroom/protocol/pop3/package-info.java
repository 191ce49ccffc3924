/**
 * The POP3 protocol engine (RFC 1939 with RFC 2449 CAPA, RESP-CODES and PIPELINING, RFC 2595 STLS, RFC 5034 SASL
 * PLAIN and AUTH-RESP-CODE): plain Java, no {@code jakarta.*}, no sockets, no threads. It follows the design of
 * {@code org.postroom.protocol.smtp} and is driven the same way.
 *
 * <h2>Types</h2>
 * <ul>
 * <li>{@link org.postroom.protocol.pop3.Pop3Config}, {@link org.postroom.protocol.pop3.Pop3Protocol} (config plus
 * the {@link org.postroom.connector.api.MaildropListener}, shared by an endpoint).</li>
 * <li>{@link org.postroom.protocol.pop3.Pop3Session}: the per-connection state machine (AUTHORIZATION, TRANSACTION,
 * UPDATE); {@link org.postroom.protocol.pop3.Pop3SessionDriver}: the same with line framing, fed raw bytes.</li>
 * <li>{@link org.postroom.protocol.pop3.Pop3Output}: responses ({@link org.postroom.protocol.pop3.Pop3Reply},
 * {@link org.postroom.protocol.pop3.Pop3MultiLine}, {@link org.postroom.protocol.pop3.Pop3Continuation}) and the
 * flags {@code startTls} and {@code close}.</li>
 * <li>Package-private: one class per command and the one table {@code Pop3CommandRegistry}.</li>
 * </ul>
 *
 * <h2>Decisions</h2>
 * <ul>
 * <li>Driving: on accept {@code driver.start()}; each read goes to {@code driver.receive(bytes)} on the
 * connection's ordered worker; on {@code startTls} install TLS, drop queued input, then {@code driver.tlsStarted()};
 * on any close {@code driver.close()}, which releases the maildrop lock without committing.</li>
 * <li>Deletions are committed only by QUIT in TRANSACTION, and {@code +OK} is sent only after
 * {@link org.postroom.connector.api.MaildropListener#commit} returned.</li>
 * <li>USER/PASS and AUTH PLAIN only over TLS, or from loopback when configured; otherwise
 * {@code -ERR [AUTH]} and CAPA does not offer them (RFC 2595 section 4).</li>
 * <li>Command lines: at most 255 octets plus CRLF; a longer one is dropped as it arrives, answered {@code -ERR},
 * and the session continues. Control characters in a command refuse it.</li>
 * <li>RETR/TOP content is encoded into memory before the answer, so a store failure gives a clean
 * {@code -ERR [SYS/TEMP]}. Streaming large messages (a chunked output) is a possible later step.</li>
 * </ul>
 */
package org.postroom.protocol.pop3;

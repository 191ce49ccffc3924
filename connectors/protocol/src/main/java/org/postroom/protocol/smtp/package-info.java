/**
 * The SMTP protocol engine: plain Java, no {@code jakarta.*}, no Netty, no sockets, no threads.
 *
 * <h2>Types</h2>
 * <ul>
 * <li>{@link org.postroom.protocol.smtp.SmtpConfig}: the settings of one endpoint (MX on 25, submission on 587,
 * implicit TLS on 465).</li>
 * <li>{@link org.postroom.protocol.smtp.SmtpProtocol}: config plus the business-side interfaces, shared by all
 * connections of an endpoint; {@code newSession(clientAddress)} / {@code newDriver(clientAddress)} per
 * connection.</li>
 * <li>{@link org.postroom.protocol.smtp.SmtpSession}: the per-connection state machine, fed with framed input
 * (command lines; raw bytes in DATA mode).</li>
 * <li>{@link org.postroom.protocol.smtp.SmtpSessionDriver}: the same with line framing in front, fed with the raw
 * bytes of the connection.</li>
 * <li>{@link org.postroom.protocol.smtp.SmtpOutput} / {@link org.postroom.protocol.smtp.SmtpReply} /
 * {@link org.postroom.protocol.smtp.SmtpReplies}: what to write, and the flags {@code startTls} and
 * {@code close}.</li>
 * <li>{@link org.postroom.protocol.smtp.DataDecoder}: the DATA stream decoder (end of data, dot-unstuffing, size,
 * hop count, bare CR/LF refusal); {@link org.postroom.protocol.smtp.SpoolFactory}: where content waits.</li>
 * <li>Package-private: one class per command ({@code EhloCommand}, {@code MailCommand}, ...) and the one table
 * {@code SmtpCommandRegistry} saying in which states each verb is valid and which TLS/AUTH rules apply.</li>
 * </ul>
 *
 * <h2>How the resource adapter drives it (decision)</h2> The engine is synchronous: the simplest design that keeps
 * blocking work off the I/O thread. The event loop only moves bytes; everything else runs on a worker:
 * <ol>
 * <li>On accept: {@code driver = protocol.newDriver(remoteAddress)}; write {@code driver.start()}.</li>
 * <li>On each read: copy the bytes and enqueue {@code driver.receive(bytes)} on the connection's ordered worker (a
 * per-connection FIFO over a bounded pool, as NOTES-STACK measured). Write the output's bytes and flush once per
 * call (PIPELINING). While a connection's queue is long, turn off auto-read (back-pressure).</li>
 * <li>{@code output.startTls()}: on the event loop add the {@code SslHandler} (startTls mode, so the {@code 220}
 * goes out in plaintext), drop anything still queued for that connection, and when the handshake completes enqueue
 * {@code driver.tlsStarted()} before any decrypted bytes. The engine discards every byte it is given in between
 * anyway, so a late plaintext chunk can never be executed (RFC 3207 section 4.2, CVE-2011-0411 class).</li>
 * <li>{@code output.close()}: write, then close. Idle timeout: write
 * {@link org.postroom.protocol.smtp.SmtpReplies#IDLE_TIMEOUT} and close; on any close, enqueue
 * {@code driver.close()} so an open transaction is aborted.</li>
 * </ol>
 * Listener, authenticator and spool calls therefore happen on the worker, one at a time per connection, in
 * protocol order. For DATA the decoder writes into a {@link org.postroom.protocol.smtp.MessageSpool} (memory up to
 * a threshold, then a temporary file) as chunks arrive, so no worker waits on a slow client and no message sits
 * whole in memory; at end of data the listener reads the spool through {@code data(InputStream)} and commits in
 * {@code done()}, and only then does the client get {@code 250}.
 *
 * <h2>Other decisions</h2>
 * <ul>
 * <li>Bare CR or bare LF in DATA: the message is refused ({@code 550 5.6.11}) after the real end of data; only
 * {@code CRLF.CRLF} ends data (SMTP smuggling, CVE-2023-51764 class). See {@link
 * org.postroom.protocol.smtp.DataDecoder}.</li>
 * <li>Command lines: at most 1000 octets with CRLF; a longer one is dropped as it arrives, answered
 * {@code 500 5.5.2}, and the session continues. A bare LF also ends a command line (lenient, as common servers
 * are); a bare CR or any other control character inside a command refuses it ({@code 500 5.5.2}).</li>
 * <li>AUTH is offered only over TLS, or in plaintext from loopback when configured; otherwise {@code 538 5.7.11}.
 * After STARTTLS the session forgets the HELO name and any authentication.</li>
 * <li>Bad address syntax uses the RFC 3463 address codes ({@code 501 5.1.7} sender, {@code 501 5.1.3} recipient);
 * other argument syntax errors {@code 501 5.5.4}; unknown MAIL/RCPT parameters {@code 555 5.5.4}.</li>
 * </ul>
 */
package org.postroom.protocol.smtp;

/**
 * The outbound SMTP seam (issue 12): the business side (routing, the queue, DSNs, DKIM) hands one SMTP transaction
 * to the resource adapter, which owns every socket, and gets each recipient's outcome back.
 *
 * <p>
 * The EJB side looks up an {@link OutboundSmtpConnectionFactory} (a JCA outbound connection of the protocol
 * resource adapter), opens a connection in try-with-resources, calls {@link OutboundSmtpConnection#send} and closes
 * the handle; the returned stage completes later, on the adapter's threads, when the remote host answered the end of
 * DATA or every candidate host failed. The caller never blocks on a socket. The adapter pools and reuses SMTP
 * connections per remote host and enforces the concurrency limits; the handle is not a socket.
 *
 * <p>
 * Routing (MX lookup, smart host, MTA-STS policy lookup) is the caller's: a transaction names its candidate hosts in
 * the order to try and the TLS policy that holds for them. Plain Java, no {@code jakarta.*} import.
 */
package org.postroom.connector.api.outbound;

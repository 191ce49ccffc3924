/**
 * The listener API through which the protocol side (the resource adapter and its protocol engines) reaches the
 * business side (message-driven beans that delegate to stateless services).
 *
 * <p>
 * Plain Java, no {@code jakarta.*} import: this jar is seen by both the resource adapter and the EJB module. Every
 * value crossing the seam is a small immutable record; rejection is the typed {@link RejectException}, never
 * {@code null} or an error string.
 *
 * <p>
 * SMTP: {@link SmtpTransactionListenerFactory} creates one {@link SmtpTransactionListener} per MAIL transaction
 * (call order in its Javadoc); {@link Authenticator} checks AUTH PLAIN/LOGIN credentials; {@link AddressVerifier}
 * answers VRFY when it is enabled; {@link SessionContext} describes the connection.
 *
 * <p>
 * Threading: the adapter calls these interfaces off the network event loop (blocking calls are allowed: database,
 * directory, queue), one call at a time per connection, in protocol order.
 */
package org.postroom.connector.api;

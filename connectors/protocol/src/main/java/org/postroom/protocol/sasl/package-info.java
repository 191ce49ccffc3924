/**
 * Server-side SASL for the SMTP (RFC 4954), POP3 (RFC 5034) and IMAP (RFC 3501, RFC 4959) engines: the PLAIN
 * (RFC 4616) and LOGIN mechanisms, written once. Pure: a {@link org.postroom.protocol.sasl.SaslExchange} takes the
 * client's base64 lines and answers with a {@link org.postroom.protocol.sasl.SaslStep} (a challenge to send,
 * credentials to check, or a failure with its reason); each engine turns the step into its own reply and does the
 * authenticating.
 */
package org.postroom.protocol.sasl;

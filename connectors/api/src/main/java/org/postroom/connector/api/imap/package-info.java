/**
 * The IMAP listener API (RFC 3501 and the extensions the engine implements): {@link
 * org.postroom.connector.api.imap.MailboxSessionListener} and the small immutable values that cross it. The reference
 * SEARCH semantics every store can reuse ({@code SearchEvaluator}) live in the mail model module
 * ({@code connectors/model}, ADR 0036). Plain Java, no jakarta.
 */
package org.postroom.connector.api.imap;

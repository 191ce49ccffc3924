/**
 * The IMAP listener API (RFC 3501 and the extensions the engine implements): {@link
 * org.postroom.connector.api.imap.MailboxSessionListener}, the small immutable values that cross it, and {@link
 * org.postroom.connector.api.imap.SearchEvaluator}, the reference SEARCH semantics every store can reuse. Plain Java,
 * no jakarta.
 */
package org.postroom.connector.api.imap;

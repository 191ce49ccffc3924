/**
 * Pieces shared by the protocol engines: framing of CRLF-terminated command lines ({@link LineFramer}).
 *
 * <p>
 * Plain Java, no {@code jakarta.*}, no sockets, no threads: codecs and state machines that take bytes and give
 * values, so the resource adapter can drive them from whatever thread it chooses and tests can drive them with
 * byte arrays.
 */
package org.postroom.protocol;

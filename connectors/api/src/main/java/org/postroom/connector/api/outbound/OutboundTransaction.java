package org.postroom.connector.api.outbound;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.postroom.connector.api.BodyType;

/**
 * One SMTP transaction to hand to the next hop: all of its recipients share the candidate hosts (one domain, or the
 * smart host).
 *
 * @param hosts candidate hosts in the order to try (MX preference, equal preferences already shuffled); a connection
 *        failure, a 421 greeting or a TLS policy refusal moves on to the next one
 * @param tls what TLS the hosts must offer
 * @param login smart host credentials, when set (then {@code tls} is at least {@link TlsPolicy.Mode#REQUIRED})
 * @param heloName the name this server gives in EHLO/HELO
 * @param reversePath MAIL FROM without angle brackets; empty for the null reverse path {@code <>}
 * @param recipients at least one
 * @param body the BODY= type to declare when the next hop offers 8BITMIME (8-bit content to a host without
 *        8BITMIME is sent as is, as Postfix does by default)
 * @param smtpUtf8 the envelope or headers need SMTPUTF8 (RFC 6531); a host without it fails these recipients
 *        permanently (5.6.7)
 * @param ret the {@code RET=} value (FULL or HDRS), when the submitter gave one
 * @param envelopeId the {@code ENVID=} value, when the submitter gave one
 * @param content the message
 */
public record OutboundTransaction(List<RemoteHost> hosts, TlsPolicy tls, Optional<RelayLogin> login,
        String heloName, String reversePath, List<OutboundRecipient> recipients, BodyType body, boolean smtpUtf8,
        Optional<String> ret, Optional<String> envelopeId, MessageSource content) {

    public OutboundTransaction {
        hosts = List.copyOf(hosts);
        recipients = List.copyOf(recipients);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("no candidate host");
        }
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("no recipient");
        }
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(heloName, "heloName");
        Objects.requireNonNull(reversePath, "reversePath");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(ret, "ret");
        Objects.requireNonNull(envelopeId, "envelopeId");
        Objects.requireNonNull(content, "content");
    }
}

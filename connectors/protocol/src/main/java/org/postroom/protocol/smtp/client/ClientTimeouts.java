package org.postroom.protocol.smtp.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the client waits at each stage (RFC 5321 section 4.5.3.2), plus the connect timeout and how long an idle
 * connection is kept for reuse before QUIT.
 *
 * @param connect TCP connect
 * @param greeting the 220 greeting; also EHLO/HELO, STARTTLS and its handshake, AUTH and RSET
 * @param mail the reply to MAIL FROM
 * @param rcpt the reply to each RCPT TO
 * @param dataInit the 354 to DATA
 * @param dataBlock progress while the content is written
 * @param dataEnd the reply to the final dot
 * @param idle an idle connection is closed with QUIT after this long
 */
public record ClientTimeouts(Duration connect, Duration greeting, Duration mail, Duration rcpt, Duration dataInit,
        Duration dataBlock, Duration dataEnd, Duration idle) {

    /** RFC 5321's minimums; 30 s to connect (Postfix's smtp_connect_timeout), 10 s of idle reuse. */
    public static final ClientTimeouts RFC_5321 = new ClientTimeouts(Duration.ofSeconds(30), Duration.ofMinutes(5),
            Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(2), Duration.ofMinutes(3),
            Duration.ofMinutes(10), Duration.ofSeconds(10));

    public ClientTimeouts {
        for (Duration d : new Duration[]{connect, greeting, mail, rcpt, dataInit, dataBlock, dataEnd, idle}) {
            Objects.requireNonNull(d, "timeout");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive: " + d);
            }
        }
    }
}

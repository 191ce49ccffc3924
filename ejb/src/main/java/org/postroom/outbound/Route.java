package org.postroom.outbound;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.postroom.connector.api.outbound.RelayLogin;
import org.postroom.connector.api.outbound.RemoteHost;
import org.postroom.connector.api.outbound.TlsPolicy;

/** Where the mail for one domain goes, as {@link Router} found it. */
public sealed interface Route {

    /**
     * Candidate hosts in the order to try, with the TLS they must offer and the smart host's login.
     *
     * @param hosts at least one
     */
    record Hosts(List<RemoteHost> hosts, TlsPolicy tls, Optional<RelayLogin> login) implements Route {
        public Hosts {
            hosts = List.copyOf(hosts);
            if (hosts.isEmpty()) {
                throw new IllegalArgumentException("no host");
            }
            Objects.requireNonNull(tls, "tls");
            Objects.requireNonNull(login, "login");
        }
    }

    /**
     * No route: for now (a DNS timeout or SERVFAIL: the message waits) or for good (null MX, no such domain: it
     * bounces).
     *
     * @param reply the reply recorded for the recipients, with its enhanced status code
     */
    record Unroutable(boolean permanent, String reply) implements Route {
        public Unroutable {
            Objects.requireNonNull(reply, "reply");
        }
    }
}

package org.postroom.connector.api.outbound;

import java.net.InetAddress;
import java.util.Objects;

/**
 * One candidate next hop, already resolved by routing: the host name it was found under (an MX target, the domain
 * itself for an implicit MX, or the smart host; the name a certificate is checked against), one of its addresses,
 * and the port ({@code POSTROOM_OUTBOUND_PORT}, 25 by default, or the smart host's).
 */
public record RemoteHost(String name, InetAddress address, int port) {

    public RemoteHost {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** {@code name[address]:port}, for logs and recorded outcomes. */
    @Override
    public String toString() {
        return name + "[" + address.getHostAddress() + "]:" + port;
    }
}

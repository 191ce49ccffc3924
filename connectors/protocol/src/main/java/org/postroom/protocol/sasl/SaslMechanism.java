package org.postroom.protocol.sasl;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The SASL mechanisms the engines implement; each engine offers a subset. */
public enum SaslMechanism {
    /** RFC 4616: one response {@code authzid NUL authcid NUL passwd}. */
    PLAIN,
    /** The widely used LOGIN mechanism: user name, then password, each in answer to a challenge. */
    LOGIN;

    /** The mechanism a client named (case-insensitive), if it is one of {@code offered}. */
    public static Optional<SaslMechanism> named(String name, Set<SaslMechanism> offered) {
        for (SaslMechanism mechanism : offered) {
            if (mechanism.name().equals(name.toUpperCase(Locale.ROOT))) {
                return Optional.of(mechanism);
            }
        }
        return Optional.empty();
    }
}

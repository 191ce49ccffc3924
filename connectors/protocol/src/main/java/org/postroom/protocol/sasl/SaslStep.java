package org.postroom.protocol.sasl;

import org.postroom.connector.api.Credentials;

/** What a {@link SaslExchange} asks the engine to do next. */
public sealed interface SaslStep permits SaslStep.Challenge, SaslStep.Complete, SaslStep.Failed {

    /** Send this challenge (already base64, empty for none) and pass the client's next line to the exchange. */
    record Challenge(String base64) implements SaslStep {
    }

    /** The client sent its credentials: the exchange is over, the engine authenticates. */
    record Complete(Credentials credentials) implements SaslStep {
    }

    /** The exchange is over without credentials, for this reason. */
    record Failed(SaslFailure reason) implements SaslStep {
    }
}

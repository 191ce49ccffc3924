package org.postroom.connector.api.mime;

import java.util.List;
import java.util.Objects;

/** A Content-Disposition (RFC 2183): its type ({@code inline}, {@code attachment}) and parameters. */
public record Disposition(String type, List<Parameter> parameters) {

    public Disposition {
        Objects.requireNonNull(type, "type");
        parameters = List.copyOf(parameters);
    }
}

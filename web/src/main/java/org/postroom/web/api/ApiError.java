package org.postroom.web.api;

import jakarta.json.Json;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The one error shape of the API: {@code {"status": 404, "message": "..."}}. */
final class ApiError {

    private ApiError() {
    }

    static Response response(int status, String message) {
        String body = Json.createObjectBuilder()
                .add("status", status)
                .add("message", message == null ? "" : message)
                .build()
                .toString();
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}

package it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Collectors;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

class HealthAndOpenApiIT {

    @Test
    void readinessReportsDatabaseAndBrokerUp() {
        Postroom.Reply r = Postroom.call("GET", "/health/ready", null, null, null, null);
        assertEquals(200, r.status(), r.body());
        Map<String, String> checks = r.object()
                .getJsonArray("checks")
                .stream()
                .map(v -> v.asJsonObject())
                .collect(Collectors.toMap(o -> o.getString("name"), o -> o.getString("status")));
        assertEquals("UP", checks.get("database"), r.body());
        assertEquals("UP", checks.get("broker"), r.body());
    }

    @Test
    void healthIsUp() {
        Postroom.Reply r = Postroom.call("GET", "/health", null, null, null, null);
        assertEquals(200, r.status(), r.body());
        JsonObject o = r.object();
        assertEquals("UP", o.getString("status"));
    }

    @Test
    void openApiDocumentDescribesTheAdminApi() {
        Postroom.Reply r = Postroom.call("GET", "/openapi", null, null, null, null);
        assertEquals(200, r.status());
        assertTrue(r.body().contains("/api/users/{address}/restrictions"), r.body());
        assertTrue(r.body().contains("/api/aliases/{address}"));
        assertEquals(200, Postroom.call("GET", "/openapi/ui/", null, null, null, null).status());
    }
}

package it;

import static it.Postroom.get;
import static it.Postroom.newDomain;
import static it.Postroom.newUser;
import static it.Postroom.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;

class RestrictionsAndQuotaApiIT {

    @Test
    void newUserHasNoRestrictions() {
        String u = newUser(newDomain(), "ann");
        JsonObject r = get("/api/users/" + u + "/restrictions").expect(200).object();
        assertEquals(JsonValue.NULL, r.get("maxMessageBytes"));
        assertTrue(r.getJsonArray("acceptSenders").isEmpty());
        assertTrue(r.getJsonArray("rejectSenders").isEmpty());
    }

    @Test
    void restrictionsAreStoredNormalised() {
        String u = newUser(newDomain(), "bob");
        JsonObject r = put("/api/users/" + u + "/restrictions", "{\"maxMessageBytes\":1048576,"
                + "\"acceptSenders\":[\"Boss@Corp.Example\",\"@Partner.Example\"],\"rejectSenders\":[\"@spam.example\"]}")
                .expect(200)
                .object();
        assertEquals(1048576, r.getJsonNumber("maxMessageBytes").longValue());
        assertEquals("[\"boss@corp.example\",\"@partner.example\"]", r.getJsonArray("acceptSenders").toString());
        assertEquals(r, get("/api/users/" + u + "/restrictions").expect(200).object());
        JsonObject cleared = put("/api/users/" + u + "/restrictions", "{\"maxMessageBytes\":null}").expect(200)
                .object();
        assertEquals(JsonValue.NULL, cleared.get("maxMessageBytes"));
        assertTrue(cleared.getJsonArray("acceptSenders").isEmpty());
    }

    @Test
    void badRestrictionsAre400() {
        String u = newUser(newDomain(), "cy");
        String path = "/api/users/" + u + "/restrictions";
        put(path, "{\"maxMessageBytes\":0}").expect(400);
        put(path, "{\"maxMessageBytes\":-5}").expect(400);
        put(path, "{\"maxMessageBytes\":1.5}").expect(400);
        put(path, "{\"maxMessageBytes\":\"big\"}").expect(400);
        put(path, "{\"acceptSenders\":[\"not a pattern\"]}").expect(400);
        put(path, "{\"rejectSenders\":\"@x.example\"}").expect(400);
        put(path, "{\"whitelist\":[]}").expect(400);
        get("/api/users/nobody@" + u.substring(u.indexOf('@') + 1) + "/restrictions").expect(404);
    }

    @Test
    void quotaShowsLimitsAndUsage() {
        String u = newUser(newDomain(), "dot");
        JsonObject q = get("/api/users/" + u + "/quota").expect(200).object();
        assertEquals(JsonValue.NULL, q.get("maxBytes"));
        assertEquals(0, q.getJsonNumber("usedBytes").longValue());
        assertEquals(0, q.getJsonNumber("usedMessages").longValue());
        JsonObject set = put("/api/users/" + u + "/quota", "{\"maxBytes\":104857600,\"maxMessages\":5000}")
                .expect(200)
                .object();
        assertEquals(104857600L, set.getJsonNumber("maxBytes").longValue());
        assertEquals(5000, set.getJsonNumber("maxMessages").longValue());
        assertEquals(set, get("/api/users/" + u + "/quota").expect(200).object());
    }

    @Test
    void badQuotaIs400() {
        String u = newUser(newDomain(), "ed");
        String path = "/api/users/" + u + "/quota";
        put(path, "{\"maxBytes\":-1}").expect(400);
        put(path, "{\"maxMessages\":\"many\"}").expect(400);
        put(path, "{\"maxBytes\":99999999999999999999999}").expect(400);
        put(path, "{\"max\":1}").expect(400);
        put("/api/users/nobody@example.org/quota", "{}").expect(404);
    }
}

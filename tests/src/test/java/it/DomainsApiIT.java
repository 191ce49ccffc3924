package it;

import static it.Postroom.delete;
import static it.Postroom.get;
import static it.Postroom.newDomain;
import static it.Postroom.newUser;
import static it.Postroom.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

class DomainsApiIT {

    @Test
    void putHostsADomainWith201AndAgainWith200() {
        String d = Postroom.uniqueDomain();
        JsonObject created = put("/api/domains/" + d, null).expect(201).object();
        assertEquals(d, created.getString("name"));
        assertEquals(0, created.getInt("users"));
        put("/api/domains/" + d, "{}").expect(200);
    }

    @Test
    void domainNamesAreNormalisedToLowerCase() {
        String d = Postroom.uniqueDomain();
        put("/api/domains/" + d.toUpperCase(), null).expect(201);
        assertEquals(d, get("/api/domains/" + d).expect(200).object().getString("name"));
    }

    @Test
    void listShowsHostedDomainsWithCounts() {
        String d = newDomain();
        newUser(d, "alice");
        JsonObject listed = get("/api/domains").expect(200)
                .json()
                .asJsonArray()
                .stream()
                .map(v -> v.asJsonObject())
                .filter(o -> o.getString("name").equals(d))
                .findFirst()
                .orElseThrow();
        assertEquals(1, listed.getInt("users"));
        assertEquals(0, listed.getInt("aliases"));
    }

    @Test
    void unknownDomainIs404() {
        get("/api/domains/" + Postroom.uniqueDomain()).expect(404);
        delete("/api/domains/" + Postroom.uniqueDomain()).expect(404);
    }

    @Test
    void invalidDomainNameIs400() {
        assertTrue(put("/api/domains/not_a..domain", null).expect(400).message().contains("not_a..domain"));
        put("/api/domains/nodots", null).expect(400);
    }

    @Test
    void bodyOnDomainPutMustBeAnObjectWithoutFields() {
        String d = Postroom.uniqueDomain();
        put("/api/domains/" + d, "{\"color\":\"blue\"}").expect(400);
        put("/api/domains/" + d, "{broken").expect(400);
    }

    @Test
    void emptyDomainIsDeleted() {
        String d = newDomain();
        delete("/api/domains/" + d).expect(204);
        get("/api/domains/" + d).expect(404);
    }

    @Test
    void nonEmptyDomainIsKeptWithout_force_andDeletedWithItsUsersWithIt() {
        String d = newDomain();
        String user = newUser(d, "bob");
        put("/api/aliases/team@" + d, "{\"targets\":[\"" + user + "\"]}").expect(201);
        assertTrue(delete("/api/domains/" + d).expect(409).message().contains("force"));
        get("/api/users/" + user).expect(200);
        delete("/api/domains/" + d + "?force=true").expect(204);
        get("/api/domains/" + d).expect(404);
        get("/api/users/" + user).expect(404);
        get("/api/aliases/team@" + d).expect(404);
    }

    @Test
    void unknownApiPathIsJson404() {
        get("/api/nothing-here").expect(404);
    }
}

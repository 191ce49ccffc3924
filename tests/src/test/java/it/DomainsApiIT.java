package it;

import static it.Postroom.call;
import static it.Postroom.delete;
import static it.Postroom.get;
import static it.Postroom.newDomain;
import static it.Postroom.newUser;
import static it.Postroom.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

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

    /** ADR 0081: a local user granted one domain over REST administers it with its own password, and nothing else. */
    @Test
    void aLocalUserMadeAdministratorOfOneDomainManagesThatDomainOnlyUntilTheGrantIsWithdrawn() {
        String home = newDomain();
        String managed = newDomain();
        String other = newDomain();
        String dora = newUser(home, "dora");
        String pw = "correct horse battery";
        String body = "{\"password\":\"" + pw + "\"}";
        assertEquals(401, call("GET", "/api/users?domain=" + managed, null, dora, pw, null).status(),
                "a mail user is no administrator");

        JsonObject granted = put("/api/domains/" + managed + "/admins/" + dora.toUpperCase(), null).expect(201)
                .object();
        assertEquals(dora, granted.getString("login"));
        put("/api/domains/" + managed + "/admins/" + dora, null).expect(200);
        JsonObject listed = get("/api/domains/" + managed + "/admins").expect(200).object();
        assertEquals(List.of(dora), listed.getJsonArray("granted").stream()
                .map(v -> v.asJsonObject().getString("login")).toList());
        assertEquals(JsonValue.NULL, listed.get("directoryGroup"), "no directory");
        assertTrue(put("/api/domains/" + managed + "/admins/nobody@" + home, null).expect(404).message()
                .contains("nobody@" + home));

        call("PUT", "/api/users/made-by-dora@" + managed, body, dora, pw, "application/json").expect(201);
        call("PUT", "/api/users/made-by-dora@" + managed + "/quota", "{\"maxBytes\": 1000000}", dora, pw,
                "application/json").expect(200);
        call("PUT", "/api/aliases/team@" + managed, "{\"targets\":[\"made-by-dora@" + managed + "\"]}", dora, pw,
                "application/json").expect(201);
        call("GET", "/api/domains/" + managed + "/admins", null, dora, pw, null).expect(200);
        assertTrue(call("PUT", "/api/users/x@" + other, body, dora, pw, "application/json").expect(403).message()
                .contains(managed), "the message names the domain dora administers");
        call("GET", "/api/users?domain=" + home, null, dora, pw, null).expect(403);
        call("GET", "/api/domains", null, dora, pw, null).expect(403);
        call("PUT", "/api/domains/" + managed + "/admins/made-by-dora@" + managed, null, dora, pw, null).expect(403);
        assertEquals(401, call("GET", "/api/users?domain=" + managed, null, dora, "a guess", null).status());

        // a user of dora's domain who administers another domain is changed by a global administrator only
        String boss = newUser(managed, "boss");
        put("/api/domains/" + other + "/admins/" + boss, null).expect(201);
        assertTrue(call("PUT", "/api/users/" + boss + "/password", body, dora, pw, "application/json").expect(403)
                .message().contains(other));

        delete("/api/domains/" + managed + "/admins/" + dora).expect(204);
        delete("/api/domains/" + managed + "/admins/" + dora).expect(404);
        assertEquals(401, call("GET", "/api/users?domain=" + managed, null, dora, pw, null).status());
    }
}

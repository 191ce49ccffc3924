package it;

import static it.Postroom.call;
import static it.Postroom.delete;
import static it.Postroom.get;
import static it.Postroom.newDomain;
import static it.Postroom.newUser;
import static it.Postroom.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;

class UsersApiIT {

    private static final String GOOD = "{\"password\":\"correct horse battery\",\"displayName\":\"Ann Example\"}";

    @Test
    void creatingAUserCreatesItsMailboxWithTheStandardFolders() {
        String d = newDomain();
        JsonObject user = put("/api/users/ann@" + d, GOOD).expect(201).object();
        assertEquals("ann@" + d, user.getString("address"));
        assertEquals("Ann Example", user.getString("displayName"));
        assertEquals("local", user.getString("source"), "created over REST: a password of Postroom's own");
        List<String> folders = user.getJsonArray("folders")
                .stream()
                .map(v -> v.asJsonObject().getString("name"))
                .toList();
        assertEquals(List.of("Drafts", "INBOX", "Junk", "Sent", "Trash"), folders.stream().sorted().toList());
        JsonObject sent = user.getJsonArray("folders")
                .stream()
                .map(JsonValue::asJsonObject)
                .filter(f -> f.getString("name").equals("Sent"))
                .findFirst()
                .orElseThrow();
        assertEquals("\\Sent", sent.getString("specialUse"));
        assertFalse(user.toString().contains("password"), "the hash never leaves the server: " + user);
    }

    @Test
    void addressesAreCaseInsensitive() {
        String d = newDomain();
        put("/api/users/Carol@" + d.toUpperCase(), GOOD).expect(201);
        assertEquals("carol@" + d, get("/api/users/CAROL@" + d).expect(200).object().getString("address"));
        put("/api/users/carol@" + d, GOOD).expect(409);
    }

    @Test
    void userInADomainNotHostedIs404() {
        assertTrue(put("/api/users/ann@" + Postroom.uniqueDomain(), GOOD).expect(404).message().contains("hosted"));
    }

    @Test
    void existingUserIs409() {
        String d = newDomain();
        newUser(d, "dan");
        put("/api/users/dan@" + d, GOOD).expect(409);
    }

    @Test
    void aliasAddressCannotBecomeAUser() {
        String d = newDomain();
        String target = newUser(d, "erin");
        put("/api/aliases/info@" + d, "{\"targets\":[\"" + target + "\"]}").expect(201);
        put("/api/users/info@" + d, GOOD).expect(409);
    }

    @Test
    void badAddressesAre400() {
        String d = newDomain();
        put("/api/users/no-at-sign", GOOD).expect(400);
        put("/api/users/two..dots@" + d, GOOD).expect(400);
        put("/api/users/" + "x".repeat(65) + "@" + d, GOOD).expect(400);
    }

    @Test
    void badBodiesAre400WithAMessage() {
        String d = newDomain();
        String path = "/api/users/fay@" + d;
        assertTrue(put(path, "{\"password\":").expect(400).message().toLowerCase().contains("json"));
        assertTrue(put(path, "{\"password\":\"long enough pw\",\"admin\":true}").expect(400)
                .message()
                .contains("admin"));
        assertTrue(put(path, "{\"displayName\":\"Fay\"}").expect(400).message().contains("password"));
        put(path, "{\"password\":\"short\"}").expect(400);
        put(path, "{\"password\":12345678901}").expect(400);
        put(path, "[\"password\"]").expect(400);
        put(path, "").expect(400);
        get(path).expect(404);
    }

    @Test
    void nonJsonContentTypeIs415() {
        String[] admin = Postroom.admin();
        call("PUT", "/api/users/gus@" + newDomain(), "password=x", admin[0], admin[1], "text/plain").expect(415);
    }

    @Test
    void listByDomain() {
        String d = newDomain();
        newUser(d, "hal");
        newUser(d, "ida");
        List<String> addresses = get("/api/users?domain=" + d).expect(200)
                .json()
                .asJsonArray()
                .stream()
                .map(v -> v.asJsonObject().getString("address"))
                .toList();
        assertEquals(List.of("hal@" + d, "ida@" + d), addresses);
        get("/api/users?domain=" + Postroom.uniqueDomain()).expect(404);
        assertTrue(get("/api/users").expect(200).json().asJsonArray().size() >= 2);
    }

    @Test
    void deletedUserIsGone() {
        String d = newDomain();
        String u = newUser(d, "jo");
        delete("/api/users/" + u).expect(204);
        get("/api/users/" + u).expect(404);
        delete("/api/users/" + u).expect(404);
    }

    @Test
    void passwordChange() {
        String d = newDomain();
        String u = newUser(d, "kim");
        put("/api/users/" + u + "/password", "{\"password\":\"a new long password\"}").expect(204);
        put("/api/users/" + u + "/password", "{\"password\":\"short\"}").expect(400);
        put("/api/users/" + u + "/password", "{\"pass\":\"a new long password\"}").expect(400);
        put("/api/users/nobody@" + d + "/password", "{\"password\":\"a new long password\"}").expect(404);
    }
}

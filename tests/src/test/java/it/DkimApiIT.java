package it;

import static it.Postroom.call;
import static it.Postroom.get;
import static it.Postroom.newDomain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

/**
 * DKIM keys and the DNS records of a hosted domain over REST (ADR 0060, 0061): a new domain comes with a key, its
 * record is listed with the others, a rotation makes a new active key and retires the old, bad input is a 400 with a
 * message, an unknown domain a 404, and no private key material ever appears.
 */
class DkimApiIT {

    private static JsonObject record(JsonArray records, String name, String type) {
        return records.stream().map(v -> v.asJsonObject())
                .filter(o -> o.getString("name").equals(name) && o.getString("type").equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " " + type + " not in " + records));
    }

    @Test
    void aNewDomainHasAKeyAndItsDnsRecordsListMxSpfDkimAndDmarc() {
        String d = newDomain();
        JsonArray keys = get("/api/domains/" + d + "/dkim").expect(200).json().asJsonArray();
        assertEquals(1, keys.size(), keys.toString());
        JsonObject key = keys.getJsonObject(0);
        assertTrue(key.getBoolean("active"));
        assertEquals("rsa-sha256", key.getString("algorithm"));
        String selector = key.getString("selector");
        assertTrue(selector.matches("postroom\\d{8}"), selector);

        Postroom.Reply reply = get("/api/domains/" + d + "/dns").expect(200);
        JsonArray records = reply.json().asJsonArray();
        assertTrue(record(records, d, "MX").getString("value").startsWith("10 "));
        JsonObject dkim = record(records, selector + "._domainkey." + d, "TXT");
        assertEquals(key.getString("recordValue"), dkim.getString("value"));
        assertTrue(dkim.getString("value").matches("v=DKIM1; k=rsa; p=[A-Za-z0-9+/]{300,}={0,2}"),
                dkim.getString("value"));
        assertTrue(dkim.getString("zoneLine").contains("\" \""), "split into strings of at most 255 octets");
        assertTrue(record(records, "_dmarc." + d, "TXT").getString("value").startsWith("v=DMARC1; p=none"));
        assertTrue(records.stream().anyMatch(v -> v.asJsonObject().getString("value").startsWith("v=spf1 ")));
        assertFalse(reply.body().contains("PRIVATE") || reply.body().toLowerCase().contains("sealed"),
                reply.body());
    }

    @Test
    void aRotationMakesANewActiveKeyRetiresTheOldAndBothAreListedForPublishing() {
        String d = newDomain();
        String first = get("/api/domains/" + d + "/dkim").expect(200).json().asJsonArray().getJsonObject(0)
                .getString("selector");
        JsonObject rotated = call("POST", "/api/domains/" + d + "/dkim", "{\"selector\":\"s2\"}").expect(201)
                .object();
        assertEquals("s2", rotated.getString("selector"));
        assertTrue(rotated.getBoolean("active"));
        JsonArray keys = get("/api/domains/" + d + "/dkim").expect(200).json().asJsonArray();
        assertEquals(List.of("s2", first), keys.stream().map(v -> v.asJsonObject().getString("selector")).toList());
        assertFalse(keys.getJsonObject(1).getBoolean("active"));
        JsonArray records = get("/api/domains/" + d + "/dns").expect(200).json().asJsonArray();
        record(records, "s2._domainkey." + d, "TXT");
        assertTrue(record(records, first + "._domainkey." + d, "TXT").getString("purpose").contains("retired"));

        JsonObject ed = call("POST", "/api/domains/" + d + "/dkim", "{\"algorithm\":\"ed25519-sha256\"}")
                .expect(201).object();
        assertTrue(ed.getString("recordValue").startsWith("v=DKIM1; k=ed25519; p="), ed.toString());
        // a second default selector on the same day gets a suffix
        call("POST", "/api/domains/" + d + "/dkim", null).expect(201);
    }

    @Test
    void badInputIs400WithAMessageAndAnUnknownDomain404() {
        String d = newDomain();
        String used = get("/api/domains/" + d + "/dkim").expect(200).json().asJsonArray().getJsonObject(0)
                .getString("selector");
        assertTrue(call("POST", "/api/domains/" + d + "/dkim", "{\"selector\":\"" + used + "\"}").expect(400)
                .message().contains("used"));
        assertTrue(call("POST", "/api/domains/" + d + "/dkim", "{\"selector\":\"bad selector;\"}").expect(400)
                .message().contains("selector"));
        assertTrue(call("POST", "/api/domains/" + d + "/dkim", "{\"algorithm\":\"rsa-sha1\"}").expect(400)
                .message().contains("rsa-sha1"));
        call("POST", "/api/domains/" + d + "/dkim", "{\"color\":\"blue\"}").expect(400);
        call("POST", "/api/domains/" + d + "/dkim", "{broken").expect(400);
        String unknown = Postroom.uniqueDomain();
        get("/api/domains/" + unknown + "/dns").expect(404);
        get("/api/domains/" + unknown + "/dkim").expect(404);
        call("POST", "/api/domains/" + unknown + "/dkim", null).expect(404);
        get("/api/domains/not_a..domain/dns").expect(400);
    }

    @Test
    void theMasterKeyFileInTheDataDirectoryIsReadableByTheServersUserOnly() throws Exception {
        newDomain();
        var file = Postroom.DATA.resolve("dkim-master.key");
        assertTrue(Files.isRegularFile(file), file + " missing");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aDomainWithKeysIsDeleted() {
        String d = newDomain();
        call("POST", "/api/domains/" + d + "/dkim", null).expect(201);
        Postroom.delete("/api/domains/" + d).expect(204);
        get("/api/domains/" + d + "/dkim").expect(404);
    }
}

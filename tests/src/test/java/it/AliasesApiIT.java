package it;

import static it.Postroom.delete;
import static it.Postroom.get;
import static it.Postroom.newDomain;
import static it.Postroom.newUser;
import static it.Postroom.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.json.JsonString;

import org.junit.jupiter.api.Test;

class AliasesApiIT {

    private static String targets(String... addresses) {
        return "{\"targets\":[" + String.join(",", List.of(addresses).stream().map(a -> "\"" + a + "\"").toList())
                + "]}";
    }

    private static List<String> targetsOf(String alias) {
        return get("/api/aliases/" + alias).expect(200)
                .object()
                .getJsonArray("targets")
                .getValuesAs(JsonString.class)
                .stream()
                .map(JsonString::getString)
                .toList();
    }

    @Test
    void aliasIsCreatedThenReplaced() {
        String d = newDomain();
        String a = newUser(d, "ann");
        String b = newUser(d, "ben");
        put("/api/aliases/sales@" + d, targets(a)).expect(201);
        assertEquals(List.of(a), targetsOf("sales@" + d));
        put("/api/aliases/sales@" + d, targets(a, b, "partner@elsewhere.example")).expect(200);
        assertEquals(List.of(a, b, "partner@elsewhere.example"), targetsOf("sales@" + d));
    }

    @Test
    void groupsOfGroupsAreAllowed() {
        String d = newDomain();
        String a = newUser(d, "cat");
        put("/api/aliases/team@" + d, targets(a)).expect(201);
        put("/api/aliases/all@" + d, targets("team@" + d, "boss@remote.example")).expect(201);
        List<String> listed = get("/api/aliases?domain=" + d).expect(200)
                .json()
                .asJsonArray()
                .stream()
                .map(v -> v.asJsonObject().getString("address"))
                .toList();
        assertEquals(List.of("all@" + d, "team@" + d), listed);
    }

    @Test
    void aliasLoopIsRefusedWith400() {
        String d = newDomain();
        String u = newUser(d, "dee");
        put("/api/aliases/a@" + d, targets(u)).expect(201);
        put("/api/aliases/b@" + d, targets("a@" + d)).expect(201);
        String message = put("/api/aliases/a@" + d, targets("b@" + d)).expect(400).message();
        assertTrue(message.contains("loop") && message.contains("b@" + d), message);
        assertEquals(List.of(u), targetsOf("a@" + d));
    }

    @Test
    void aliasPointingAtItselfIsALoop() {
        String d = newDomain();
        put("/api/aliases/me@" + d, targets("me@" + d)).expect(400);
        get("/api/aliases/me@" + d).expect(404);
    }

    @Test
    void aliasCannotTakeAUsersAddress() {
        String d = newDomain();
        String u = newUser(d, "eve");
        put("/api/aliases/" + u, targets("x@remote.example")).expect(409);
    }

    @Test
    void aliasInADomainNotHostedIs404() {
        put("/api/aliases/x@" + Postroom.uniqueDomain(), targets("y@remote.example")).expect(404);
    }

    @Test
    void unknownLocalTargetIs400() {
        String d = newDomain();
        assertTrue(put("/api/aliases/z@" + d, targets("ghost@" + d)).expect(400).message().contains("ghost@" + d));
    }

    @Test
    void targetsAreRequiredAndValid() {
        String d = newDomain();
        put("/api/aliases/q@" + d, "{\"targets\":[]}").expect(400);
        put("/api/aliases/q@" + d, "{}").expect(400);
        put("/api/aliases/q@" + d, "{\"targets\":\"a@b.example\"}").expect(400);
        put("/api/aliases/q@" + d, "{\"targets\":[42]}").expect(400);
        put("/api/aliases/q@" + d, targets("not an address")).expect(400);
        put("/api/aliases/q@" + d, "{\"targets\":[\"a@b.example\"],\"x\":1}").expect(400);
    }

    @Test
    void deletedAliasIsGone() {
        String d = newDomain();
        put("/api/aliases/gone@" + d, targets("r@remote.example")).expect(201);
        delete("/api/aliases/gone@" + d).expect(204);
        get("/api/aliases/gone@" + d).expect(404);
        delete("/api/aliases/gone@" + d).expect(404);
    }
}

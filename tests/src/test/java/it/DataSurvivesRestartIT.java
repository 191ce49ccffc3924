package it;

import static it.Postroom.get;
import static it.Postroom.newDomain;
import static it.Postroom.newUser;
import static it.Postroom.put;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DataSurvivesRestartIT {

    @Test
    void domainsUsersAliasesAndSettingsSurviveARestart() throws Exception {
        String d = newDomain();
        String u = newUser(d, "persistent");
        put("/api/aliases/keep@" + d, "{\"targets\":[\"" + u + "\"]}").expect(201);
        put("/api/users/" + u + "/quota", "{\"maxBytes\":123456,\"maxMessages\":7}").expect(200);
        String[] adminBefore = Postroom.admin();

        Postroom.restart();

        get("/api/domains/" + d).expect(200);
        assertEquals(u, get("/api/users/" + u).expect(200).object().getString("address"));
        assertEquals(u, get("/api/aliases/keep@" + d).expect(200).object().getJsonArray("targets").getString(0));
        assertEquals(123456, get("/api/users/" + u + "/quota").expect(200).object().getInt("maxBytes"));
        assertEquals(1, Postroom.generatedPasswordLines().size(), "no new password at a later start");
        assertEquals(200, Postroom.call("GET", "/api/domains", null, adminBefore[0], adminBefore[1], null).status());
    }
}

package it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AdminSecurityIT {

    @Test
    void apiWithoutCredentialsIs401() {
        assertEquals(401, Postroom.call("GET", "/api/domains", null, null, null, null).status());
    }

    @Test
    void apiWithWrongPasswordIs401() {
        String user = Postroom.admin()[0];
        assertEquals(401, Postroom.call("GET", "/api/domains", null, user, "wrong-password", null).status());
        assertEquals(401, Postroom.call("GET", "/api/domains", null, "root", Postroom.admin()[1], null).status());
    }

    @Test
    void generatedAdminPasswordWorksAndIsLoggedOnlyOnce() {
        assertEquals(200, Postroom.get("/api/domains").status());
        assertEquals(1, Postroom.generatedPasswordLines().size());
        assertTrue(Postroom.admin()[1].length() >= 16);
    }
}

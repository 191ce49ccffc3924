package it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
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
    void generatedAdminPasswordWorksAndIsAnnouncedOnlyOnce() {
        assertEquals(200, Postroom.get("/api/domains").status());
        assertEquals(1, Postroom.generatedPasswordLines().size());
        assertTrue(Postroom.admin()[1].length() >= 16);
    }

    @Test
    void generatedAdminPasswordIsInAFileOnlyTheServerUserReadsAndNeverInTheLog() throws Exception {
        String password = Postroom.admin()[1];
        Path file = Postroom.DATA.resolve("admin-password");
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
        Path logs = Postroom.WLP.resolve("usr/servers/" + Postroom.SERVER + "/logs");
        try (Stream<Path> files = Files.walk(logs)) {
            for (Path log : files.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(log, StandardCharsets.ISO_8859_1).contains(password),
                        "the generated password is in " + log.getFileName());
            }
        }
    }
}

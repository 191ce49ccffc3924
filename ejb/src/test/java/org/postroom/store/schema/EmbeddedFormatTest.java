package org.postroom.store.schema;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Optional;

import org.h2.engine.Constants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedFormatTest {

    @Test
    void theRecordedFormatIsTheDriversLine() {
        assertEquals("h2 " + Constants.VERSION_MAJOR + "." + Constants.VERSION_MINOR, EmbeddedFormat.CURRENT,
                "EmbeddedFormat.CURRENT names the H2 line the build runs: a new line needs its export/import note");
    }

    @Test
    void aNewDatabaseIsRecordedAndStartsAgainAndAgain(@TempDir Path data) throws Exception {
        String url = "jdbc:h2:" + data + "/h2/postroom;WRITE_DELAY=0;LOCK_TIMEOUT=5000";
        EmbeddedFormat.check(url);
        assertEquals(EmbeddedFormat.CURRENT, Files.readString(data.resolve("h2/postroom.format")).strip());
        try (Connection c = DriverManager.getConnection(url, "postroom", "")) {
            c.createStatement().execute("CREATE TABLE T(ID INT)");
        }
        assertDoesNotThrow(() -> EmbeddedFormat.check(url));
        assertDoesNotThrow(() -> EmbeddedFormat.check(url));
    }

    @Test
    void aDatabaseWithoutTheRecordWasWrittenByAnH25BuildAndIsRefusedWithWhatToDo(@TempDir Path data) throws Exception {
        Files.createDirectories(data.resolve("h2"));
        Files.write(data.resolve("h2/postroom.mv.db"), new byte[8192]);
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> EmbeddedFormat.check("jdbc:h2:" + data + "/h2/postroom;WRITE_DELAY=0"));
        assertTrue(refused.getMessage().contains("H2 2.5"), refused.getMessage());
        assertTrue(refused.getMessage().contains("admin guide"), refused.getMessage());
        assertTrue(refused.getMessage().contains("move " + data.resolve("h2")), refused.getMessage());
        assertTrue(Files.exists(data.resolve("h2/postroom.mv.db")), "nothing is touched");
        assertTrue(Files.notExists(data.resolve("h2/postroom.format")), "nothing is recorded");

        Files.writeString(data.resolve("h2/postroom.format"), "h2 2.9\n");
        assertTrue(assertThrows(IllegalStateException.class,
                () -> EmbeddedFormat.check("jdbc:h2:" + data + "/h2/postroom"))
                .getMessage().contains("written by H2 2.9"));
    }

    @Test
    void onlyFilesOfAnEmbeddedUrlAreChecked() {
        assertEquals(Optional.of(Path.of("/d/h2/postroom.mv.db")),
                EmbeddedFormat.databaseFile("jdbc:h2:/d/h2/postroom;X=1"));
        assertEquals(Optional.of(Path.of("/d/db.mv.db")), EmbeddedFormat.databaseFile("jdbc:h2:file:/d/db"));
        assertEquals(Optional.empty(), EmbeddedFormat.databaseFile("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1"));
        assertEquals(Optional.empty(), EmbeddedFormat.databaseFile("jdbc:h2:tcp://db/x"));
        assertEquals(Optional.empty(), EmbeddedFormat.databaseFile("jdbc:postgresql://db/postroom"));
        assertEquals(Optional.empty(), EmbeddedFormat.databaseFile(""));
    }
}

package org.postroom.store.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The on-disk format of the embedded H2 database, recorded in a file beside it ({@code postroom.format} next to
 * {@code postroom.mv.db}) when the database is created. H2 reads no file of a later minor version (2.5's files are
 * unreadable to 2.4), and Postroom runs H2 2.4 because 2.5.250-2.5.252 lose acknowledged commits to a crash (ADR 0058):
 * a database file without the record was written by an H2 2.5 build, and is refused with what to do instead of failing
 * deep in the driver.
 */
final class EmbeddedFormat {

    /** The H2 line this build runs; {@code EmbeddedFormatTest} checks it against the driver. */
    static final String CURRENT = "h2 2.4";

    private EmbeddedFormat() {
    }

    /**
     * Checks the embedded database of {@code url} before anything opens it: a new one gets the record of the current
     * format, an existing one must carry it. Nothing happens for other databases (PostgreSQL, in-memory, H2 over TCP).
     *
     * @throws IllegalStateException when the file was written in another format, saying what to do
     */
    static void check(String url) {
        Optional<Path> file = databaseFile(url);
        if (file.isEmpty()) {
            return;
        }
        Path db = file.get();
        Path record = recordOf(db);
        try {
            if (!Files.exists(db)) {
                Files.createDirectories(record.getParent());
                Files.writeString(record, CURRENT + "\n", StandardCharsets.UTF_8);
                return;
            }
            String found = Files.exists(record) ? Files.readString(record, StandardCharsets.UTF_8).strip() : "h2 2.5";
            if (!CURRENT.equals(found)) {
                throw new IllegalStateException("The embedded database " + db + " was written by "
                        + found.replace("h2 ", "H2 ")
                        + (Files.exists(record) ? "" : " (an earlier Postroom build: it has no " + record + ")")
                        + ", and this build runs " + CURRENT.replace("h2 ", "H2 ")
                        + ", which cannot read it (H2 2.5.250-2.5.252 lose acknowledged commits to a crash, ADR"
                        + " 0058). To keep that mail, export the database with the earlier H2 and import it with this"
                        + " one (admin guide, 'An embedded database from an earlier build'); to start afresh, move "
                        + db.getParent() + " out of the data directory. Then start again.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + record + ": " + e.getMessage(), e);
        }
    }

    /** The {@code .mv.db} file of an embedded H2 URL ({@code jdbc:h2:[file:]PATH[;settings]}), if it is one. */
    static Optional<Path> databaseFile(String url) {
        if (url == null || !url.startsWith("jdbc:h2:")) {
            return Optional.empty();
        }
        String rest = url.substring("jdbc:h2:".length());
        int settings = rest.indexOf(';');
        String path = settings < 0 ? rest : rest.substring(0, settings);
        if (path.startsWith("file:")) {
            path = path.substring("file:".length());
        } else if (path.matches("^[a-z]{2,}:.*")) {
            return Optional.empty(); // mem:, tcp:, ssl:, zip:, nio...: not a file of this server's
        }
        return Optional.of(Path.of(path + ".mv.db"));
    }

    static Path recordOf(Path db) {
        String name = db.getFileName().toString();
        return db.resolveSibling(name.substring(0, name.length() - ".mv.db".length()) + ".format");
    }
}

package org.postroom.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;

import org.postroom.config.PostroomConfig;

/**
 * At start, makes sure the administrator can log in. A generated password is written once to a file in the data
 * directory that only the server's user can read ({@value #PASSWORD_FILE}), never to the log: the log line says
 * where it is. Only the password's hash is kept in the database.
 */
@Startup
@Singleton
@DependsOn("SchemaBootstrap")
public class AdminBootstrap {

    /** bin/postroom looks for this marker in the log to know that this start generated a password. */
    public static final String GENERATED_MARKER = "POSTROOM-ADMIN-PASSWORD";
    /** The file, in the data directory, that holds a generated password until the administrator deletes it. */
    public static final String PASSWORD_FILE = "admin-password";
    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class.getName());

    @EJB
    AdminCredentialService credentials;
    @Inject
    PostroomConfig config;

    @PostConstruct
    void start() {
        credentials.ensureCredential().ifPresent(password -> {
            Path file = config.dataDir().resolve(PASSWORD_FILE);
            try {
                write(file, "user=" + credentials.adminUser() + " password=" + password + "\n");
            } catch (IOException e) {
                throw new IllegalStateException("cannot write the generated administrator password to " + file
                        + ": " + e.getMessage() + " (set POSTROOM_ADMIN_PASSWORD instead)", e);
            }
            LOG.warning(GENERATED_MARKER + " Generated the administrator password for user=" + credentials.adminUser()
                    + "; it is in " + file + " (readable only by this user; only its hash is stored). Keep it"
                    + " elsewhere, then delete the file.");
        });
    }

    private static void write(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        Files.createDirectories(file.getParent());
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }
}

package org.postroom.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The architecture rule of the engines (ADR 0037, STYLE.md convention 1): the SMTP, POP3 and IMAP engines are plain
 * Java that reach the business side only through the listener API. Their sources name no {@code jakarta.*} type and
 * no Postroom package but their own ({@code org.postroom.protocol}) and the API's ({@code org.postroom.connector.api}):
 * not the store, the services or the mail model, whether imported or written out in full.
 */
class EngineDependenciesTest {

    private static final Path ENGINE_SOURCES = Path.of("src/main/java/org/postroom/protocol");
    private static final Pattern JAKARTA = Pattern.compile("\\bjakarta\\.[a-z]");
    private static final Pattern POSTROOM = Pattern.compile("\\borg\\.postroom\\.([a-z.]+)");

    @Test
    void enginesNameNoJakartaTypeAndNoPostroomPackageButTheirOwnAndTheListenerApi() {
        List<String> violations = violations(ENGINE_SOURCES);
        assertEquals(List.of(), violations);
    }

    @Test
    void theRuleSeesAJakartaImportAndAStoreImport() {
        assertEquals(List.of("X.java:3: jakarta.ejb.Stateless", "X.java:4: org.postroom.store.Folder",
                "X.java:6: org.postroom.mailbox.ImapMailStore"),
                violations("X.java", """
                        package org.postroom.protocol.imap;

                        import jakarta.ejb.Stateless;
                        import org.postroom.store.Folder;
                        import org.postroom.connector.api.imap.UidSet;
                        class X { Object o = new org.postroom.mailbox.ImapMailStore(); }
                        """));
    }

    static List<String> violations(Path root) {
        assertTrue(Files.isDirectory(root), "engine sources not found at " + root.toAbsolutePath());
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                out.addAll(violations(root.relativize(f).toString(), Files.readString(f)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static List<String> violations(String file, String source) {
        List<String> out = new ArrayList<>();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.strip().startsWith("*") || line.strip().startsWith("//")) {
                continue; // comments and Javadoc may mention what the engines do not use
            }
            Matcher j = JAKARTA.matcher(line);
            while (j.find()) {
                out.add(file + ":" + (i + 1) + ": " + qualifiedName(line, j.start()));
            }
            Matcher p = POSTROOM.matcher(line);
            while (p.find()) {
                String name = p.group(1);
                if (!name.startsWith("protocol.") && !name.equals("protocol")
                        && !name.startsWith("connector.api.") && !name.equals("connector.api")) {
                    out.add(file + ":" + (i + 1) + ": " + qualifiedName(line, p.start()));
                }
            }
        }
        return out;
    }

    private static String qualifiedName(String line, int start) {
        int end = start;
        while (end < line.length() && (Character.isJavaIdentifierPart(line.charAt(end)) || line.charAt(end) == '.')) {
            end++;
        }
        return line.substring(start, end);
    }
}

package org.postroom.architecture;

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
 * The {@code mail} package (SMTP acceptance and delivery) and the {@code mailbox} package (IMAP and POP3 over the
 * store) do not know each other: what both need (envelope and structure analysis, change notification) lives in
 * {@code mime}, {@code messaging} or {@code store}. Read from the sources, so an import, a static import and a fully
 * qualified name all count.
 */
class PackageDependencyTest {

    private static final Path SOURCES = Path.of("src", "main", "java", "org", "postroom");

    /** A reference to {@code org.postroom.<name>} itself, not to a package whose name merely starts with it. */
    private static Pattern reference(String name) {
        return Pattern.compile("\\borg\\.postroom\\." + name + "\\.[A-Za-z*]");
    }

    static List<String> references(Path packageDirectory, Pattern forbidden) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(packageDirectory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = forbidden.matcher(lines.get(i));
                    if (m.find()) {
                        found.add(file.getFileName() + ":" + (i + 1) + ": " + lines.get(i).trim());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    @Test
    void mailDoesNotReferToMailbox() {
        assertTrue(Files.isDirectory(SOURCES.resolve("mail")), "run from the ejb module");
        assertEquals(List.of(), references(SOURCES.resolve("mail"), reference("mailbox")));
    }

    @Test
    void mailboxDoesNotReferToMail() {
        assertTrue(Files.isDirectory(SOURCES.resolve("mailbox")), "run from the ejb module");
        assertEquals(List.of(), references(SOURCES.resolve("mailbox"), reference("mail")));
    }

    @Test
    void aReferenceIsFoundWhetherImportedOrQualifiedButNotAPackageThatOnlySharesThePrefix(
            @org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("A.java"), "import org.postroom.mail.DeliveryService;\n");
        Files.writeString(dir.resolve("B.java"), "class B { org.postroom.mail.Outbox o; }\n");
        Files.writeString(dir.resolve("C.java"),
                "import org.postroom.mailbox.FolderViews;\nimport org.postroom.mail.*;\n");
        assertEquals(List.of("A.java:1: import org.postroom.mail.DeliveryService;",
                "B.java:1: class B { org.postroom.mail.Outbox o; }", "C.java:2: import org.postroom.mail.*;"),
                references(dir, reference("mail")));
    }
}

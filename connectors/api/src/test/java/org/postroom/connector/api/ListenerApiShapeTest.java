package org.postroom.connector.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The architecture rule of the listener API (ADR 0036, 0037): the module holds the seam's interfaces and the values
 * that cross it, no logic. Every type declared in its sources is an interface, a record, an enum or an exception;
 * the few plain classes it keeps are named here, each with the reason it may stay. A new class that is none of these
 * fails this test: put the logic where it is used, or in the mail model module ({@code connectors/model}).
 */
class ListenerApiShapeTest {

    private static final Path API_SOURCES = Path.of("src/main/java/org/postroom/connector/api");

    /** The plain classes the API may hold, and why. */
    private static final Set<String> ALLOWED_CLASSES = Set.of(
            // a value: an immutable IMAP sequence set of UIDs, with its set operations
            "imap/UidSet.java",
            // constants: the system flag names
            "imap/ImapFlags.java",
            // constants and the syntax check of queue ids, which SMTP replies and the queue share
            "QueueIds.java",
            // the per-server "mailbox changed" hub: the adapter and the business side must load it from the same
            // archive to share one instance (ADR 16)
            "imap/MailboxEvents.java");

    private static final Pattern TOP_LEVEL_TYPE = Pattern.compile(
            "^public\\s+(?:(?:final|abstract|sealed|non-sealed|static)\\s+)*(class|interface|record|enum|@interface)"
                    + "\\s+(\\w+)(?:<[^>{]*>)?(?:\\s+extends\\s+(\\w+))?",
            Pattern.MULTILINE);

    @Test
    void theApiHoldsInterfacesRecordsEnumsExceptionsAndTheNamedSmallValueClassesOnly() {
        assertEquals(List.of(), violations(API_SOURCES));
    }

    @Test
    void theRuleRejectsAClassWithLogicAndAcceptsTheAllowedKinds() {
        assertEquals(List.of("imap/Evaluator.java: class Evaluator"),
                violations("imap/Evaluator.java", "package x;\n\npublic final class Evaluator {\n}\n"));
        assertEquals(List.of(), violations("A.java", "public record A(int a) {\n}\n"));
        assertEquals(List.of(), violations("B.java", "public sealed interface B permits C {\n}\n"));
        assertEquals(List.of(), violations("C.java", "public enum C {\n}\n"));
        assertEquals(List.of(), violations("D.java", "public final class DException extends Exception {\n}\n"));
        assertEquals(List.of("E.java: class E"),
                violations("E.java", "public class E extends Object {\n}\n"));
    }

    static List<String> violations(Path root) {
        assertTrue(Files.isDirectory(root), "API sources not found at " + root.toAbsolutePath());
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String name = root.relativize(f).toString().replace('\\', '/');
                if (!name.endsWith("package-info.java")) {
                    out.addAll(violations(name, Files.readString(f)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static List<String> violations(String file, String source) {
        List<String> out = new ArrayList<>();
        Matcher m = TOP_LEVEL_TYPE.matcher(source);
        if (!m.find()) {
            return List.of(file + ": no public top-level type");
        }
        do {
            boolean ok = switch (m.group(1)) {
                case "interface", "record", "enum", "@interface" -> true;
                default -> m.group(3) != null && m.group(3).endsWith("Exception")
                        || ALLOWED_CLASSES.contains(file);
            };
            if (!ok) {
                out.add(file + ": " + m.group(1) + " " + m.group(2));
            }
        } while (m.find());
        return out;
    }
}

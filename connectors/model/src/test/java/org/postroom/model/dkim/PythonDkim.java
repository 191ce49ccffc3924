package org.postroom.model.dkim;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * An independent DKIM verifier: Debian's {@code python3-dkim} (dkimpy), run as a process. The TXT record comes from a
 * lookup function the script defines, so no DNS is needed. Skipped with a message where python3-dkim is missing,
 * except under CI, where that fails.
 */
public final class PythonDkim {

    /** Reads the message file, answers the one TXT name given, verifies every signature, prints ok or fail. */
    private static final String SCRIPT = """
            import sys, logging, dkim
            logging.basicConfig(stream=sys.stderr, level=logging.DEBUG)
            message = open(sys.argv[1], 'rb').read()
            name = sys.argv[2].encode().rstrip(b'.').lower()
            txt = sys.argv[3].encode()
            def dns(n, timeout=5):
                return txt if n.rstrip(b'.').lower() == name else None
            d = dkim.DKIM(message, logger=logging.getLogger('dkim'))
            ok = d.verify(dnsfunc=dns)
            print('domain=%s selector=%s' % (d.domain.decode() if d.domain else '', \
                    d.selector.decode() if d.selector else ''))
            print('ok' if ok else 'fail')
            sys.exit(0 if ok else 1)
            """;

    /**
     * The verifier's verdict.
     *
     * @param ok the first signature verified
     * @param output what the script and dkimpy printed (its debug log included), for assertion messages
     */
    public record Verdict(boolean ok, String output) {
    }

    private PythonDkim() {
    }

    /** The Debian python3 with dkimpy; skips (or fails under CI) when there is none. */
    public static Path python() {
        Optional<Path> python = available();
        if (python.isPresent()) {
            return python.get();
        }
        if ("true".equals(System.getenv("CI"))) {
            fail("python3-dkim (Debian package) is required under CI");
        }
        Assumptions.assumeTrue(false, "python3-dkim not installed (Debian package python3-dkim): skipped");
        throw new IllegalStateException("unreachable");
    }

    private static boolean imports(Path python) {
        try {
            Process p = new ProcessBuilder(python.toString(), "-c", "import dkim").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Verifies {@code message}, the TXT record {@code txt} published at {@code name} (and nothing else). */
    public static Verdict verify(byte[] message, String name, String txt) throws IOException, InterruptedException {
        Path python = python();
        Path dir = Files.createTempDirectory("postroom-dkim");
        try {
            Path file = dir.resolve("message.eml");
            Path script = dir.resolve("verify.py");
            Files.write(file, message);
            Files.writeString(script, SCRIPT);
            Process p = new ProcessBuilder(python.toString(), script.toString(), file.toString(), name, txt)
                    .redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("dkimpy did not finish");
            }
            String output = new String(out, StandardCharsets.UTF_8);
            return new Verdict(p.exitValue() == 0 && output.contains("\nok\n"), output);
        } finally {
            for (String f : List.of("message.eml", "verify.py")) {
                Files.deleteIfExists(dir.resolve(f));
            }
            Files.deleteIfExists(dir);
        }
    }

    /** {@link #verify} with the record name {@code <selector>._domainkey.<domain>}. */
    public static Verdict verify(byte[] message, String selector, String domain, String txt)
            throws IOException, InterruptedException {
        return verify(message, selector + "._domainkey." + domain, txt);
    }

    /** Whether python3 with dkimpy is here (without skipping). */
    public static Optional<Path> available() {
        for (String candidate : List.of("/usr/bin/python3", "/bin/python3")) {
            Path p = Path.of(candidate);
            if (Files.isExecutable(p) && imports(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}

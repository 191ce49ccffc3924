package org.postroom.model.world;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * A private Postfix receiving mail for the tests: its own configuration, queue and data directories in a temporary
 * directory, {@code smtpd} on a free port of a chosen loopback address, started with {@code postfix start-fg} and its
 * log kept in a file. Mail for the relay domains is accepted and then handled as {@code mainCf} says (the defaults
 * discard it; {@code header_checks} with HOLD keeps it for {@link #postcat}). Postfix's master runs as root: skipped
 * (an assumption) when not root or without Postfix, except under CI (root, Debian package postfix), where that fails.
 */
public final class PostfixInstance implements AutoCloseable {

    private final Path dir;
    private final InetAddress address;
    private final int port;
    private final Process master;

    /**
     * Starts Postfix.
     *
     * @param address the address smtpd listens on: Postfix insists that it is an interface's address, so 127.0.0.1
     *            unless another loopback address was added to {@code lo}
     * @param hostname its {@code myhostname}
     * @param relayDomains the domains it accepts mail for (others: 554 5.7.1 relay access denied)
     * @param tlsChain a PEM file with key, certificate and chain for STARTTLS ({@code smtpd_tls_chain_files}), or
     *            null for no TLS
     * @param mainCf further {@code main.cf} lines, after the defaults (later lines win)
     */
    public static PostfixInstance start(InetAddress address, String hostname, List<String> relayDomains, Path tlsChain,
            List<String> mainCf) throws Exception {
        boolean available = Files.isExecutable(Path.of("/usr/sbin/postfix"))
                && "root".equals(System.getProperty("user.name"));
        if (!available) {
            if ("true".equals(System.getenv("CI"))) {
                fail("Postfix (Debian package postfix) and root are required under CI");
            }
            Assumptions.assumeTrue(false, "Postfix not installed or not root: skipped");
        }
        return new PostfixInstance(address, hostname, relayDomains, tlsChain, mainCf);
    }

    /** A directory for files the caller makes for this instance (certificates); removed with it. */
    public static Path newDirectory() throws IOException {
        Path dir = Files.createTempDirectory("postroom-postfix");
        // the Postfix daemons run as user postfix and must reach the queue under this directory
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    private PostfixInstance(InetAddress address, String hostname, List<String> relayDomains, Path tlsChain,
            List<String> mainCf) throws Exception {
        this.address = address;
        dir = tlsChain != null ? tlsChain.getParent() : newDirectory();
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.createDirectories(dir.resolve("queue"));
        Files.createDirectories(dir.resolve("data"));
        try (ServerSocket s = new ServerSocket(0, 1, address)) {
            port = s.getLocalPort();
        }
        List<String> main = new ArrayList<>(List.of(
                "compatibility_level = 3.6",
                "queue_directory = " + dir.resolve("queue"),
                "data_directory = " + dir.resolve("data"),
                "inet_interfaces = " + address.getHostAddress(),
                "inet_protocols = ipv4",
                "myhostname = " + hostname,
                "mydestination =",
                "relay_domains = " + String.join(", ", relayDomains),
                "relay_transport = discard:",
                "default_transport = discard:",
                "local_transport = discard:",
                "alias_maps =",
                "alias_database =",
                "smtpd_relay_restrictions = permit_auth_destination, reject",
                // logs go to the output of "postfix start-fg", which is kept in a file
                "maillog_file = /dev/stdout"));
        if (tlsChain != null) {
            main.addAll(List.of(
                    "smtpd_tls_security_level = may",
                    "smtpd_tls_chain_files = " + tlsChain,
                    "smtpd_tls_loglevel = 1",
                    "smtpd_tls_received_header = yes"));
        }
        main.addAll(mainCf);
        main.add("");
        Files.writeString(conf.resolve("main.cf"), String.join("\n", main), StandardCharsets.US_ASCII);
        Files.writeString(conf.resolve("master.cf"), String.join("\n",
                address.getHostAddress() + ":" + port + " inet n - n - - smtpd",
                "pickup unix n - n 60 1 pickup",
                "cleanup unix n - n - 0 cleanup",
                "qmgr unix n - n 300 1 qmgr",
                "tlsmgr unix - - n 1000? 1 tlsmgr",
                "rewrite unix - - n - - trivial-rewrite",
                "bounce unix - - n - 0 bounce",
                "defer unix - - n - 0 bounce",
                "trace unix - - n - 0 bounce",
                "verify unix - - n - 1 verify",
                "flush unix n - n 1000? 0 flush",
                "proxymap unix - - n - - proxymap",
                "showq unix n - n - - showq",
                "error unix - - n - - error",
                "retry unix - - n - - error",
                "discard unix - - n - - discard",
                "anvil unix - - n - 1 anvil",
                "scache unix - - n - 1 scache",
                "postlog unix-dgram n - n - 1 postlogd",
                ""), StandardCharsets.US_ASCII);
        try {
            command("/usr/sbin/postfix", "set-permissions");
        } catch (IllegalStateException e) {
            removeDirectory();
            throw e;
        }
        master = new ProcessBuilder("/usr/sbin/postfix", "-c", conf.toString(), "start-fg").redirectErrorStream(true)
                .redirectOutput(dir.resolve("maillog").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), 500);
                break;
            } catch (IOException e) {
                if (!master.isAlive() || System.nanoTime() > deadline) {
                    String log = maillog();
                    close();
                    throw new IllegalStateException("Postfix did not start; log: " + log, e);
                }
                Thread.sleep(100);
            }
        }
    }

    public InetAddress address() {
        return address;
    }

    public int port() {
        return port;
    }

    /** Postfix's log so far (the TLS lines among it). */
    public String maillog() {
        try {
            return Files.readString(dir.resolve("maillog"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no maillog: " + e.getMessage() + ")";
        }
    }

    /** The header and body of a message in this instance's queue (e.g. held), by Postfix's queue id. */
    public byte[] postcat(String queueId) throws Exception {
        return command("/usr/sbin/postcat", "-h", "-b", "-q", queueId);
    }

    /**
     * The recipients of every message in this instance's queues (hold included), one entry per message and recipient,
     * from {@code postqueue -j}: a recipient listed twice received two copies.
     */
    public List<String> queuedRecipients() throws Exception {
        String json = new String(command("/usr/sbin/postqueue", "-j"), StandardCharsets.UTF_8);
        List<String> recipients = new ArrayList<>();
        Matcher m = RECIPIENT.matcher(json);
        while (m.find()) {
            recipients.add(m.group(1));
        }
        return recipients;
    }

    private static final Pattern RECIPIENT = Pattern.compile("\"address\": *\"([^\"]*)\"");

    private byte[] command(String program, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(program, "-c", dir.resolve("conf").toString()));
        argv.addAll(List.of(args));
        Path errors = Files.createTempFile("postroom-postfix-command", ".err");
        try {
            Process p = new ProcessBuilder(argv).redirectError(errors.toFile()).start();
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(argv + " failed: " + new String(output, StandardCharsets.UTF_8)
                        + Files.readString(errors, StandardCharsets.UTF_8) + "\nlog: " + maillog());
            }
            return output;
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (master != null && master.isAlive()) {
                command("/usr/sbin/postfix", "stop");
                if (!master.waitFor(30, TimeUnit.SECONDS)) {
                    master.destroyForcibly();
                }
            }
        } finally {
            removeDirectory();
        }
    }

    private void removeDirectory() {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // a daemon's socket may vanish meanwhile; the temporary directory is left for the system
        }
    }
}

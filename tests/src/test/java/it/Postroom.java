package it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/** The server under test, as the integration tests reach it: over HTTP, and through its launcher script. */
final class Postroom {

    static final int HTTP_PORT = Integer.getInteger("postroom.it.http.port", 9080);
    static final Path WLP = Path.of(System.getProperty("postroom.it.wlp.dir", "target/liberty/wlp"));
    static final String SERVER = System.getProperty("postroom.it.server", "postroom-it");
    static final String MARKER = "POSTROOM-ADMIN-PASSWORD";
    static final Path DATA = Path.of(System.getProperty("postroom.it.data.dir", "target/it-data"));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern GENERATED = Pattern.compile("user=(\\S+) password=(\\S+)");
    private static String[] admin;

    private Postroom() {
    }

    record Reply(int status, String body) {
        JsonValue json() {
            return Json.createReader(new StringReader(body)).readValue();
        }

        JsonObject object() {
            return json().asJsonObject();
        }

        /** Asserts the status and, for errors, the API's error shape. */
        Reply expect(int expected) {
            assertEquals(expected, status, () -> "unexpected status; body: " + body);
            if (expected >= 400) {
                JsonObject error = object();
                assertEquals(expected, error.getInt("status"), body);
                assertTrue(error.getString("message").length() > 3, body);
            }
            return this;
        }

        String message() {
            return object().getString("message");
        }
    }

    static String base() {
        return "http://127.0.0.1:" + HTTP_PORT;
    }

    /**
     * The administrator credentials the server generated at its first start, read from the file it wrote them to in
     * the data directory (the log says only where they are).
     */
    static synchronized String[] admin() {
        if (admin == null) {
            awaitReady(); // the password is generated while the application starts
            List<String> lines = generatedPasswordLines();
            assertEquals(1, lines.size(), "exactly one generated-password line expected in the log: " + lines);
            assertTrue(!GENERATED.matcher(lines.get(0)).find(), "the password is not in the log: " + lines.get(0));
            String written;
            try {
                written = Files.readString(DATA.resolve("admin-password"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Matcher m = GENERATED.matcher(written);
            assertTrue(m.find(), written);
            admin = new String[]{m.group(1), m.group(2)};
        }
        return admin;
    }

    /** Every generated-password line in the server's logs, the rotated ones included. */
    static List<String> generatedPasswordLines() {
        Path logs = WLP.resolve("usr/servers/" + SERVER + "/logs");
        try (Stream<Path> files = Files.list(logs)) {
            List<String> lines = new ArrayList<>();
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("messages")).sorted().toList()) {
                Files.readAllLines(f).stream().filter(l -> l.contains(MARKER)).forEach(lines::add);
            }
            return lines;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Reply call(String method, String path, String jsonBody) {
        String[] credentials = admin();
        return call(method, path, jsonBody, credentials[0], credentials[1], "application/json");
    }

    static Reply call(String method, String path, String body, String user, String password, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Reply get(String path) {
        return call("GET", path, null);
    }

    static Reply put(String path, String json) {
        return call("PUT", path, json);
    }

    static Reply delete(String path) {
        return call("DELETE", path, null);
    }

    /** A fresh domain name per test, so tests share no state. */
    static String uniqueDomain() {
        return "d" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + ".test";
    }

    /** Hosts a fresh domain and returns its name. */
    static String newDomain() {
        String d = uniqueDomain();
        put("/api/domains/" + d, null).expect(201);
        return d;
    }

    /** Creates a user with a known password and returns its address. */
    static String newUser(String domain, String local) {
        String address = local + "@" + domain;
        put("/api/users/" + address, "{\"password\":\"correct horse battery\",\"displayName\":\"" + local + "\"}")
                .expect(201);
        return address;
    }

    /**
     * Restarts the server with {@code variables} overriding its server variables, in a configDropins override named
     * {@code name}; {@link #restartWithoutVariables} undoes it. For tests that point the server at a world of their own
     * (a directory, a DNS server and an MX).
     */
    static void restartWithVariables(String name, Map<String, String> variables) throws Exception {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- Written by ")
                .append(name).append("; removed when it ends. -->\n<server>\n");
        variables.forEach((variable, value) -> xml.append("  <variable name=\"").append(variable)
                .append("\" value=\"").append(xmlAttribute(value)).append("\"/>\n"));
        Files.writeString(override(name), xml.append("</server>\n"));
        restart();
    }

    /** Removes the override of {@link #restartWithVariables} and restarts the server, if there was one. */
    static void restartWithoutVariables(String name) throws Exception {
        if (Files.deleteIfExists(override(name))) {
            restart();
        }
    }

    private static Path override(String name) {
        return WLP.resolve("usr/servers/" + SERVER + "/configDropins/overrides/" + name + ".xml");
    }

    private static String xmlAttribute(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }

    /** Stops and starts the server with its launcher script, then waits until it is ready again. */
    static void restart() throws Exception {
        run("stop");
        startAndAwaitReady();
    }

    /** Kills the server's JVM with SIGKILL (no shutdown hooks, nothing flushed) and waits until it is gone. */
    static void killHard() throws Exception {
        long pid = Long.parseLong(Files.readString(WLP.resolve("usr/servers/.pid/" + SERVER + ".pid")).strip());
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("server not running"));
        process.destroyForcibly();
        process.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Pauses a component (e.g. an MDB, by its J2EE name app#module#bean) with Liberty's server command. */
    static void pause(String target) throws Exception {
        Process p = new ProcessBuilder(WLP.resolve("bin/server").toString(), "pause", SERVER, "--target=" + target)
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), output);
    }

    static void startAndAwaitReady() throws Exception {
        run("start");
        awaitReady();
    }

    /**
     * Waits until the server reports ready (database, broker, the application started). The build's start goal returns
     * when Liberty is up, which on a loaded machine can be half a minute before the application is.
     */
    static void awaitReady() {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (call("GET", "/health/ready", null, null, null, null).status() == 200) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the server", e);
            }
        }
        throw new AssertionError("server not ready 180 s after start");
    }

    private static void run(String action) throws Exception {
        Process p = new ProcessBuilder(WLP.resolve("bin/server").toString(), action, SERVER).redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "server " + action + ": " + output);
    }
}

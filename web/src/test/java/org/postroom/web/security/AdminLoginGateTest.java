package org.postroom.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;

import org.junit.jupiter.api.Test;

/** Issue 14: failed admin API logins are throttled per client address. */
class AdminLoginGateTest {

    private static final InetAddress REMOTE = address(192, 0, 2, 7);
    private static final InetAddress OTHER = address(198, 51, 100, 1);
    private static final InetAddress LOOPBACK = address(127, 0, 0, 1);

    private Instant now = Instant.parse("2026-12-07T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final List<String> checked = new ArrayList<>();
    private final LoginThrottle throttle = new LoginThrottle(Duration.ofMillis(500), Duration.ofSeconds(8),
            Duration.ofMinutes(15), 1000, clock);

    private AdminLoginGate.Outcome login(AdminLoginGate gate, InetAddress client, String user, String password) {
        String header = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return gate.attempt(client, true, header, this::check);
    }

    private CredentialValidationResult check(UsernamePasswordCredential c) {
        checked.add(c.getCaller() + ":" + c.getPasswordAsString());
        return c.getCaller().equals("admin") && c.getPasswordAsString().equals("right")
                ? new CredentialValidationResult("admin", Set.of("admin"))
                : CredentialValidationResult.INVALID_RESULT;
    }

    @Test
    void aFailedLoginMakesTheNextAttemptFromThatAddressWaitWithoutCheckingThePassword() {
        AdminLoginGate gate = new AdminLoginGate(throttle, true);
        assertInstanceOf(AdminLoginGate.Challenge.class, login(gate, REMOTE, "admin", "guess1"));
        AdminLoginGate.Outcome refused = login(gate, REMOTE, "admin", "right");
        assertEquals(new AdminLoginGate.Refused(429, "Too many failed logins from 192.0.2.7; try again in 1 s",
                Optional.of(Duration.ofSeconds(1))), refused);
        assertEquals(List.of("admin:guess1"), checked, "the password of a refused attempt is not looked at");
        assertInstanceOf(AdminLoginGate.LoggedIn.class, login(gate, OTHER, "admin", "right"), "other addresses go on");
        now = now.plusMillis(500);
        assertInstanceOf(AdminLoginGate.Challenge.class, login(gate, REMOTE, "admin", "guess2"));
        now = now.plusMillis(999);
        assertInstanceOf(AdminLoginGate.Refused.class, login(gate, REMOTE, "admin", "right"), "1 s after the 2nd");
        now = now.plusMillis(1);
        assertInstanceOf(AdminLoginGate.LoggedIn.class, login(gate, REMOTE, "admin", "right"));
    }

    @Test
    void theWindowDoublesUpToEightSecondsAndIsForgottenAfterAQuietQuarterOfAnHour() {
        AdminLoginGate gate = new AdminLoginGate(throttle, true);
        for (int i = 0; i < 6; i++) {
            login(gate, REMOTE, "admin", "wrong");
            now = now.plus(throttle.wait(REMOTE).orElseThrow());
        }
        login(gate, REMOTE, "admin", "wrong");
        assertEquals(Optional.of(Duration.ofSeconds(8)), throttle.wait(REMOTE));
        now = now.plus(Duration.ofMinutes(16));
        login(gate, REMOTE, "admin", "wrong");
        assertEquals(Optional.of(Duration.ofMillis(500)), throttle.wait(REMOTE));
    }

    @Test
    void malformedCredentialsCountAsFailures() {
        AdminLoginGate gate = new AdminLoginGate(throttle, true);
        assertInstanceOf(AdminLoginGate.Challenge.class, gate.attempt(REMOTE, true, "Basic %%%", this::check));
        assertInstanceOf(AdminLoginGate.Refused.class, login(gate, REMOTE, "admin", "right"));
        assertInstanceOf(AdminLoginGate.Challenge.class, gate.attempt(OTHER, true, null, this::check),
                "no credentials at all is the usual first request: a challenge, not a failure");
        assertInstanceOf(AdminLoginGate.LoggedIn.class, login(gate, OTHER, "admin", "right"));
    }

    @Test
    void loopbackIsExemptOnlyWhenConfigured() {
        AdminLoginGate exempt = new AdminLoginGate(throttle, true);
        login(exempt, LOOPBACK, "admin", "wrong");
        assertInstanceOf(AdminLoginGate.LoggedIn.class, login(exempt, LOOPBACK, "admin", "right"));
        AdminLoginGate strict = new AdminLoginGate(throttle, false);
        login(strict, LOOPBACK, "admin", "wrong");
        assertInstanceOf(AdminLoginGate.Refused.class, login(strict, LOOPBACK, "admin", "right"));
    }

    @Test
    void plainHttpIsRefusedWith403FromOtherMachinesBeforeAnyPasswordIsLookedAt() {
        AdminLoginGate gate = new AdminLoginGate(throttle, true);
        String header = "Basic " + Base64.getEncoder().encodeToString("admin:right".getBytes(StandardCharsets.UTF_8));
        AdminLoginGate.Outcome plain = gate.attempt(REMOTE, false, header, this::check);
        assertInstanceOf(AdminLoginGate.Refused.class, plain);
        assertEquals(403, ((AdminLoginGate.Refused) plain).status());
        assertEquals(List.of(), checked);
        assertInstanceOf(AdminLoginGate.LoggedIn.class, gate.attempt(LOOPBACK, false, header, this::check),
                "plain HTTP on this machine");
        assertInstanceOf(AdminLoginGate.LoggedIn.class, gate.attempt(REMOTE, true, header, this::check), "HTTPS");
    }

    @Test
    void trackedAddressesAreBounded() {
        LoginThrottle small = new LoginThrottle(Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofMinutes(15),
                3, clock);
        for (int i = 1; i <= 10; i++) {
            small.failed(address(10, 0, 0, i));
        }
        assertEquals(3, small.tracked());
        assertEquals(Optional.of(Duration.ofSeconds(8)), small.wait(address(10, 0, 0, 10)),
                "past the bound a new address pays the longest window");
    }

    private static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[]{(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}

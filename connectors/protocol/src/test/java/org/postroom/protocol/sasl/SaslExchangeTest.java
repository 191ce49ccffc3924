package org.postroom.protocol.sasl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.postroom.connector.api.Credentials;

/** PLAIN and LOGIN as the three engines share them, with the client's exact lines. */
class SaslExchangeTest {

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static SaslStep complete(String user, String password) {
        return new SaslStep.Complete(new Credentials(user, password));
    }

    private static SaslStep failed(SaslFailure reason) {
        return new SaslStep.Failed(reason);
    }

    private static SaslExchange plain() {
        return new SaslExchange(SaslMechanism.PLAIN);
    }

    private static SaslExchange login() {
        return new SaslExchange(SaslMechanism.LOGIN);
    }

    // ---- PLAIN

    @Test
    void plainWithAnInitialResponseCompletesAtOnce() {
        // "\0alice\0secret"
        assertEquals(complete("alice", "secret"), plain().start(Optional.of("AGFsaWNlAHNlY3JldA==")));
    }

    @Test
    void plainWithoutAnInitialResponseSendsAnEmptyChallengeThenTakesTheResponse() {
        SaslExchange exchange = plain();
        assertEquals(new SaslStep.Challenge(""), exchange.start(Optional.empty()));
        assertEquals(complete("alice", "secret"), exchange.respond("AGFsaWNlAHNlY3JldA=="));
    }

    @Test
    void plainAcceptsAnAuthzidEqualToTheAuthcid() {
        assertEquals(complete("alice", "pw"), plain().respond(b64("alice\0alice\0pw")));
    }

    @Test
    void plainRefusesAnAuthzidOtherThanTheAuthcid() {
        assertEquals(failed(SaslFailure.AUTHZID_REFUSED), plain().respond(b64("admin\0alice\0pw")));
    }

    @Test
    void plainRefusesBadBase64() {
        assertEquals(failed(SaslFailure.BAD_BASE64), plain().respond("not base64!"));
    }

    @Test
    void plainRefusesMalformedUtf8() {
        // "\0\xff\0x": a byte that is no UTF-8
        assertEquals(failed(SaslFailure.BAD_BASE64), plain().respond("AP8AeA=="));
    }

    @Test
    void plainRefusesTheEmptyResponseAsMalformed() {
        assertEquals(failed(SaslFailure.MALFORMED), plain().start(Optional.of("=")));
        assertEquals(failed(SaslFailure.MALFORMED), plain().respond(""));
    }

    @Test
    void plainRefusesAResponseWithoutThreeParts() {
        assertEquals(failed(SaslFailure.MALFORMED), plain().respond(b64("alice\0pw")));
        assertEquals(failed(SaslFailure.MALFORMED), plain().respond(b64("\0alice\0pw\0more")));
    }

    @Test
    void plainRefusesAnEmptyAuthcid() {
        assertEquals(failed(SaslFailure.EMPTY_AUTHCID), plain().respond(b64("\0\0pw")));
    }

    @Test
    void plainAllowsAnEmptyPassword() {
        assertEquals(complete("alice", ""), plain().respond(b64("\0alice\0")));
    }

    @Test
    void plainCancelledByAStar() {
        SaslExchange exchange = plain();
        exchange.start(Optional.empty());
        assertEquals(failed(SaslFailure.CANCELLED), exchange.respond("*"));
    }

    @Test
    void plainEndsOnAnOverlongResponse() {
        SaslExchange exchange = plain();
        exchange.start(Optional.empty());
        assertEquals(failed(SaslFailure.TOO_LONG), exchange.overlong());
    }

    @Test
    void plainTakesALongPasswordThatFitsTheLine() {
        String password = "p".repeat(10_000);
        assertEquals(complete("alice", password), plain().respond(b64("\0alice\0" + password)));
    }

    // ---- LOGIN

    @Test
    void loginAsksForUserNameThenPassword() {
        SaslExchange exchange = login();
        assertEquals(new SaslStep.Challenge("VXNlcm5hbWU6"), exchange.start(Optional.empty()));
        assertEquals(new SaslStep.Challenge("UGFzc3dvcmQ6"), exchange.respond("YWxpY2U="));
        assertEquals(complete("alice", "secret"), exchange.respond("c2VjcmV0"));
    }

    @Test
    void loginWithAnInitialResponseTakesItAsTheUserName() {
        SaslExchange exchange = login();
        assertEquals(new SaslStep.Challenge("UGFzc3dvcmQ6"), exchange.start(Optional.of("YWxpY2U=")));
        assertEquals(complete("alice", "secret"), exchange.respond("c2VjcmV0"));
    }

    @Test
    void loginRefusesBadBase64ForEitherAnswer() {
        assertEquals(failed(SaslFailure.BAD_BASE64), login().respond("@@@"));
        SaslExchange exchange = login();
        exchange.respond("YWxpY2U=");
        assertEquals(failed(SaslFailure.BAD_BASE64), exchange.respond("@@@"));
    }

    @Test
    void loginRefusesAnEmptyUserName() {
        assertEquals(failed(SaslFailure.EMPTY_AUTHCID), login().respond(""));
        assertEquals(failed(SaslFailure.EMPTY_AUTHCID), login().start(Optional.of("=")));
    }

    @Test
    void loginAllowsAnEmptyPassword() {
        SaslExchange exchange = login();
        exchange.respond("YWxpY2U=");
        assertEquals(complete("alice", ""), exchange.respond("="));
    }

    @Test
    void loginCancelledByAStarAtEitherChallenge() {
        assertEquals(failed(SaslFailure.CANCELLED), login().respond("*"));
        SaslExchange exchange = login();
        exchange.respond("YWxpY2U=");
        assertEquals(failed(SaslFailure.CANCELLED), exchange.respond("*"));
    }

    @Test
    void loginEndsOnAnOverlongResponse() {
        SaslExchange exchange = login();
        exchange.respond("YWxpY2U=");
        assertEquals(failed(SaslFailure.TOO_LONG), exchange.overlong());
    }

    // ---- mechanism names

    @Test
    void mechanismNamesAreCaseInsensitiveAndLimitedToWhatIsOffered() {
        assertEquals(Optional.of(SaslMechanism.PLAIN), SaslMechanism.named("plain", EnumSet.of(SaslMechanism.PLAIN)));
        assertEquals(Optional.empty(), SaslMechanism.named("LOGIN", EnumSet.of(SaslMechanism.PLAIN)));
        assertEquals(Optional.empty(), SaslMechanism.named("CRAM-MD5", EnumSet.allOf(SaslMechanism.class)));
    }
}

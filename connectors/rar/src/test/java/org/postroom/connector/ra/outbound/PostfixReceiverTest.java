package org.postroom.connector.ra.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.postroom.connector.ra.outbound.OutboundTesting.MESSAGE;
import static org.postroom.connector.ra.outbound.OutboundTesting.tx;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postroom.connector.api.outbound.RecipientOutcome;
import org.postroom.connector.api.outbound.RecipientOutcome.Status;
import org.postroom.connector.api.outbound.RemoteHost;
import org.postroom.connector.api.outbound.TlsPolicy;
import org.postroom.connector.api.outbound.TransactionOutcome;
import org.postroom.model.world.PostfixInstance;

/**
 * The client against a real Postfix smtpd with STARTTLS: a private {@link PostfixInstance} (its own configuration,
 * queue and free loopback port; mail for remote.test is accepted and discarded) whose certificate a test CA signed.
 * Skipped, with a message, when not root or when Postfix is absent, except under CI, where it fails.
 */
class PostfixReceiverTest {

    private static TestCa ca;
    private static PostfixInstance instance;
    private static RemoteHost postfix;
    private static Path trustStore;
    private OutboundTesting testing;

    @BeforeAll
    static void startPostfix() throws Exception {
        Path dir = PostfixInstance.newDirectory();
        ca = new TestCa();
        Path chain = ca.pemChain(dir.resolve("server.pem"), "mx.remote.test");
        trustStore = ca.trustStore(dir.resolve("trust.p12"));
        instance = PostfixInstance.start(InetAddress.getLoopbackAddress(), "mx.remote.test", List.of("remote.test"),
                chain, List.of("message_size_limit = 200000"));
        postfix = new RemoteHost("mx.remote.test", InetAddress.getLoopbackAddress(), instance.port());
    }

    private static String maillog() {
        return instance.maillog();
    }

    @AfterAll
    static void stopPostfix() throws Exception {
        if (instance != null) {
            instance.close();
        }
    }

    @BeforeEach
    void client() throws Exception {
        testing = new OutboundTesting(
                OutboundTesting.settings(100, 20, Optional.of(trustStore.toString()), Duration.ofSeconds(30)));
    }

    @AfterEach
    void closeClient() {
        if (testing != null) {
            testing.close();
        }
    }

    private static TlsPolicy verified(String... names) {
        return new TlsPolicy(TlsPolicy.Mode.VERIFIED, List.of(names));
    }

    @Test
    void verifiedStartTlsWithRealPostfixAndTwoMessagesOverOneConnection() throws Exception {
        TransactionOutcome first = testing.send(tx(List.of(postfix), verified("*.remote.test"), Optional.empty(),
                MESSAGE, "bob@remote.test", "carol@remote.test"));
        TransactionOutcome second = testing.send(tx(List.of(postfix), verified("*.remote.test"), Optional.empty(),
                MESSAGE, "dave@remote.test"));
        for (RecipientOutcome r : first.recipients()) {
            assertEquals(Status.DELIVERED, r.status(), r.reply() + "\n" + maillog());
            assertTrue(r.reply().startsWith("250 2.0.0 Ok: queued as "), r.reply());
        }
        assertEquals(Status.DELIVERED, second.recipients().get(0).status(), second.recipients().get(0).reply());
        assertTrue(first.tls());
        assertTrue(second.tls());
        assertEquals(1, testing.client.connectionsOpened(), "one TLS connection for both messages");
    }

    @Test
    void postfixRefusingARecipientFailsOnlyThatOne() throws Exception {
        TransactionOutcome o = testing.send(tx(List.of(postfix), TlsPolicy.OPPORTUNISTIC, Optional.empty(), MESSAGE,
                "bob@remote.test", "someone@elsewhere.test"));
        assertEquals(Status.DELIVERED, o.recipients().get(0).status(), o.recipients().get(0).reply());
        RecipientOutcome refused = o.recipients().get(1);
        assertEquals(Status.FAILED, refused.status(), refused.reply());
        assertTrue(refused.reply().startsWith("554 5.7.1 "), refused.reply());
        assertTrue(o.tls());
    }

    @Test
    void aMessageOverPostfixsSizeLimitFailsWith534BeforeMail() throws Exception {
        String big = "Subject: big\r\n\r\n" + "x".repeat(78).concat("\r\n").repeat(3000);
        TransactionOutcome o = testing.send(tx(List.of(postfix), TlsPolicy.OPPORTUNISTIC, Optional.empty(), big,
                "bob@remote.test"));
        RecipientOutcome r = o.recipients().get(0);
        assertEquals(Status.FAILED, r.status(), r.reply());
        assertTrue(r.reply().startsWith("552 5.3.4 message size " + big.length() + " exceeds the limit of 200000"),
                r.reply());
    }

    @Test
    void verifiedTlsForAnotherNameIsDeferredWithoutSendingInClear() throws Exception {
        TransactionOutcome o = testing.send(tx(List.of(postfix), verified("mx.other.test"), Optional.empty(), MESSAGE,
                "bob@remote.test"));
        RecipientOutcome r = o.recipients().get(0);
        assertEquals(Status.DEFERRED, r.status(), r.reply());
        assertTrue(r.reply().contains("4.7.5"), r.reply());
        assertFalse(o.tls());
    }
}

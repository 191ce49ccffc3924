package org.postroom.connector.ra.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.postroom.connector.ra.outbound.OutboundTesting.MESSAGE;
import static org.postroom.connector.ra.outbound.OutboundTesting.tx;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postroom.connector.api.outbound.RecipientOutcome;
import org.postroom.connector.api.outbound.RecipientOutcome.Status;
import org.postroom.connector.api.outbound.RelayLogin;
import org.postroom.connector.api.outbound.RemoteHost;
import org.postroom.connector.api.outbound.TlsPolicy;
import org.postroom.connector.api.outbound.TransactionOutcome;
import org.postroom.protocol.smtp.client.ClientTimeouts;

/** The client on real loopback sockets against {@link TestReceiver}, a receiving MTA of the test's own. */
class OutboundClientTest {

    @TempDir
    Path dir;

    private OutboundTesting testing;
    private final List<TestReceiver> receivers = new java.util.ArrayList<>();

    private TestReceiver receiver() throws Exception {
        TestReceiver r = new TestReceiver();
        receivers.add(r);
        return r;
    }

    private OutboundTesting testing(OutboundSettings settings) throws Exception {
        testing = new OutboundTesting(settings);
        return testing;
    }

    @AfterEach
    void stop() throws Exception {
        if (testing != null) {
            testing.close();
        }
        for (TestReceiver r : receivers) {
            r.close();
        }
    }

    @Test
    void deliversWithPipeliningAndRecordsEachRecipientsReplyAndTheHost() throws Exception {
        TestReceiver mx = receiver();
        mx.rcptReplies.put("nobody@remote.test", "550 5.1.1 <nobody@remote.test>: Recipient address rejected");
        mx.rcptReplies.put("later@remote.test", "450 4.2.0 <later@remote.test>: greylisted");
        TransactionOutcome o = testing(OutboundTesting.settings(100, 20, Optional.empty(), Duration.ofSeconds(10)))
                .send(tx(mx.host(), "bob@remote.test", "nobody@remote.test", "later@remote.test"));
        String host = "mx.remote.test[127.0.0.1]:" + mx.port();
        assertEquals(Optional.of(host), o.host());
        List<RecipientOutcome> r = o.recipients();
        assertEquals(new RecipientOutcome("bob@remote.test", Status.DELIVERED, "250 2.0.0 Ok: queued as T1",
                Optional.of(host)), r.get(0));
        assertEquals(Status.FAILED, r.get(1).status());
        assertEquals("550 5.1.1 <nobody@remote.test>: Recipient address rejected", r.get(1).reply());
        assertEquals(Status.DEFERRED, r.get(2).status());
        assertEquals(List.of(MESSAGE), mx.messages, "dot-stuffed on the wire, unstuffed by the receiver");
        assertEquals("EHLO out.postroom.test", mx.commands.get(0));
        assertEquals("MAIL FROM:<alice@postroom.test> SIZE=" + MESSAGE.length(), mx.commands.get(1));
    }

    @Test
    void theOutcomeCompletesOffTheEventLoopsSoACallerThatBlocksStallsNoConnection() throws Exception {
        TestReceiver mx = receiver();
        OutboundTesting t = testing(OutboundTesting.settings(100, 20, Optional.empty(), Duration.ofSeconds(10)));
        boolean onAnEventLoop = OutboundTesting.await(t.client.send(tx(mx.host(), "bob@remote.test"))
                .thenApply(o -> {
                    for (io.netty.util.concurrent.EventExecutor loop : t.runtime.io()) {
                        if (loop.inEventLoop()) {
                            return true;
                        }
                    }
                    return false;
                }));
        assertFalse(onAnEventLoop);
    }

    @Test
    void aRefusedConnectionMovesOnToTheNextHost() throws Exception {
        TestReceiver mx2 = receiver();
        RemoteHost dead = OutboundTesting.refusingHost("mx1.remote.test");
        TransactionOutcome o = testing(OutboundTesting.settings(100, 20, Optional.empty(), Duration.ofSeconds(10)))
                .send(tx(List.of(dead, mx2.host()), TlsPolicy.OPPORTUNISTIC, Optional.empty(), MESSAGE,
                        "bob@remote.test"));
        assertEquals(Status.DELIVERED, o.recipients().get(0).status());
        assertEquals(Optional.of(mx2.host().toString()), o.recipients().get(0).remoteHost());
    }

    @Test
    void a421GreetingMovesOnToTheNextHost() throws Exception {
        TestReceiver busy = receiver();
        busy.greeting = "421 4.3.2 mx.remote.test busy";
        TestReceiver mx2 = receiver();
        TransactionOutcome o = testing(OutboundTesting.settings(100, 20, Optional.empty(), Duration.ofSeconds(10)))
                .send(tx(List.of(busy.host(), mx2.host()), TlsPolicy.OPPORTUNISTIC, Optional.empty(), MESSAGE,
                        "bob@remote.test"));
        assertEquals(Status.DELIVERED, o.recipients().get(0).status());
        assertEquals(1, busy.connections.get());
    }

    @Test
    void everyHostFailingDefersEveryRecipientWithAReplyNamingTheLastError() throws Exception {
        RemoteHost dead = OutboundTesting.refusingHost("mx1.remote.test");
        TestReceiver busy = receiver();
        busy.greeting = "421 4.3.2 mx.remote.test busy";
        TransactionOutcome o = testing(OutboundTesting.settings(100, 20, Optional.empty(), Duration.ofSeconds(10)))
                .send(tx(List.of(dead, busy.host()), TlsPolicy.OPPORTUNISTIC, Optional.empty(), MESSAGE,
                        "a@remote.test", "b@remote.test"));
        for (RecipientOutcome r : o.recipients()) {
            assertEquals(Status.DEFERRED, r.status());
            assertEquals("451 4.3.2 no host could take the message; last error: 421 4.3.2 mx.remote.test busy",
                    r.reply());
            assertEquals(Optional.of(busy.host().toString()), r.remoteHost());
        }
    }

    @Test
    void everyConnectionRefusedDefersWithoutARemoteHost() throws Exception {
        RemoteHost dead = OutboundTesting.refusingHost("mx1.remote.test");
        TransactionOutcome o = testing(OutboundTesting.settings(100, 20, Optional.empty(), Duration.ofSeconds(10)))
                .send(tx(dead, "a@remote.test"));
        RecipientOutcome r = o.recipients().get(0);
        assertEquals(Status.DEFERRED, r.status());
        assertTrue(r.reply().startsWith("451 4.4.1 no host could take the message; last error: 451 4.4.1 connect to "
                + dead + ": "), r.reply());
        assertEquals(Optional.empty(), r.remoteHost());
        assertEquals(0, testing.client.openConnections());
    }

    @Test
    void twoTransactionsToOneHostShareOneConnectionWithRsetBetween() throws Exception {
        TestReceiver mx = receiver();
        OutboundTesting t = testing(OutboundTesting.settings(100, 20, Optional.empty(), Duration.ofSeconds(30)));
        assertEquals(Status.DELIVERED, t.send(tx(mx.host(), "a@remote.test")).recipients().get(0).status());
        assertEquals(Status.DELIVERED, t.send(tx(mx.host(), "b@remote.test")).recipients().get(0).status());
        assertEquals(1, mx.connections.get());
        assertEquals(1, t.client.connectionsOpened());
        assertEquals(List.of("RSET"), mx.commandsStartingWith("RSET"));
        assertEquals(2, mx.messages.size());
    }

    @Test
    void anIdleConnectionIsClosedWithQuit() throws Exception {
        TestReceiver mx = receiver();
        OutboundTesting t = testing(OutboundTesting.settings(100, 20, Optional.empty(), Duration.ofMillis(300)));
        t.send(tx(mx.host(), "a@remote.test"));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (t.client.openConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, t.client.openConnections());
        assertEquals(List.of("QUIT"), mx.commandsStartingWith("QUIT"));
    }

    @Test
    void aConnectionTheServerClosedWhileIdleIsReplacedForTheNextTransaction() throws Exception {
        TestReceiver mx = receiver();
        OutboundTesting t = testing(OutboundTesting.settings(100, 20, Optional.empty(), Duration.ofSeconds(30)));
        mx.closeAfterMessage = true;
        t.send(tx(mx.host(), "a@remote.test"));
        TransactionOutcome o = t.send(tx(mx.host(), "b@remote.test"));
        assertEquals(Status.DELIVERED, o.recipients().get(0).status(), o.recipients().get(0).reply());
        assertEquals(2, mx.connections.get());
        assertEquals(2, mx.messages.size());
    }

    @Test
    void thePerHostLimitQueuesTransactionsInsteadOfOpeningMoreConnections() throws Exception {
        TestReceiver mx = receiver();
        OutboundTesting t = testing(OutboundTesting.settings(100, 1, Optional.empty(), Duration.ofSeconds(30)));
        List<CompletionStage<TransactionOutcome>> sent = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(t.client.send(tx(mx.host(), "r" + i + "@remote.test")));
        }
        for (CompletionStage<TransactionOutcome> s : sent) {
            assertEquals(Status.DELIVERED, OutboundTesting.await(s).recipients().get(0).status());
        }
        assertEquals(1, mx.maxOpen.get());
        assertEquals(1, t.client.connectionsOpened());
        assertEquals(5, mx.messages.size());
    }

    @Test
    void theTotalLimitClosesAnIdleConnectionToAnotherHostToMakeRoom() throws Exception {
        TestReceiver a = receiver();
        TestReceiver b = receiver();
        OutboundTesting t = testing(OutboundTesting.settings(1, 1, Optional.empty(), Duration.ofSeconds(60)));
        assertEquals(Status.DELIVERED, t.send(tx(a.host(), "x@remote.test")).recipients().get(0).status());
        assertEquals(Status.DELIVERED, t.send(tx(b.host(), "y@remote.test")).recipients().get(0).status());
        assertEquals(List.of("QUIT"), a.commandsStartingWith("QUIT"));
    }

    @Test
    void noReplyToTheFinalDotTimesOutAndDefersAfterTheDataEndTimeout() throws Exception {
        TestReceiver mx = receiver();
        mx.silentAtEndOfData = true;
        ClientTimeouts t = ClientTimeouts.RFC_5321;
        OutboundSettings settings = new OutboundSettings(100, 20, Optional.empty(), "",
                new ClientTimeouts(t.connect(), t.greeting(), t.mail(), t.rcpt(), t.dataInit(), t.dataBlock(),
                        Duration.ofMillis(700), t.idle()));
        long start = System.nanoTime();
        TransactionOutcome o = testing(settings).send(tx(mx.host(), "bob@remote.test"));
        RecipientOutcome r = o.recipients().get(0);
        assertEquals(Status.DEFERRED, r.status());
        assertEquals("451 4.4.2 conversation with " + mx.host() + " timed out while waiting for the reply to the end"
                + " of data", r.reply());
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(700).toNanos());
        assertEquals(1, mx.messages.size(), "the server had the message: a retry may duplicate it");
        assertEquals(0, waitForNoConnections(testing.client), "the connection is closed, not pooled");
    }

    @Test
    void aSilentServerTimesOutAtTheGreetingAndTheNextHostIsTried() throws Exception {
        TestReceiver silent = receiver();
        silent.greeting = null;
        TestReceiver mx2 = receiver();
        ClientTimeouts t = ClientTimeouts.RFC_5321;
        OutboundSettings settings = new OutboundSettings(100, 20, Optional.empty(), "",
                new ClientTimeouts(t.connect(), Duration.ofMillis(500), t.mail(), t.rcpt(), t.dataInit(),
                        t.dataBlock(), t.dataEnd(), t.idle()));
        TransactionOutcome o = testing(settings).send(tx(List.of(silent.host(), mx2.host()),
                TlsPolicy.OPPORTUNISTIC, Optional.empty(), MESSAGE, "bob@remote.test"));
        assertEquals(Status.DELIVERED, o.recipients().get(0).status(), o.recipients().get(0).reply());
        assertEquals(Optional.of(mx2.host().toString()), o.host());
        assertEquals(1, silent.connections.get());
    }

    private static int waitForNoConnections(OutboundClient client) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (client.openConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return client.openConnections();
    }

    @Test
    void aLargeMessageIsStreamedInChunksAndArrivesWhole() throws Exception {
        TestReceiver mx = receiver();
        StringBuilder b = new StringBuilder("Subject: big\r\n\r\n");
        for (int i = 0; b.length() < 3_000_000; i++) {
            b.append(i % 7 == 0 ? "." : "").append("line ").append(i).append(" of a big message, some text\r\n");
        }
        String big = b.toString();
        TransactionOutcome o = testing(OutboundTesting.settings(100, 20, Optional.empty(), Duration.ofSeconds(10)))
                .send(tx(List.of(mx.host()), TlsPolicy.OPPORTUNISTIC, Optional.empty(), big, "bob@remote.test"));
        assertEquals(Status.DELIVERED, o.recipients().get(0).status());
        assertEquals(big, mx.messages.get(0));
    }

    @Test
    void aMessageLargerThanTheHostsSizeFailsWith534AndIsNeverSent() throws Exception {
        TestReceiver mx = receiver();
        mx.ehloKeywords = List.of("PIPELINING", "SIZE 100");
        TransactionOutcome o = testing(OutboundTesting.settings(100, 20, Optional.empty(), Duration.ofSeconds(10)))
                .send(tx(mx.host(), "bob@remote.test"));
        assertEquals(Status.FAILED, o.recipients().get(0).status());
        assertTrue(o.recipients().get(0).reply().startsWith("552 5.3.4 "));
        assertEquals(List.of(), mx.commandsStartingWith("MAIL"));
    }

    // ---- TLS

    @Test
    void startTlsVerifiedAgainstTheTestCaWithAPolicyPattern() throws Exception {
        TestCa ca = new TestCa();
        TestReceiver mx = receiver();
        mx.tls = ca.serverContext("mx.remote.test");
        OutboundTesting t = testing(OutboundTesting.settings(100, 20,
                Optional.of(ca.trustStore(dir.resolve("trust.p12")).toString()), Duration.ofSeconds(10)));
        TransactionOutcome o = t.send(tx(List.of(mx.host()),
                new TlsPolicy(TlsPolicy.Mode.VERIFIED, List.of("*.remote.test")), Optional.empty(), MESSAGE,
                "bob@remote.test"));
        assertEquals(Status.DELIVERED, o.recipients().get(0).status(), o.recipients().get(0).reply());
        assertTrue(o.tls());
        assertEquals(1, mx.tlsSessions.get());
        assertEquals(2, mx.commandsStartingWith("EHLO").size(), "EHLO again after STARTTLS");
    }

    @Test
    void verifiedTlsWithACertificateForAnotherNameIsDeferredAndNeverSentInClear() throws Exception {
        TestCa ca = new TestCa();
        TestReceiver mx = receiver();
        mx.tls = ca.serverContext("mx.elsewhere.test");
        OutboundTesting t = testing(OutboundTesting.settings(100, 20,
                Optional.of(ca.trustStore(dir.resolve("trust.p12")).toString()), Duration.ofSeconds(10)));
        TransactionOutcome o = t.send(tx(List.of(mx.host()),
                new TlsPolicy(TlsPolicy.Mode.VERIFIED, List.of("mx.remote.test")), Optional.empty(), MESSAGE,
                "bob@remote.test"));
        RecipientOutcome r = o.recipients().get(0);
        assertEquals(Status.DEFERRED, r.status());
        assertTrue(r.reply().startsWith("451 4.7.5 "), r.reply());
        assertTrue(r.reply().contains("mx.elsewhere.test"), r.reply());
        assertEquals(List.of(), mx.commandsStartingWith("MAIL"));
        assertEquals(1, mx.connections.get());
    }

    @Test
    void verifiedTlsWithAnUntrustedCertificateIsDeferred() throws Exception {
        TestReceiver mx = receiver();
        mx.tls = new TestCa().serverContext("mx.remote.test");
        OutboundTesting t = testing(OutboundTesting.settings(100, 20, Optional.empty(), Duration.ofSeconds(10)));
        TransactionOutcome o = t.send(tx(List.of(mx.host()), new TlsPolicy(TlsPolicy.Mode.VERIFIED, List.of()),
                Optional.empty(), MESSAGE, "bob@remote.test"));
        assertEquals(Status.DEFERRED, o.recipients().get(0).status());
        assertTrue(o.recipients().get(0).reply().contains("4.7.5"), o.recipients().get(0).reply());
        assertEquals(List.of(), mx.commandsStartingWith("MAIL"));
    }

    @Test
    void requiredTlsToAHostWithoutStartTlsIsDeferred() throws Exception {
        TestReceiver mx = receiver();
        OutboundTesting t = testing(OutboundTesting.settings(100, 20, Optional.empty(), Duration.ofSeconds(10)));
        TransactionOutcome o = t.send(tx(List.of(mx.host()), new TlsPolicy(TlsPolicy.Mode.REQUIRED, List.of()),
                Optional.empty(), MESSAGE, "bob@remote.test"));
        assertEquals(Status.DEFERRED, o.recipients().get(0).status());
        assertTrue(o.recipients().get(0).reply().contains("4.7.4 TLS is required"));
        assertEquals(List.of(), mx.commandsStartingWith("MAIL"));
    }

    @Test
    void opportunisticTlsAcceptsAnUntrustedCertificate() throws Exception {
        TestReceiver mx = receiver();
        mx.tls = new TestCa().serverContext("whatever.test");
        TransactionOutcome o = testing(OutboundTesting.settings(100, 20, Optional.empty(), Duration.ofSeconds(10)))
                .send(tx(mx.host(), "bob@remote.test"));
        assertEquals(Status.DELIVERED, o.recipients().get(0).status());
        assertTrue(o.tls());
    }

    @Test
    void opportunisticHandshakeFailureRetriesTheSameHostInClear() throws Exception {
        TestReceiver mx = receiver();
        mx.tls = new TestCa().serverContext("mx.remote.test");
        mx.breakHandshake = true;
        TransactionOutcome o = testing(OutboundTesting.settings(100, 20, Optional.empty(), Duration.ofSeconds(10)))
                .send(tx(mx.host(), "bob@remote.test"));
        assertEquals(Status.DELIVERED, o.recipients().get(0).status(), o.recipients().get(0).reply());
        assertFalse(o.tls());
        assertEquals(2, mx.connections.get());
        assertEquals(1, mx.commandsStartingWith("STARTTLS").size());
    }

    @Test
    void relayLoginWithAuthPlainOverRequiredTls() throws Exception {
        TestCa ca = new TestCa();
        TestReceiver relay = receiver();
        relay.tls = ca.serverContext("mx.remote.test");
        relay.login = "postroom:s3cret";
        OutboundTesting t = testing(OutboundTesting.settings(100, 20,
                Optional.of(ca.trustStore(dir.resolve("trust.p12")).toString()), Duration.ofSeconds(10)));
        TransactionOutcome o = t.send(tx(List.of(relay.host()), new TlsPolicy(TlsPolicy.Mode.REQUIRED, List.of()),
                Optional.of(new RelayLogin("postroom", "s3cret")), MESSAGE, "someone@far.test"));
        assertEquals(Status.DELIVERED, o.recipients().get(0).status(), o.recipients().get(0).reply());
        assertEquals(1, relay.commandsStartingWith("AUTH PLAIN").size());
    }

    @Test
    void aClosedClientDefersNewTransactions() throws Exception {
        TestReceiver mx = receiver();
        OutboundTesting t = testing(OutboundTesting.settings(100, 20, Optional.empty(), Duration.ofSeconds(10)));
        t.client.close();
        TransactionOutcome o = t.send(tx(mx.host(), "bob@remote.test"));
        assertEquals(Status.DEFERRED, o.recipients().get(0).status());
        assertEquals(0, mx.connections.get());
    }
}

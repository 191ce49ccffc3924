package org.postroom.protocol.smtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.postroom.protocol.ListenerCoverage;
import org.postroom.connector.api.Accepted;
import org.postroom.connector.api.AuthenticatedUser;
import org.postroom.connector.api.AuthenticationResult;
import org.postroom.connector.api.Credentials;
import org.postroom.connector.api.MailParameters;
import org.postroom.connector.api.MailProtocol;
import org.postroom.connector.api.MailAddress;
import org.postroom.connector.api.QueueIds;
import org.postroom.connector.api.RejectException;
import org.postroom.connector.api.ReversePath;
import org.postroom.connector.api.SessionContext;
import org.postroom.connector.api.SmtpAcceptanceListener;

/**
 * What every {@link SmtpAcceptanceListener} must do for the SMTP adapter to be correct (the call order of its
 * Javadoc: MAIL, each RCPT, the end of DATA; AUTH), whatever decides and stores the mail. Extend it for each
 * implementation (the SMTP beans' {@code AcceptanceService} on the business side, the adapter's fake). Once all its
 * tests ran, {@link #everyListenerMethodWasCalled} checks that each listener method was called.
 *
 * <p>The sessions come from {@value #CLIENT_IP}, a client outside any relay network, on port 25.
 */
public abstract class SmtpAcceptanceListenerContract {

    /** The implementation under test. */
    protected abstract SmtpAcceptanceListener listener();

    /** The password-based credentials of a user; {@link #userName()} is who they authenticate as. */
    protected abstract Credentials credentials();

    /** The name {@link #credentials()} authenticate as. */
    protected abstract String userName();

    /** A user of a hosted domain, who takes mail from anyone. */
    protected abstract MailAddress localRecipient();

    /** An address of a hosted domain that is neither a user nor an alias. */
    protected abstract MailAddress unknownRecipient();

    /** An address of a domain not hosted here. */
    protected abstract MailAddress remoteRecipient();

    /** The bytes the business side holds for the message accepted under {@code queueId}. */
    protected abstract byte[] accepted(String queueId);

    /** The client's address of every session in this contract: TEST-NET-1, in no relay network. */
    protected static final String CLIENT_IP = "192.0.2.10";
    private static final String MESSAGE = "Received: from client.example.net by mx.example.org\r\n"
            + "From: Bob <bob@sender.example>\r\nSubject: hello\r\n\r\nHello\r\n.. a dot-stuffed line\r\n";
    private static final ReversePath BOB = ReversePath.of(new MailAddress("bob", "sender.example"));

    private static final ListenerCoverage<SmtpAcceptanceListener> COVERAGE = new ListenerCoverage<>(
            SmtpAcceptanceListener.class, SmtpAcceptanceListenerContract.class);

    private SmtpAcceptanceListener l;

    @BeforeEach
    void setUp(TestInfo test) {
        l = COVERAGE.record(getClass(), test, listener());
    }

    /** A new listener method needs a test here: once every test of the contract ran, each method was called. */
    @AfterAll
    static void everyListenerMethodWasCalled(TestInfo test) {
        COVERAGE.assertEveryMethodCalled(test.getTestClass().orElseThrow());
    }

    /** An ESMTP session from {@link #CLIENT_IP}, authenticated as {@code user} when present. */
    protected static SessionContext session(Optional<String> user) {
        return new SessionContext("s1", new InetSocketAddress(CLIENT_IP, 40025), Optional.of("client.example.net"),
                false, user.map(AuthenticatedUser::new), MailProtocol.of(true, false, user.isPresent()));
    }

    private static SessionContext anonymous() {
        return session(Optional.empty());
    }

    private static RejectException refusal(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(RejectException.class, call);
    }

    private Accepted accept(List<MailAddress> recipients, byte[] content) throws Exception {
        String queueId = QueueIds.next();
        ByteArrayInputStream in = new ByteArrayInputStream(content);
        Accepted accepted = l.accept(anonymous(), queueId, BOB, recipients, in, content.length);
        assertEquals(0, in.available(), "the content is read to its end");
        return accepted;
    }

    @Test
    void checkSenderTakesAMailboxAndTheNullReversePathWithAHoldThatIsNeverNegative() throws Exception {
        for (ReversePath from : List.of(BOB, ReversePath.NULL)) {
            Duration hold = l.checkSender(anonymous(), from, MailParameters.NONE);
            assertNotNull(hold, "Duration.ZERO for none");
            assertFalse(hold.isNegative(), from + " held " + hold);
        }
        Duration withSize = l.checkSender(anonymous(), BOB,
                new MailParameters(OptionalLong.of(MESSAGE.length()), Optional.empty()));
        assertFalse(withSize.isNegative());
    }

    @Test
    void checkRecipientTakesAHostedUserFromAnyClient() throws Exception {
        l.checkRecipient(anonymous(), BOB, MailParameters.NONE, localRecipient());
        l.checkRecipient(anonymous(), ReversePath.NULL, MailParameters.NONE, localRecipient());
    }

    @Test
    void checkRecipientRefusesAnUnknownAddressOfAHostedDomainWith550_5_1_1() {
        RejectException e = refusal(() -> l.checkRecipient(anonymous(), BOB, MailParameters.NONE,
                unknownRecipient()));
        assertEquals(550, e.code());
        assertEquals("5.1.1", e.enhancedCode());
    }

    @Test
    void checkRecipientRefusesToRelayForAnAnonymousClientWith554_5_7_1AndRelaysForAnAuthenticatedOne()
            throws Exception {
        RejectException e = refusal(() -> l.checkRecipient(anonymous(), BOB, MailParameters.NONE,
                remoteRecipient()));
        assertEquals(554, e.code());
        assertEquals("5.7.1", e.enhancedCode());
        l.checkRecipient(session(Optional.of(userName())), BOB, MailParameters.NONE, remoteRecipient());
    }

    @Test
    void acceptReadsTheWholeMessageAndHoldsItsExactBytesUnderTheQueueIdItReturns() throws Exception {
        byte[] content = MESSAGE.getBytes(StandardCharsets.US_ASCII);
        Accepted accepted = accept(List.of(localRecipient()), content);
        assertArrayEquals(content, accepted(accepted.queueId()));
    }

    @Test
    void everyAcceptedMessageHasAQueueIdOfItsOwn() throws Exception {
        byte[] content = MESSAGE.getBytes(StandardCharsets.US_ASCII);
        Accepted first = accept(List.of(localRecipient()), content);
        Accepted second = accept(List.of(localRecipient()), content);
        assertNotEquals(first.queueId(), second.queueId());
    }

    @Test
    void authenticateAcceptsTheUsersPasswordAndRefusesAnotherWithoutSayingWhy() {
        assertEquals(AuthenticationResult.authenticated(userName()), l.authenticate(anonymous(), credentials()));
        assertEquals(AuthenticationResult.invalidCredentials(),
                l.authenticate(anonymous(), new Credentials(credentials().username(), "wrong")));
        assertEquals(AuthenticationResult.invalidCredentials(),
                l.authenticate(anonymous(), new Credentials("nobody@example.org", credentials().password())));
    }
}

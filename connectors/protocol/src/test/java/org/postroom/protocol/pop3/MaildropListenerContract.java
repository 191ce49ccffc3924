package org.postroom.protocol.pop3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.postroom.protocol.ListenerCoverage;
import org.postroom.connector.api.AuthenticatedUser;
import org.postroom.connector.api.AuthenticationResult;
import org.postroom.connector.api.Credentials;
import org.postroom.connector.api.MaildropListener;
import org.postroom.connector.api.Pop3MaildropEntry;
import org.postroom.connector.api.Pop3MaildropInUseException;

/**
 * What every {@link MaildropListener} must do for the POP3 engine to be correct (the call order of its Javadoc),
 * whatever stores the mail. Extend it for each store (the JPA-backed {@code MaildropService} on the business side).
 * Once all its tests ran, {@link #everyListenerMethodWasCalled} checks that each listener method was called.
 */
public abstract class MaildropListenerContract {

    /** The implementation under test, with an account for {@link #user()} whose INBOX is empty. */
    protected abstract MaildropListener listener();

    protected abstract AuthenticatedUser user();

    /** The password-based credentials of {@link #user()}. */
    protected abstract Credentials credentials();

    /** Delivers a message to the INBOX of {@link #user()} as the delivery service would. */
    protected abstract void deliver(String message);

    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);
    private static final String ONE = "Subject: one\r\n\r\nHello\r\n";
    private static final String TWO = "Subject: two\r\n\r\nline 1\r\n.hidden dot\r\n";

    private static final ListenerCoverage<MaildropListener> COVERAGE = new ListenerCoverage<>(MaildropListener.class,
            MaildropListenerContract.class);

    private MaildropListener l;

    @BeforeEach
    void setUp(TestInfo test) {
        l = COVERAGE.record(getClass(), test, listener());
    }

    /** A new listener method needs a test here: once every test of the contract ran, each method was called. */
    @AfterAll
    static void everyListenerMethodWasCalled(TestInfo test) {
        COVERAGE.assertEveryMethodCalled(test.getTestClass().orElseThrow());
    }

    @Test
    void authenticateAcceptsTheUsersPasswordAndRefusesAnotherWithoutSayingWhy() {
        assertEquals(AuthenticationResult.authenticated(user().name()), l.authenticate(CLIENT, true, credentials()));
        assertEquals(AuthenticationResult.invalidCredentials(),
                l.authenticate(CLIENT, true, new Credentials(credentials().username(), "wrong")));
        assertEquals(AuthenticationResult.invalidCredentials(),
                l.authenticate(CLIENT, true, new Credentials("nobody@example.org", credentials().password())));
    }

    @Test
    void openListsTheMaildropOldestFirstWithExactSizesAndUniqueIdsStableAcrossSessions() throws Exception {
        deliver(ONE);
        deliver(TWO);
        List<Pop3MaildropEntry> first = l.open(user());
        l.close(user());
        assertEquals(List.of((long) ONE.length(), (long) TWO.length()),
                first.stream().map(Pop3MaildropEntry::size).toList());
        assertNotEquals(first.get(0).uniqueId(), first.get(1).uniqueId());
        List<Pop3MaildropEntry> again = l.open(user());
        l.close(user());
        assertEquals(first, again);
    }

    @Test
    void aSecondOpenWhileTheMaildropIsLockedIsInUseUntilClose() throws Exception {
        l.open(user());
        assertThrows(Pop3MaildropInUseException.class, () -> l.open(user()));
        l.close(user());
        l.open(user());
        l.close(user());
        l.close(user()); // releasing a released maildrop does not throw
    }

    @Test
    void contentsAnswersTheStoredBytesByKeyAndLeavesOutMessagesRemovedMeanwhile() throws Exception {
        deliver(ONE);
        deliver(TWO);
        List<String> keys = l.open(user()).stream().map(Pop3MaildropEntry::key).toList();
        Map<String, byte[]> both = l.contents(user(), keys);
        assertArrayEquals(ONE.getBytes(StandardCharsets.US_ASCII), both.get(keys.get(0)));
        assertArrayEquals(TWO.getBytes(StandardCharsets.US_ASCII), both.get(keys.get(1)));
        l.commit(user(), List.of(keys.get(0))); // as another session's QUIT would
        assertEquals(Set.of(keys.get(1)), l.contents(user(), keys).keySet());
        l.close(user());
    }

    @Test
    void commitRemovesTheDeletedMessagesForTheNextSession() throws Exception {
        deliver(ONE);
        deliver(TWO);
        List<Pop3MaildropEntry> before = l.open(user());
        l.commit(user(), List.of(before.get(1).key()));
        l.close(user());
        assertEquals(List.of(before.get(0)), l.open(user()));
        l.commit(user(), List.of());
        l.close(user());
        assertEquals(List.of(before.get(0)), l.open(user()));
        l.close(user());
    }
}

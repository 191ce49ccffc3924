package org.postroom.mail;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.postroom.domain.DeliveryRestrictions;
import org.postroom.domain.EmailAddress;
import org.postroom.domain.Quota;
import org.postroom.domain.QuotaUsage;
import org.postroom.domain.SenderPattern;
import org.postroom.mail.RecipientPolicy.LocalUser;
import org.postroom.mail.RecipientPolicy.Route;

class RecipientPolicyTest {

    private static final long MAX = 10_000;
    private static final SmtpSessionInfo ANONYMOUS = new SmtpSessionInfo("203.0.113.9", Optional.empty(), false);
    private static final SmtpSessionInfo AUTHENTICATED = new SmtpSessionInfo("203.0.113.9",
            Optional.of("ann@hosted.example"),
            true);
    private static final Optional<EmailAddress> SENDER = Optional.of(EmailAddress.parse("someone@remote.example"));

    /** An in-memory directory: domain hosted.example with some users and an alias. */
    private static final class Fake implements RecipientPolicy.Directory {
        final Map<EmailAddress, LocalUser> users = new HashMap<>();
        final Set<EmailAddress> aliases = Set.of(EmailAddress.parse("team@hosted.example"));
        final Map<EmailAddress, RecipientPolicy.Listing> listings = new HashMap<>();

        @Override
        public boolean hostsDomain(String domain) {
            return domain.equals("hosted.example");
        }

        @Override
        public Optional<LocalUser> user(EmailAddress address) {
            return Optional.ofNullable(users.get(address));
        }

        @Override
        public boolean isAlias(EmailAddress address) {
            return aliases.contains(address);
        }

        @Override
        public RecipientPolicy.Listing listing(EmailAddress address) {
            return listings.getOrDefault(address, RecipientPolicy.Listing.UNKNOWN);
        }

        EmailAddress add(String address, DeliveryRestrictions restrictions, Quota quota, QuotaUsage usage) {
            EmailAddress a = EmailAddress.parse(address);
            users.put(a, new LocalUser(a, restrictions, quota, usage));
            return a;
        }

        EmailAddress add(String address) {
            return add(address, DeliveryRestrictions.none(), Quota.unlimited(), new QuotaUsage(0, 0));
        }
    }

    private final Fake directory = new Fake();

    private RecipientPolicy policy(String relayNetworks, boolean hardQuota) {
        return new RecipientPolicy(directory, RelayNetworks.parse(relayNetworks), hardQuota, MAX);
    }

    private RecipientPolicy policy() {
        return policy("", false);
    }

    private static void assertRefused(int code, String enhanced, org.junit.jupiter.api.function.Executable check) {
        MailRejection e = assertThrows(MailRejection.class, check);
        assertEquals(code, e.code(), e::getMessage);
        assertEquals(enhanced, e.enhancedCode(), e::getMessage);
    }

    private static EmailAddress address(String text) {
        return EmailAddress.parse(text);
    }

    @Test
    void rcptToHostedUserIsAcceptedAsLocal() throws MailRejection {
        EmailAddress ann = directory.add("ann@hosted.example");
        assertEquals(Route.LOCAL_USER, policy().checkRecipient(ANONYMOUS, SENDER, ann, 0));
    }

    @Test
    void rcptToHostedAliasIsAcceptedAsAlias() throws MailRejection {
        assertEquals(Route.ALIAS, policy().checkRecipient(ANONYMOUS, SENDER, address("team@hosted.example"), 0));
    }

    @Test
    void rcptToUnknownLocalUserIsRejectedWith550() {
        assertRefused(550, "5.1.1",
                () -> policy().checkRecipient(ANONYMOUS, SENDER, address("nobody@hosted.example"), 0));
    }

    @Test
    void rcptToAnAddressTheDirectoryListsIsAcceptedForDeliveryToResolve() throws MailRejection {
        directory.listings.put(address("further@hosted.example"), RecipientPolicy.Listing.RECIPIENT);
        assertEquals(Route.DIRECTORY,
                policy().checkRecipient(ANONYMOUS, SENDER, address("further@hosted.example"), 0));
    }

    @Test
    void rcptToADisabledDirectoryUserIsRejectedWith550() {
        directory.listings.put(address("gone@hosted.example"), RecipientPolicy.Listing.DISABLED);
        assertRefused(550, "5.1.1",
                () -> policy().checkRecipient(ANONYMOUS, SENDER, address("gone@hosted.example"), 0));
    }

    @Test
    void rcptToAnAddressWhileTheDirectoryIsDownIsRefusedFor451NeverWith550() {
        directory.listings.put(address("maybe@hosted.example"), RecipientPolicy.Listing.UNAVAILABLE);
        assertRefused(451, "4.4.3",
                () -> policy().checkRecipient(ANONYMOUS, SENDER, address("maybe@hosted.example"), 0));
    }

    @Test
    void rcptToRemoteDomainFromAnonymousClientIsRelayDeniedWith554() {
        assertRefused(554, "5.7.1",
                () -> policy().checkRecipient(ANONYMOUS, SENDER, address("bob@elsewhere.example"), 0));
    }

    @Test
    void noRelayNetworksConfiguredMeansNotEvenLoopbackRelays() {
        SmtpSessionInfo loopback = new SmtpSessionInfo("127.0.0.1", Optional.empty(), false);
        assertRefused(554, "5.7.1",
                () -> policy().checkRecipient(loopback, SENDER, address("bob@elsewhere.example"), 0));
    }

    @Test
    void rcptToRemoteDomainFromAuthenticatedSessionIsRelayed() throws MailRejection {
        assertEquals(Route.RELAY,
                policy().checkRecipient(AUTHENTICATED, SENDER, address("bob@elsewhere.example"), 0));
    }

    @Test
    void rcptToRemoteDomainFromRelayNetworkIsRelayed() throws MailRejection {
        SmtpSessionInfo inside = new SmtpSessionInfo("192.168.10.77", Optional.empty(), false);
        SmtpSessionInfo outside = new SmtpSessionInfo("192.168.11.77", Optional.empty(), false);
        RecipientPolicy policy = policy("127.0.0.0/8, 192.168.10.0/24", false);
        assertEquals(Route.RELAY, policy.checkRecipient(inside, SENDER, address("bob@elsewhere.example"), 0));
        assertRefused(554, "5.7.1",
                () -> policy.checkRecipient(outside, SENDER, address("bob@elsewhere.example"), 0));
    }

    @Test
    void senderOnRecipientsRejectListIsRefusedWith550And571() {
        EmailAddress ann = directory.add("ann@hosted.example",
                new DeliveryRestrictions(null, List.of(), List.of(SenderPattern.parse("@remote.example"))),
                Quota.unlimited(), new QuotaUsage(0, 0));
        assertRefused(550, "5.7.1", () -> policy().checkRecipient(ANONYMOUS, SENDER, ann, 0));
    }

    @Test
    void senderNotOnNonEmptyAcceptListIsRefusedWith550And571() {
        EmailAddress ann = directory.add("ann@hosted.example",
                new DeliveryRestrictions(null, List.of(SenderPattern.parse("boss@hosted.example")), List.of()),
                Quota.unlimited(), new QuotaUsage(0, 0));
        assertRefused(550, "5.7.1", () -> policy().checkRecipient(ANONYMOUS, SENDER, ann, 0));
        assertRefused(550, "5.7.1", () -> policy().checkRecipient(ANONYMOUS, Optional.empty(), ann, 0));
        assertDoesNotThrow(() -> policy().checkRecipient(ANONYMOUS,
                Optional.of(address("boss@hosted.example")), ann, 0));
    }

    @Test
    void declaredSizeOverRecipientsLimitIsRefusedWith552And534() throws MailRejection {
        EmailAddress ann = directory.add("ann@hosted.example", new DeliveryRestrictions(1000L, null, null),
                Quota.unlimited(), new QuotaUsage(0, 0));
        assertRefused(552, "5.3.4", () -> policy().checkRecipient(ANONYMOUS, SENDER, ann, 1001));
        assertEquals(Route.LOCAL_USER, policy().checkRecipient(ANONYMOUS, SENDER, ann, 1000));
        assertEquals(Route.LOCAL_USER, policy().checkRecipient(ANONYMOUS, SENDER, ann, 0));
    }

    @Test
    void declaredSizeOverServerLimitIsRefusedForAnyRecipient() {
        assertRefused(552, "5.3.4",
                () -> policy().checkRecipient(AUTHENTICATED, SENDER, address("bob@elsewhere.example"), MAX + 1));
    }

    @Test
    void fullMailboxIsTemporaryFailure452ByDefault() {
        EmailAddress ann = directory.add("ann@hosted.example", DeliveryRestrictions.none(), new Quota(100L, null),
                new QuotaUsage(100, 3));
        assertRefused(452, "4.2.2", () -> policy().checkRecipient(ANONYMOUS, SENDER, ann, 1));
    }

    @Test
    void mailboxExactlyFullStillAdmitsAnUndeclaredSize() throws MailRejection {
        // Quota.admits with size 0: reaching a limit exactly is allowed; the actual size is judged at delivery.
        EmailAddress ann = directory.add("ann@hosted.example", DeliveryRestrictions.none(), new Quota(100L, null),
                new QuotaUsage(100, 3));
        assertEquals(Route.LOCAL_USER, policy().checkRecipient(ANONYMOUS, SENDER, ann, 0));
    }

    @Test
    void mailboxOverItsLimitIsRefusedEvenWithoutDeclaredSize() {
        EmailAddress ann = directory.add("ann@hosted.example", DeliveryRestrictions.none(), new Quota(100L, null),
                new QuotaUsage(150, 3));
        assertRefused(452, "4.2.2", () -> policy().checkRecipient(ANONYMOUS, SENDER, ann, 0));
    }

    @Test
    void fullMailboxIsPermanentFailure552WithHardQuota() {
        EmailAddress ann = directory.add("ann@hosted.example", DeliveryRestrictions.none(), new Quota(100L, null),
                new QuotaUsage(100, 3));
        assertRefused(552, "5.2.2", () -> policy("", true).checkRecipient(ANONYMOUS, SENDER, ann, 1));
    }

    @Test
    void declaredSizeCountsAgainstQuota() throws MailRejection {
        EmailAddress ann = directory.add("ann@hosted.example", DeliveryRestrictions.none(), new Quota(1000L, null),
                new QuotaUsage(900, 1));
        assertEquals(Route.LOCAL_USER, policy().checkRecipient(ANONYMOUS, SENDER, ann, 100));
        assertRefused(452, "4.2.2", () -> policy().checkRecipient(ANONYMOUS, SENDER, ann, 101));
    }

    @Test
    void restrictionsAreCheckedBeforeQuota() {
        EmailAddress ann = directory.add("ann@hosted.example",
                new DeliveryRestrictions(null, List.of(), List.of(SenderPattern.parse("@remote.example"))),
                new Quota(0L, 0L), new QuotaUsage(0, 0));
        assertRefused(550, "5.7.1", () -> policy().checkRecipient(ANONYMOUS, SENDER, ann, 0));
    }

    @Test
    void messageOverServerLimitIsRefusedAtEndOfData() {
        assertRefused(552, "5.3.4",
                () -> policy().checkMessageSize(MAX + 1, List.of(address("bob@elsewhere.example"))));
        assertDoesNotThrow(() -> policy().checkMessageSize(MAX, List.of(address("bob@elsewhere.example"))));
    }

    @Test
    void messageOverAnyLocalRecipientsLimitIsRefusedAtEndOfData() {
        EmailAddress small = directory.add("small@hosted.example", new DeliveryRestrictions(500L, null, null),
                Quota.unlimited(), new QuotaUsage(0, 0));
        EmailAddress big = directory.add("big@hosted.example");
        assertRefused(552, "5.3.4", () -> policy().checkMessageSize(501, List.of(big, small)));
        assertDoesNotThrow(() -> policy().checkMessageSize(500, List.of(big, small)));
    }

    @Test
    void localRefusalIsEmptyForAnUnrestrictedUser() {
        EmailAddress ann = directory.add("ann@hosted.example");
        assertTrue(policy().localRefusal(directory.users.get(ann), SENDER, 5000).isEmpty());
    }

    @Test
    void replyTextsCarryTheRecipientAndTheCodes() {
        MailReply reply = MailReply.unknownUser("x@hosted.example");
        assertEquals("550 5.1.1 <x@hosted.example>: no such user here", reply.toString());
        assertThrows(IllegalArgumentException.class, () -> new MailReply(250, "2.0.0", "ok"));
        assertThrows(IllegalArgumentException.class, () -> new MailReply(550, "4.1.1", "mismatch"));
        assertThrows(IllegalArgumentException.class, () -> new MailReply(550, "5.1.1", "two\r\nlines"));
    }
}

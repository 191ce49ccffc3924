package org.postroom.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postroom.domain.EmailAddress;

/**
 * {@link LdapDirectory} against UnboundID's in-memory directory server holding the tests' people, in both presets:
 * logins, binds, addresses, groups, failover and an outage. The same people on a real {@code slapd} are in
 * {@code SlapdDirectoryTest}.
 */
class LdapDirectoryTest {

    private static EmailAddress address(String text) {
        return EmailAddress.parse(text);
    }

    private static LdapDirectory over(DirectorySchema schema, String... urls) {
        return new LdapDirectory(DirectoryFixtures.settings(schema, urls));
    }

    @ParameterizedTest
    @EnumSource(DirectorySchema.class)
    void aUserIsFoundByLoginWithPrimaryAndFurtherAddresses(DirectorySchema schema) throws Exception {
        try (DirectoryFixtures.TestDirectory server = DirectoryFixtures.inMemory(schema);
                LdapDirectory directory = over(schema, server.url())) {
            DirectoryUser alice = directory.findLogin("alice").orElseThrow();
            assertEquals(Optional.of(address("alice@example.org")), alice.primary());
            assertEquals(List.of(address("a.archer@example.org"), address("sales@example.org")), alice.further(),
                    "AD's X500: proxy address is no mail address");
            assertEquals(Optional.of("Alice Archer"), alice.displayName());
            assertEquals(false, alice.disabled());
            assertEquals(Optional.empty(), directory.findLogin("nobody"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = DirectorySchema.class, names = "AD")
    void activeDirectoryLogsInByUserPrincipalNameOrSamAccountNameAndReadsTheSmtpProxyAddressAsPrimary(
            DirectorySchema schema) throws Exception {
        try (DirectoryFixtures.TestDirectory server = DirectoryFixtures.inMemory(schema);
                LdapDirectory directory = over(schema, server.url())) {
            assertEquals(directory.findLogin("alice").orElseThrow(),
                    directory.findLogin("alice@corp.example.org").orElseThrow());
            DirectoryUser bob = directory.findLogin("bob").orElseThrow();
            assertEquals(Optional.of(address("bob@example.org")), bob.primary(), "no mail: the SMTP: proxy address");
            assertEquals(false, bob.disabled(), "userAccountControl 66048 has no ACCOUNTDISABLE bit");
        }
    }

    @ParameterizedTest
    @EnumSource(DirectorySchema.class)
    void aDisabledUserIsReadAsDisabled(DirectorySchema schema) throws Exception {
        try (DirectoryFixtures.TestDirectory server = DirectoryFixtures.inMemory(schema);
                LdapDirectory directory = over(schema, server.url())) {
            assertTrue(directory.findLogin("carol").orElseThrow().disabled());
            assertInstanceOf(DirectoryRecipient.Disabled.class, directory.findAddress(address("carol@example.org")));
        }
    }

    @ParameterizedTest
    @EnumSource(DirectorySchema.class)
    void theDirectoryChecksPasswordsByBinding(DirectorySchema schema) throws Exception {
        try (DirectoryFixtures.TestDirectory server = DirectoryFixtures.inMemory(schema);
                LdapDirectory directory = over(schema, server.url())) {
            String dn = directory.findLogin("alice").orElseThrow().dn();
            assertEquals(LdapDirectory.BindOutcome.ACCEPTED, directory.bind(dn, "alice-pw-1"));
            assertEquals(LdapDirectory.BindOutcome.REJECTED, directory.bind(dn, "alice-pw-2"));
            assertEquals(LdapDirectory.BindOutcome.REJECTED, directory.bind(dn, ""),
                    "an empty password would be an unauthenticated bind, which succeeds");
            assertEquals(LdapDirectory.BindOutcome.ACCEPTED, directory.bind(dn, "alice-pw-1"),
                    "a refused bind leaves the pool usable");
        }
    }

    @ParameterizedTest
    @EnumSource(DirectorySchema.class)
    void addressesNameUsersByPrimaryOrFurtherAddressAndGroupsByTheirMail(DirectorySchema schema) throws Exception {
        try (DirectoryFixtures.TestDirectory server = DirectoryFixtures.inMemory(schema);
                LdapDirectory directory = over(schema, server.url())) {
            DirectoryRecipient.Mailbox primary = assertInstanceOf(DirectoryRecipient.Mailbox.class,
                    directory.findAddress(address("alice@example.org")));
            DirectoryRecipient.Mailbox further = assertInstanceOf(DirectoryRecipient.Mailbox.class,
                    directory.findAddress(address("sales@example.org")));
            assertEquals(address("alice@example.org"), primary.primary());
            assertEquals(address("alice@example.org"), further.primary());
            assertInstanceOf(DirectoryRecipient.Group.class, directory.findAddress(address("all@example.org")));
            assertInstanceOf(DirectoryRecipient.Unknown.class, directory.findAddress(address("x@example.org")));
        }
    }

    @ParameterizedTest
    @EnumSource(DirectorySchema.class)
    void aGroupExpandsThroughNestedGroupsToEachEnabledMemberOnceAndSurvivesItsLoop(DirectorySchema schema)
            throws Exception {
        try (DirectoryFixtures.TestDirectory server = DirectoryFixtures.inMemory(schema);
                LdapDirectory directory = over(schema, server.url())) {
            DirectoryRecipient.Group all = assertInstanceOf(DirectoryRecipient.Group.class,
                    directory.findAddress(address("all@example.org")));
            List<EmailAddress> members = directory.groupMembers(all.dn()).stream()
                    .map(u -> u.primary().orElseThrow()).toList();
            assertEquals(List.of(address("alice@example.org"), address("bob@example.org")), members,
                    "alice once (direct and through staff), bob through staff, carol disabled, the loop cut");
        }
    }

    @ParameterizedTest
    @EnumSource(DirectorySchema.class)
    void theNextServerIsAskedWhenTheFirstDoesNotAnswer(DirectorySchema schema) throws Exception {
        try (DirectoryFixtures.TestDirectory server = DirectoryFixtures.inMemory(schema);
                LdapDirectory directory = over(schema, DirectoryFixtures.deadUrl(), server.url())) {
            String dn = directory.findLogin("alice").orElseThrow().dn();
            assertEquals(LdapDirectory.BindOutcome.ACCEPTED, directory.bind(dn, "alice-pw-1"));
        }
    }

    @ParameterizedTest
    @EnumSource(DirectorySchema.class)
    void noServerAnsweringIsAnOutageNeverAnAnswer(DirectorySchema schema) throws Exception {
        try (LdapDirectory directory = over(schema, DirectoryFixtures.deadUrl(), DirectoryFixtures.deadUrl())) {
            assertThrows(DirectoryUnavailableException.class, () -> directory.findLogin("alice"));
            assertThrows(DirectoryUnavailableException.class,
                    () -> directory.findAddress(address("alice@example.org")));
            assertThrows(DirectoryUnavailableException.class,
                    () -> directory.bind("uid=alice,ou=people,dc=example,dc=org", "alice-pw-1"));
        }
    }

    @ParameterizedTest
    @EnumSource(DirectorySchema.class)
    void aServerThatStopsAndComesBackIsUsedAgain(DirectorySchema schema) throws Exception {
        try (DirectoryFixtures.TestDirectory server = DirectoryFixtures.inMemory(schema);
                LdapDirectory directory = over(schema, server.url())) {
            String dn = directory.findLogin("alice").orElseThrow().dn();
            server.stop();
            assertThrows(DirectoryUnavailableException.class, () -> directory.bind(dn, "alice-pw-1"));
            server.start();
            assertEquals(LdapDirectory.BindOutcome.ACCEPTED, directory.bind(dn, "alice-pw-1"));
            assertTrue(directory.findLogin("alice").isPresent());
        }
    }

    @ParameterizedTest
    @EnumSource(DirectorySchema.class)
    void everyUserIsReadThroughPagedResults(DirectorySchema schema) throws Exception {
        try (DirectoryFixtures.TestDirectory server = DirectoryFixtures.inMemory(schema);
                LdapDirectory directory = over(schema, server.url())) {
            List<String> seen = new ArrayList<>();
            assertEquals(4, directory.forEachUser(u -> seen.add(u.dn())));
            assertEquals(4, seen.size());
        }
    }
}

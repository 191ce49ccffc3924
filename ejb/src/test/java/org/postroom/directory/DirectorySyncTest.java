package org.postroom.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * {@link DirectorySync} reads every user in pages and hands the enabled ones with an address to the provisioning in
 * batches; on a real {@code slapd} whose size limit (500) is below the directory's 5,004 users, as Active Directory's
 * 1,000 would be.
 */
class DirectorySyncTest {

    private static String generatedUsers(int count) {
        StringBuilder ldif = new StringBuilder();
        for (int i = 0; i < count; i++) {
            ldif.append("dn: uid=user").append(i).append(",ou=people,dc=example,dc=org\n")
                    .append("objectClass: inetOrgPerson\nuid: user").append(i).append("\ncn: User ").append(i)
                    .append("\nsn: User\nmail: user").append(i).append("@example.org\n\n");
        }
        return ldif.toString();
    }

    /** The sets the reconciliation was called with, when it was. */
    private final List<Set<String>> reconciled = new ArrayList<>();

    private List<Integer> run(DirectoryFixtures.TestDirectory server, SyncTask task) {
        return run(DirectoryFixtures.settings(DirectorySchema.OPENLDAP, server.url()), task);
    }

    private List<Integer> run(DirectorySettings settings, SyncTask task) {
        List<Integer> batches = new ArrayList<>();
        try (LdapDirectory ldap = new LdapDirectory(settings)) {
            DirectorySync.run(DirectoryService.over(ldap, Duration.ofSeconds(60), Clock.systemUTC()), users -> {
                batches.add(users.size());
                return users.size();
            }, (enabled, disabled, at) -> {
                reconciled.add(enabled);
                reconciled.add(disabled);
                return new DirectorySync.Outcome(1, 0);
            }, task, Clock.systemUTC());
        }
        return batches;
    }

    @Test
    void everyEnabledUserIsProvisionedAndDisabledOnesAreCounted() {
        try (DirectoryFixtures.TestDirectory server = DirectoryFixtures.inMemory(DirectorySchema.OPENLDAP)) {
            SyncTask task = new SyncTask(1, java.time.Instant.now());
            assertEquals(List.of(3), run(server, task));
            assertEquals(SyncTask.State.DONE, task.state());
            assertEquals(4, task.seen());
            assertEquals(3, task.created());
            assertEquals(1, task.disabled());
            assertEquals(0, task.errors());
            assertEquals(List.of(Set.of("alice@example.org", "bob@example.org", "erin@example.org"),
                    Set.of("carol@example.org")), reconciled, "after the read: the enabled and the disabled users");
            assertEquals(1, task.mailboxesDisabled());
        }
    }

    @Test
    void usersWhoseMailboxExistedAtTheStartAreNotProvisionedButCountAsEnabled() {
        try (DirectoryFixtures.TestDirectory server = DirectoryFixtures.inMemory(DirectorySchema.OPENLDAP);
                LdapDirectory ldap = new LdapDirectory(
                        DirectoryFixtures.settings(DirectorySchema.OPENLDAP, server.url()))) {
            SyncTask task = new SyncTask(1, java.time.Instant.now());
            List<String> provisioned = new ArrayList<>();
            DirectorySync.run(DirectoryService.over(ldap, Duration.ofSeconds(60), Clock.systemUTC()),
                    Set.of("alice@example.org", "erin@example.org"), users -> {
                        users.forEach(u -> provisioned.add(u.primary().orElseThrow().toString()));
                        return users.size();
                    }, (enabled, disabled, at) -> {
                        reconciled.add(enabled);
                        return new DirectorySync.Outcome(0, 0);
                    }, task, Clock.systemUTC());
            assertEquals(SyncTask.State.DONE, task.state());
            assertEquals(List.of("bob@example.org"), provisioned, "only the user without a mailbox");
            assertEquals(1, task.created());
            assertEquals(List.of(Set.of("alice@example.org", "bob@example.org", "erin@example.org")), reconciled,
                    "every enabled user keeps its mailbox enabled");
        }
    }

    @Test
    void aReadThatListsNoUserAtAllReconcilesNothing() {
        try (DirectoryFixtures.TestDirectory server = DirectoryFixtures.inMemory(DirectorySchema.OPENLDAP)) {
            DirectorySettings settings = DirectoryFixtures.settings(DirectorySchema.OPENLDAP, server.url());
            DirectorySettings wrongFilter = DirectorySettings.from(name -> switch (name) {
                case "postroom.ldap.url" -> Optional.of(server.url());
                case "postroom.ldap.base.dn" -> Optional.of(settings.baseDn());
                case "postroom.ldap.bind.dn" -> settings.bindDn();
                case "postroom.ldap.bind.password" -> Optional.of(settings.bindPassword());
                case "postroom.ldap.user.filter" -> Optional.of("(objectClass=noSuchClass)");
                default -> Optional.empty();
            }).orElseThrow();
            SyncTask task = new SyncTask(1, java.time.Instant.now());
            run(wrongFilter, task);
            assertEquals(SyncTask.State.DONE, task.state());
            assertEquals(0, task.seen());
            assertEquals(List.of(), reconciled, "no mailbox is disabled by a read that found nobody");
            assertTrue(task.message().contains("no user"), task.message());
        }
    }

    @Test
    void aDirectoryThatCannotBeReadFailsTheTask() {
        try (DirectoryFixtures.TestDirectory server = DirectoryFixtures.inMemory(DirectorySchema.OPENLDAP)) {
            server.stop();
            SyncTask task = new SyncTask(1, java.time.Instant.now());
            run(server, task);
            assertEquals(SyncTask.State.FAILED, task.state());
            assertEquals(List.of(), reconciled, "a failed read disables nobody");
        }
    }

    @Test
    void fiveThousandUsersAreReadThroughPagedResultsPastTheServersSizeLimit() {
        try (DirectoryFixtures.TestDirectory server = DirectoryFixtures.slapd(DirectorySchema.OPENLDAP,
                generatedUsers(5000))) {
            SyncTask task = new SyncTask(1, java.time.Instant.now());
            List<Integer> batches = run(server, task);
            assertEquals(SyncTask.State.DONE, task.state(), task.message());
            assertEquals(5004, task.seen());
            assertEquals(5003, task.created());
            assertEquals(1, task.disabled());
            assertEquals(26, batches.size(), "batches of " + DirectorySync.BATCH);
        }
    }
}

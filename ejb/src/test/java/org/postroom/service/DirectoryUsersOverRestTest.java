package org.postroom.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postroom.directory.DirectoryUser;
import org.postroom.domain.EmailAddress;
import org.postroom.store.db.JpaAccountRepository;
import org.postroom.store.db.JpaAliasRepository;
import org.postroom.store.db.JpaDomainRepository;
import org.postroom.store.db.JpaFolderRepository;
import org.postroom.store.db.JpaImapListener;
import org.postroom.store.db.JpaMessageRepository;

/** What the REST API's user service says of a corporate directory user's mailbox (ADR 0050). */
class DirectoryUsersOverRestTest {

    private final JpaImapListener store = new JpaImapListener();

    @AfterEach
    void close() {
        store.close();
    }

    private UserService users(EntityManager em) {
        UserService service = new UserService();
        service.domains = new JpaDomainRepository(em);
        service.accounts = new JpaAccountRepository(em);
        service.aliases = new JpaAliasRepository(em);
        service.folders = new JpaFolderRepository(em);
        service.messages = new JpaMessageRepository(em);
        service.loginCache = UserAuthentications.loginCache(300);
        return service;
    }

    private void directoryUser(String address) {
        store.inTransaction(em -> UserAuthentications.mailboxes(new JpaAccountRepository(em),
                new JpaDomainRepository(em), new JpaFolderRepository(em))
                .ensure(EmailAddress.parse(address), Optional.of("Alice Archer")));
    }

    @Test
    void usersShowWhetherTheyAreLocalOrFromTheDirectory() {
        directoryUser("alice@example.org");
        String dave = store.addUser("dave");
        assertEquals("directory", store.inTransaction(em -> users(em).get("alice@example.org")).source());
        assertEquals("local", store.inTransaction(em -> users(em).get(dave)).source());
    }

    @Test
    void provisioningCreatesTheMissingMailboxesOfEnabledUsersInHostedDomainsOnce() {
        DirectoryUser alice = new DirectoryUser("uid=alice", Optional.of(EmailAddress.parse("alice@example.org")),
                List.of(), Optional.empty(), false);
        DirectoryUser carol = new DirectoryUser("uid=carol", Optional.of(EmailAddress.parse("carol@example.org")),
                List.of(), Optional.empty(), true);
        DirectoryUser remote = new DirectoryUser("uid=rem", Optional.of(EmailAddress.parse("rem@elsewhere.example")),
                List.of(), Optional.empty(), false);
        DirectoryUser nobox = new DirectoryUser("uid=svc", Optional.empty(), List.of(), Optional.empty(), false);
        DirectoryUser aliceAgain = new DirectoryUser("uid=alice2", alice.primary(), List.of(), Optional.empty(), false);
        List<DirectoryUser> users = List.of(alice, carol, remote, nobox, aliceAgain);
        int first = store.inTransaction(em -> UserAuthentications.mailboxes(new JpaAccountRepository(em),
                new JpaDomainRepository(em), new JpaFolderRepository(em)).provision(users));
        int second = store.inTransaction(em -> UserAuthentications.mailboxes(new JpaAccountRepository(em),
                new JpaDomainRepository(em), new JpaFolderRepository(em)).provision(users));
        assertEquals(1, first, "alice, once: carol is disabled, rem's domain is not hosted, svc has no address");
        assertEquals(0, second, "created once");
        assertEquals("directory", store.inTransaction(em -> users(em).get("alice@example.org")).source());
    }

    @Test
    void aDirectoryUsersPasswordCannotBeSetHereAndSaysWhy() {
        directoryUser("alice@example.org");
        ServiceException e = assertThrows(ServiceException.class,
                () -> store.inTransaction(em -> {
                    users(em).setPassword("alice@example.org", "a new password");
                    return null;
                }));
        assertEquals(ServiceException.Kind.CONFLICT, e.kind());
        assertTrue(e.getMessage().contains("directory"), e.getMessage());
    }
}

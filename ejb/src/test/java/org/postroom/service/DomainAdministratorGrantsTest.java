package org.postroom.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postroom.directory.DirectoryService;
import org.postroom.service.Views.GrantView;
import org.postroom.store.HostedDomain;
import org.postroom.store.db.JpaAccountRepository;
import org.postroom.store.db.JpaAliasRepository;
import org.postroom.store.db.JpaDkimKeyRepository;
import org.postroom.store.db.JpaDomainRepository;
import org.postroom.store.db.JpaFolderRepository;
import org.postroom.store.db.JpaImapListener;
import org.postroom.store.db.JpaMessageRepository;

/**
 * Domain administrators granted over REST (ADR 0081), without a directory: a local user made administrator of a domain
 * logs in to the API with its own password and administers that domain only; grants go with the user and the domain.
 */
class DomainAdministratorGrantsTest {

    private final JpaImapListener store = new JpaImapListener();
    private final LoginCache loginCache = UserAuthentications.loginCache(300);
    private String dave;

    @BeforeEach
    void users() {
        store.inTransaction(em -> new JpaDomainRepository(em).add(new HostedDomain("other.example", Instant.now())));
        dave = store.addUser("dave");
        store.addUser("erin");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private UserAuthenticationService authentication(EntityManager em) {
        return UserAuthentications.over(new JpaAccountRepository(em), new JpaDomainRepository(em),
                new JpaFolderRepository(em), loginCache, DirectoryService.none());
    }

    private DomainService domains(EntityManager em) {
        DomainService service = new DomainService();
        service.domains = new JpaDomainRepository(em);
        service.accounts = new JpaAccountRepository(em);
        service.aliases = new JpaAliasRepository(em);
        service.dkimKeys = new JpaDkimKeyRepository(em);
        service.loginCache = loginCache;
        service.directory = DirectoryService.none();
        service.users = authentication(em);
        return service;
    }

    private UserService userService(EntityManager em) {
        UserService service = new UserService();
        service.domains = new JpaDomainRepository(em);
        service.accounts = new JpaAccountRepository(em);
        service.aliases = new JpaAliasRepository(em);
        service.folders = new JpaFolderRepository(em);
        service.messages = new JpaMessageRepository(em);
        service.loginCache = loginCache;
        return service;
    }

    private DomainService.Granted grant(String domain, String login) {
        return store.inTransaction(em -> domains(em).grant(domain, login));
    }

    private UserAuthenticationService.Administration administration(String login, String password) {
        return store.inTransaction(em -> authentication(em).administration(login, password));
    }

    @Test
    void aLocalUserGrantedADomainAdministersItWithItsOwnPasswordAndNothingElse() {
        assertEquals(UserAuthenticationService.Administration.NONE, administration(dave, JpaImapListener.PASSWORD),
                "a mail user is no administrator until granted");
        DomainService.Granted granted = grant("other.example", "DAVE@Example.org");
        assertTrue(granted.created());
        assertEquals(dave, granted.grant().login(), "kept under the canonical address");
        assertFalse(grant("other.example", dave).created(), "PUT twice is one grant");

        UserAuthenticationService.Administration daves = administration(dave, JpaImapListener.PASSWORD);
        assertEquals(new UserAuthenticationService.Administration(false, Set.of("other.example")), daves);
        assertEquals(UserAuthenticationService.Administration.NONE, administration(dave, "a guess"));
        assertEquals(UserAuthenticationService.Administration.NONE,
                administration("erin@example.org", JpaImapListener.PASSWORD), "erin holds no grant");
        assertEquals(Set.of("other.example"),
                store.inTransaction(em -> authentication(em).administeredDomains(dave)));
        assertEquals(Set.of(), store.inTransaction(em -> authentication(em).administeredDomains("erin@example.org")));

        var view = store.inTransaction(em -> domains(em).administrators("other.example"));
        assertEquals(List.of(dave), view.granted().stream().map(GrantView::login).toList());
        assertNull(view.directoryGroup(), "no directory");
        assertEquals(List.of(), store.inTransaction(em -> domains(em).administrators("example.org")).granted());
    }

    @Test
    void aGrantToNobodyOrOfADomainNotHostedIsNotFound() {
        ServiceException nobody = assertThrows(ServiceException.class, () -> grant("other.example", "zed@example.org"));
        assertEquals(ServiceException.Kind.NOT_FOUND, nobody.kind());
        assertTrue(nobody.getMessage().contains("zed@example.org"), nobody.getMessage());
        assertEquals(ServiceException.Kind.NOT_FOUND,
                assertThrows(ServiceException.class, () -> grant("nowhere.example", dave)).kind());
    }

    @Test
    void aWithdrawnGrantAdministersNothingAndASecondWithdrawalIsNotFound() {
        grant("other.example", dave);
        store.inTransaction(em -> {
            domains(em).revoke("other.example", dave);
            return null;
        });
        assertFalse(administration(dave, JpaImapListener.PASSWORD).any());
        ServiceException again = assertThrows(ServiceException.class, () -> store.inTransaction(em -> {
            domains(em).revoke("other.example", dave);
            return null;
        }));
        assertEquals(ServiceException.Kind.NOT_FOUND, again.kind());
    }

    @Test
    void grantsGoWithTheUserSoANewUserAtTheAddressDoesNotInheritThem() {
        grant("other.example", dave);
        store.inTransaction(em -> {
            userService(em).delete(dave);
            return null;
        });
        store.addUser("dave");
        assertFalse(administration(dave, JpaImapListener.PASSWORD).any());
        assertEquals(List.of(), store.inTransaction(em -> domains(em).administrators("other.example")).granted());
    }

    @Test
    void grantsGoWithTheirDomain() {
        grant("other.example", dave);
        grant("example.org", "erin@example.org");
        store.inTransaction(em -> {
            domains(em).delete("other.example", false);
            return null;
        });
        assertFalse(administration(dave, JpaImapListener.PASSWORD).any());
        store.inTransaction(em -> {
            domains(em).delete("example.org", true);
            return null;
        });
        store.inTransaction(em -> new JpaDomainRepository(em).add(new HostedDomain("example.org", Instant.now())));
        assertEquals(List.of(), store.inTransaction(em -> domains(em).administrators("example.org")).granted());
    }
}

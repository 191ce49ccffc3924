package org.postroom.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Which requests a domain administrator may make, and for which domain (ADR 0068). */
class DomainScopeTest {

    private static Optional<String> scope(String method, String path, String domainQuery) {
        List<String> segments = Arrays.asList(path.split("/"));
        return DomainScope.of(method, segments, domainQuery);
    }

    @Test
    void aUserOrAliasRequestIsAboutItsAddressesDomain() {
        assertEquals(Optional.of("example.org"), scope("GET", "users/ann@Example.org", null));
        assertEquals(Optional.of("example.org"), scope("PUT", "users/ann@example.org", null));
        assertEquals(Optional.of("example.org"), scope("DELETE", "users/ann@example.org", null));
        assertEquals(Optional.of("example.org"), scope("PUT", "users/ann@example.org/password", null));
        assertEquals(Optional.of("example.org"), scope("PUT", "users/ann@example.org/quota", null));
        assertEquals(Optional.of("example.org"), scope("PUT", "users/ann@example.org/restrictions", null));
        assertEquals(Optional.of("example.org"), scope("GET", "users/ann@example.org/send-as", null));
        assertEquals(Optional.of("example.org"), scope("PUT", "aliases/sales@example.org", null));
        assertEquals(Optional.of("example.org"), scope("GET", "domains/example.org", null));
    }

    @Test
    void aListingIsAboutTheDomainItIsFilteredBy() {
        assertEquals(Optional.of("example.org"), scope("GET", "users", "example.org"));
        assertEquals(Optional.of("example.org"), scope("GET", "aliases", "Example.org"));
        assertEquals(Optional.empty(), scope("GET", "users", null), "every domain's users");
        assertEquals(Optional.empty(), scope("GET", "aliases", " "));
    }

    @Test
    void everythingElseIsForGlobalAdministratorsOnly() {
        assertEquals(Optional.empty(), scope("PUT", "users/ann@example.org/send-as", null),
                "send-as grants name addresses of any domain");
        assertEquals(Optional.empty(), scope("GET", "domains", null));
        assertEquals(Optional.empty(), scope("PUT", "domains/example.org", null));
        assertEquals(Optional.empty(), scope("DELETE", "domains/example.org", null));
        assertEquals(Optional.empty(), scope("GET", "queue", "example.org"));
        assertEquals(Optional.empty(), scope("POST", "directory/sync", null));
        assertEquals(Optional.empty(), scope("GET", "tasks/1", null));
        assertEquals(Optional.empty(), scope("GET", "users/no-at-sign", null));
        assertEquals(Optional.empty(), scope("GET", "", null));
        assertEquals(Optional.empty(), scope("GET", "domains/example.org/dkim", null));
    }

    @Test
    void aDomainAdministratorSeesItsDomainsAdministratorsButOnlyAGlobalOneGrantsOrWithdraws() {
        assertEquals(Optional.of("example.org"), scope("GET", "domains/example.org/admins", null));
        assertEquals(Optional.empty(), scope("PUT", "domains/example.org/admins/ann@example.org", null),
                "else a domain administrator could make its users administrators");
        assertEquals(Optional.empty(), scope("DELETE", "domains/example.org/admins/ann@example.org", null));
        assertEquals(Optional.empty(), scope("GET", "domains/example.org/admins/ann@example.org", null));
    }

    @Test
    void aChangeOfAUserNamesThatUserSoItsOwnGrantsCanBeCheckedAndAReadNamesNobody() {
        assertEquals(Optional.of("ann@example.org"),
                DomainScope.changedUser("PUT", List.of("users", "ann@example.org", "password")));
        assertEquals(Optional.of("ann@example.org"), DomainScope.changedUser("DELETE", List.of("users",
                "ann@example.org")));
        assertEquals(Optional.empty(), DomainScope.changedUser("GET", List.of("users", "ann@example.org")));
        assertEquals(Optional.empty(), DomainScope.changedUser("PUT", List.of("aliases", "ann@example.org")));
        assertEquals(Optional.empty(), DomainScope.changedUser("PUT", List.of("users")));
    }
}

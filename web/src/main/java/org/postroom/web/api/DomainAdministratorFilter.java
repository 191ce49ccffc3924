package org.postroom.web.api;

import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.ejb.EJB;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;

import org.postroom.service.UserAuthenticationService;

/**
 * Keeps a domain administrator (role {@code domain-admin}, ADR 0068 and 0081) to the domains its directory groups and
 * its REST grants give it: a request whose {@link DomainScope} is one of them passes, any other gets {@code 403} with a
 * message. A change of a user who administers a domain the caller does not is refused too. Global administrators (role
 * {@code admin}) pass untouched; nobody else gets this far (web.xml).
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class DomainAdministratorFilter implements ContainerRequestFilter {

    @EJB
    UserAuthenticationService users;

    @Override
    public void filter(ContainerRequestContext request) {
        SecurityContext security = request.getSecurityContext();
        if (security == null || security.isUserInRole("admin") || security.getUserPrincipal() == null) {
            return;
        }
        String domain = DomainScope.of(request.getMethod(), segments(request),
                request.getUriInfo().getQueryParameters().getFirst("domain")).orElse(null);
        Set<String> mine = users.administeredDomains(security.getUserPrincipal().getName());
        if (domain == null) {
            request.abortWith(ApiError.response(403, "a domain administrator may manage only the users, aliases,"
                    + " restrictions and quotas of " + String.join(", ", mine)
                    + " (name the domain: ?domain= or an address in it); this needs a global administrator"));
        } else if (!mine.contains(domain)) {
            request.abortWith(ApiError.response(403, "not an administrator of " + domain + "; a domain administrator"
                    + " of " + String.join(", ", mine)));
        } else {
            DomainScope.changedUser(request.getMethod(), segments(request)).ifPresent(user -> {
                Set<String> theirs = users.administeredDomains(user);
                if (!mine.containsAll(theirs)) {
                    // else a domain administrator could set that user's password and act in the user's other domains
                    request.abortWith(ApiError.response(403, user + " administers " + String.join(", ", theirs)
                            + "; only a global administrator may change that user"));
                }
            });
        }
    }

    private static java.util.List<String> segments(ContainerRequestContext request) {
        return request.getUriInfo().getPathSegments().stream().map(PathSegment::getPath).toList();
    }
}

package org.postroom.web.security;

import java.util.Set;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;

import org.postroom.service.AdminCredentialService;
import org.postroom.service.UserAuthenticationService;

/**
 * The administrator credential (configured or generated), then, with a corporate directory, the members of
 * {@code postroom.ldap.admin.group} (ADR 0050), as the identity store that {@link AdminAuthenticationMechanism}
 * asks for HTTP Basic logins: role {@code admin}. The members of a domain's {@code postroom.ldap.domain.admin.group}
 * get role {@code domain-admin}, kept to their domains by {@link org.postroom.web.api.DomainAdministratorFilter}
 * (ADR 0068).
 */
@ApplicationScoped
public class AdminIdentityStore implements IdentityStore {

    @EJB
    AdminCredentialService credentials;

    @EJB
    UserAuthenticationService users;

    public CredentialValidationResult validate(UsernamePasswordCredential credential) {
        if (credentials.verify(credential.getCaller(), credential.getPasswordAsString())) {
            return new CredentialValidationResult(credential.getCaller(), Set.of("admin"));
        }
        UserAuthenticationService.Administration administration = users.administration(credential.getCaller(),
                credential.getPasswordAsString());
        if (administration.global()) {
            return new CredentialValidationResult(credential.getCaller(), Set.of("admin"));
        }
        if (administration.any()) {
            return new CredentialValidationResult(credential.getCaller(), Set.of("domain-admin"));
        }
        return CredentialValidationResult.INVALID_RESULT;
    }
}

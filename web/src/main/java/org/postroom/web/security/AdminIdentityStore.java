package org.postroom.web.security;

import java.util.Set;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;

import org.postroom.service.AdminCredentialService;

/**
 * The administrator credential (configured or generated) as the identity store that
 * {@link AdminAuthenticationMechanism} asks for HTTP Basic logins.
 */
@ApplicationScoped
public class AdminIdentityStore implements IdentityStore {

    @EJB
    AdminCredentialService credentials;

    public CredentialValidationResult validate(UsernamePasswordCredential credential) {
        if (credentials.verify(credential.getCaller(), credential.getPasswordAsString())) {
            return new CredentialValidationResult(credential.getCaller(), Set.of("admin"));
        }
        return CredentialValidationResult.INVALID_RESULT;
    }
}

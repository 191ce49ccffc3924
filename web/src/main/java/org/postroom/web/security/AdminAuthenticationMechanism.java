package org.postroom.web.security;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.postroom.config.PostroomConfig;

/**
 * HTTP Basic for the admin API (ADR 0006), refused over plain HTTP from other machines and with failed logins
 * throttled per client address (issue 14, ADR 0049): the decisions are {@link AdminLoginGate}'s, this class only speaks
 * servlet. Unprotected paths (health, OpenAPI) pass untouched.
 */
@ApplicationScoped
@DeclareRoles({"admin", "domain-admin"})
public class AdminAuthenticationMechanism implements HttpAuthenticationMechanism {

    static final String CHALLENGE = "Basic realm=\"Postroom administration\"";

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    PostroomConfig config;

    private volatile AdminLoginGate gate;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        if (!context.isProtected()) {
            return context.doNothing();
        }
        AdminLoginGate.Outcome outcome = gate().attempt(clientAddress(request), request.isSecure(),
                request.getHeader("Authorization"), identityStores::validate);
        if (outcome instanceof AdminLoginGate.LoggedIn in) {
            return context.notifyContainerAboutLogin(in.result());
        }
        if (outcome instanceof AdminLoginGate.Refused refused) {
            refused.retryAfter().ifPresent(d -> response.setHeader("Retry-After", Long.toString(d.toSeconds())));
            response.setStatus(refused.status());
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            try {
                response.getWriter().write(Json.createObjectBuilder()
                        .add("status", refused.status())
                        .add("message", refused.message())
                        .build()
                        .toString());
            } catch (IOException e) {
                // the client went away; the status is set
            }
            return AuthenticationStatus.SEND_FAILURE;
        }
        response.setHeader("WWW-Authenticate", CHALLENGE);
        return context.responseUnauthorized();
    }

    private AdminLoginGate gate() {
        AdminLoginGate g = gate;
        if (g == null) {
            synchronized (this) {
                if (gate == null) {
                    gate = new AdminLoginGate(LoginThrottle.defaults(), config.limitsExemptLoopback());
                }
                g = gate;
            }
        }
        return g;
    }

    /** The peer's address (a literal: no name lookup); the wildcard address when it cannot be parsed. */
    static InetAddress clientAddress(HttpServletRequest request) {
        try {
            return InetAddress.getByName(request.getRemoteAddr());
        } catch (UnknownHostException | RuntimeException e) {
            try {
                return InetAddress.getByAddress(new byte[4]);
            } catch (UnknownHostException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }
}

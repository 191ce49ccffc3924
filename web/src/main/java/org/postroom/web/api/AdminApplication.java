package org.postroom.web.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The administration API: everything under /api needs the admin role. */
@ApplicationPath("/api")
@OpenAPIDefinition(info = @Info(title = "Postroom administration API", version = "1", description = "Domains, users and their mailboxes, aliases, restrictions and quotas. Errors are JSON objects"
        + " {\"status\", \"message\"}."), security = @SecurityRequirement(name = "basic"))
@SecurityScheme(securitySchemeName = "basic", type = SecuritySchemeType.HTTP, scheme = "basic")
public class AdminApplication extends Application {
}

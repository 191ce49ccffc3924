package org.postroom.service;

import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;

/** At start, makes sure the administrator can log in; a generated password is printed here, once. */
@Startup
@Singleton
@DependsOn("SchemaBootstrap")
public class AdminBootstrap {

    /** bin/postroom looks for this marker in the log to show the generated password. */
    public static final String GENERATED_MARKER = "POSTROOM-ADMIN-PASSWORD";
    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class.getName());

    @EJB
    AdminCredentialService credentials;

    @PostConstruct
    void start() {
        credentials.ensureCredential()
                .ifPresent(password -> LOG.warning(GENERATED_MARKER + " Generated the administrator password (shown"
                        + " only this once; only its hash is stored). user=" + credentials.adminUser() + " password="
                        + password));
    }
}

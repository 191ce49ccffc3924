package it.incontainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import javax.naming.InitialContext;
import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postroom.connector.api.AuthenticationResult;
import org.postroom.connector.api.QueueIds;
import org.postroom.connector.api.imap.SearchKey;
import org.postroom.connector.api.mime.MessageStructure;
import org.postroom.service.AliasService;
import org.postroom.service.DomainService;
import org.postroom.service.ServiceException;
import org.postroom.service.UserAuthenticationService;
import org.postroom.service.UserService;
import org.postroom.service.Views.UserView;
import org.postroom.store.Account;
import org.postroom.store.AccountRepository;
import org.postroom.store.Folder;
import org.postroom.store.ContentRepository;
import org.postroom.store.FolderRepository;
import org.postroom.store.MessageRepository;
import org.postroom.store.MessageContent;
import org.postroom.store.schema.SchemaMigrations;

/**
 * The services and repositories inside the running server, in its container transactions, on its real data source
 * (jdbc/postroom): Arquillian deploys this class with the business classes as a separate web application.
 */
@ExtendWith(ArquillianExtension.class)
class ServicesInContainerIT {

    @Deployment
    static WebArchive deployment() {
        WebArchive war = ShrinkWrap.create(WebArchive.class, "postroom-incontainer.war")
                // QueueService drives the queue's life in org.postroom.mail (its schedule and reports), which this
                // archive leaves to the application: the test does not use it.
                .addPackages(false, path -> !path.get().contains("/QueueService"), "org.postroom.domain",
                        "org.postroom.store", "org.postroom.store.db", "org.postroom.store.schema",
                        "org.postroom.service", "org.postroom.config", "org.postroom.directory",
                        // a new domain gets its DKIM key (ADR 0060): the keyring, the signer and the header reading
                        "org.postroom.dkim", "org.postroom.model.dkim", "org.postroom.model.mime",
                        // the schema 8 backfill after Flyway (ADR 0078): the content analysis and the search texts
                        "org.postroom.mime", "org.postroom.model.search")
                .addPackage(QueueIds.class.getPackage())
                .addPackage(MessageStructure.class.getPackage())
                .addPackage(SearchKey.class.getPackage())
                .addAsResource("META-INF/persistence.xml")
                // the id sequence generator (ADR 0022): without it EclipseLink asks for a sequence named prIds
                .addAsResource("META-INF/orm.xml")
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
        for (SchemaMigrations.Dialect d : SchemaMigrations.Dialect.values()) {
            String folder = "META-INF/postroom/schema/" + d.folder() + "/";
            war.addAsResource(folder + "migrations.txt");
            for (String script : SchemaMigrations.scripts(d)) {
                war.addAsResource(folder + script);
            }
        }
        // Flyway and its PostgreSQL plugin, the LDAP SDK (ADR 0050) and Mime4j, as the EAR bundles them in lib/.
        for (String type : new String[]{"org.flywaydb.core.Flyway", "com.unboundid.ldap.sdk.LDAPConnection",
                "org.apache.james.mime4j.codec.DecoderUtil",
                "org.flywaydb.database.postgresql.PostgreSQLDatabaseType",
                "org.flywaydb.database.cockroachdb.CockroachDBDatabaseType"}) {
            try {
                war.addAsLibraries(new File(Class.forName(type).getProtectionDomain().getCodeSource().getLocation()
                        .toURI()));
            } catch (ClassNotFoundException | URISyntaxException e) {
                throw new IllegalStateException("cannot find the jar of " + type, e);
            }
        }
        return war;
    }

    @EJB
    DomainService domains;
    @EJB
    UserService users;
    @EJB
    AliasService aliases;
    @EJB
    UserAuthenticationService authentication;
    @Inject
    AccountRepository accounts;
    @Inject
    FolderRepository folders;

    @Inject
    MessageRepository messages;

    @Inject
    ContentRepository contents;
    @Resource(lookup = "jdbc/postroom")
    DataSource dataSource;

    private static String domain() {
        return "ic" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + ".test";
    }

    @Test
    void schemaOnTheServersDatabaseIsCurrent() throws Exception {
        SchemaMigrations.Outcome outcome = SchemaMigrations.migrate(dataSource);
        assertEquals(SchemaMigrations.Dialect.H2, outcome.dialect(), "the embedded default");
        assertEquals(List.of(), outcome.applied(), "the server migrated at start");
    }

    @Test
    void servicesCreateUsersWithMailboxesAndRefuseLoops() {
        String d = domain();
        assertTrue(domains.create(d));
        UserView ann = users.create("Ann@" + d, "correct horse battery", "Ann");
        assertEquals("ann@" + d, ann.address());
        assertEquals(5, ann.folders().size());
        assertTrue(aliases.put("a@" + d, List.of(ann.address())));
        assertTrue(aliases.put("b@" + d, List.of("a@" + d)));
        ServiceException loop = assertThrows(ServiceException.class, () -> aliases.put("a@" + d, List.of("b@" + d)));
        assertEquals(ServiceException.Kind.INVALID, loop.kind());
        assertEquals(List.of(ann.address()), aliases.get("a@" + d).targets(), "the refused change rolled back");
        ServiceException conflict = assertThrows(ServiceException.class,
                () -> users.create("ann@" + d, "correct horse battery", null));
        assertEquals(ServiceException.Kind.CONFLICT, conflict.kind());
        domains.delete(d, true);
        assertThrows(ServiceException.class, () -> users.get(ann.address()));
    }

    @Test
    void usersLogInWithTheirPasswordOnly() {
        String d = domain();
        domains.create(d);
        users.create("bob@" + d, "correct horse battery", null);
        assertEquals(AuthenticationResult.authenticated("bob@" + d),
                authentication.authenticate("Bob@" + d, "correct horse battery"));
        assertEquals(AuthenticationResult.invalidCredentials(),
                authentication.authenticate("bob@" + d, "wrong horse battery"));
        assertEquals(AuthenticationResult.invalidCredentials(),
                authentication.authenticate("nobody@" + d, "correct horse battery"));
    }

    @Test
    void appendsAllocateUidsInTheContainerTransactionAndRollBackCleanly() throws Exception {
        String d = domain();
        domains.create(d);
        String address = users.create("cy@" + d, "correct horse battery", null).address();
        UserTransaction tx = (UserTransaction) new InitialContext().lookup("java:comp/UserTransaction");

        tx.begin();
        Account cy = accounts.find(address).orElseThrow();
        Folder inbox = folders.folder(cy, "INBOX").orElseThrow();
        MessageContent content = contents
                .storeContent("Subject: x\r\n\r\nrolled back\r\n".getBytes(StandardCharsets.US_ASCII));
        messages.append(inbox, content, Instant.now(), 0);
        tx.rollback();
        assertEquals(0, users.quota(address).usedMessages());

        tx.begin();
        cy = accounts.find(address).orElseThrow();
        inbox = folders.folder(cy, "INBOX").orElseThrow();
        content = contents.storeContent("Subject: y\r\n\r\nkept\r\n".getBytes(StandardCharsets.US_ASCII));
        long first = messages.append(inbox, content, Instant.now(), 0).getUid();
        long second = messages.append(inbox, content, Instant.now(), 0).getUid();
        tx.commit();
        assertEquals(second, first + 1);
        assertEquals(2, users.quota(address).usedMessages());
        assertFalse(users.get(address).folders().isEmpty());
    }
}

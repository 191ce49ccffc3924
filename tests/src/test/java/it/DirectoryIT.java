package it;

import static it.Postroom.call;
import static it.Postroom.delete;
import static it.Postroom.get;
import static it.Postroom.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The running server against a real OpenLDAP {@code slapd} over its sockets (issue 13, ADR 0067): directory users log
 * in over IMAP, POP3 and SMTP AUTH with their directory passwords, mail to a directory group (one member through a
 * nested group) reaches each member's mailbox, the sync task runs over REST, and a domain administrator from a
 * directory group manages its domain only. The test starts slapd, points the
 * server at it with a configDropins override and restarts it; afterwards it removes the override and restarts it
 * again, so the other tests see a server without a directory.
 */
class DirectoryIT {

    private static final String OVERRIDE = "directory-it";
    private static Slapd slapd;
    private static String domain;

    @BeforeAll
    static void pointTheServerAtADirectory() throws Exception {
        Postroom.admin(); // read from the first start's log before the restart rotates it
        domain = Postroom.uniqueDomain();
        slapd = Slapd.start(ldif(domain));
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("postroom.ldap.url", slapd.url());
        variables.put("postroom.ldap.base.dn", Slapd.BASE_DN);
        variables.put("postroom.ldap.bind.dn", "cn=postroom," + Slapd.BASE_DN);
        variables.put("postroom.ldap.bind.password", "service-pw");
        variables.put("postroom.ldap.disabled.filter", "(employeeType=disabled)");
        variables.put("postroom.ldap.sync.interval", "0");
        variables.put("postroom.ldap.domain.admin.group", "cn=mail-admins-{domain},ou=groups," + Slapd.BASE_DN);
        Postroom.restartWithVariables(OVERRIDE, variables);
        put("/api/domains/" + domain, null).expect(201);
    }

    @AfterAll
    static void removeTheDirectory() throws Exception {
        try {
            Postroom.restartWithoutVariables(OVERRIDE);
        } finally {
            if (slapd != null) {
                slapd.close();
            }
        }
    }

    @Test
    void aDirectoryUserLogsInOverImapWithTheDirectoryPasswordAndNotWithAnother() throws Exception {
        try (ImapIT.Imap imap = new ImapIT.Imap(ImapIT.IMAP_PORT)) {
            assertTrue(imap.command("a1", "LOGIN cat \"wrong\"").startsWith("a1 NO "));
            String ok = imap.command("a2", "LOGIN cat \"cat-pw\"");
            assertTrue(ok.startsWith("a2 OK"), ok);
            assertTrue(imap.command("a3", "SELECT Sent").startsWith("a3 OK"), "the mailbox has the default folders");
        }
        JsonObject user = get("/api/users/cat@" + domain).expect(200).object();
        assertEquals("directory", user.getString("source"));
        assertEquals(false, user.getBoolean("disabled"));
    }

    @Test
    void aDirectoryUserLogsInOverPop3AndSmtpAuthWithTheDirectoryPassword() throws Exception {
        try (Pop3IT.Pop3 pop = new Pop3IT.Pop3(Pop3IT.POP3_PORT)) {
            assertEquals("+OK Send PASS", pop.command("USER cat@" + domain));
            assertEquals("+OK Maildrop ready", pop.command("PASS cat-pw"));
        }
        try (Smtp smtp = Smtp.connect(Smtp.SUBMISSION_PORT)) {
            smtp.command("EHLO it.test", 250);
            smtp.command("AUTH PLAIN " + plain("cat", "ann-pw"), 535);
            smtp.command("AUTH PLAIN " + plain("cat", "cat-pw"), 235);
        }
    }

    @Test
    void mailToADirectoryGroupReachesEachMemberAndTheyReadItWithTheirDirectoryPasswords() throws Exception {
        try (Smtp smtp = Smtp.connect(Smtp.SMTP_PORT)) {
            smtp.command("EHLO it.test", 250);
            Smtp.queueId(smtp.transaction("sender@remote.example", List.of("team@" + domain),
                    Smtp.message("to the team")));
            smtp.command("MAIL FROM:<sender@remote.example>", 250);
            assertTrue(smtp.command("RCPT TO:<nobody@" + domain + ">", 550).contains("5.1.1"));
        }
        awaitMessages("ann@" + domain, 1);
        awaitMessages("ben@" + domain, 1); // through the nested group
        try (ImapIT.Imap imap = new ImapIT.Imap(ImapIT.IMAP_PORT)) {
            assertTrue(imap.command("a1", "LOGIN ben \"ben-pw\"").startsWith("a1 OK"));
            imap.send("a2 SELECT INBOX");
            String line;
            boolean one = false;
            while (!(line = imap.in.readLine()).startsWith("a2 ")) {
                one |= line.equals("* 1 EXISTS");
            }
            assertTrue(line.startsWith("a2 OK") && one, line);
        }
    }

    @Test
    void theSyncTaskReadsTheDirectoryOverRest() throws Exception {
        Postroom.Reply started = call("POST", "/api/directory/sync", "").expect(202);
        long id = started.object().getJsonNumber("id").longValue();
        JsonObject task = null;
        for (int i = 0; i < 100; i++) {
            task = get("/api/tasks/" + id).expect(200).object();
            if (!task.getString("state").equals("RUNNING")) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals("DONE", task.getString("state"), task.toString());
        assertTrue(task.getInt("seen") >= 5, "four people and gus (hal too, if the outage test ran first): " + task);
        assertEquals(1, task.getInt("disabled"), "dan is disabled: " + task);
        get("/api/users/ann@" + domain).expect(200);
        get("/api/users/dan@" + domain).expect(404);
    }

    @Test
    void aDomainAdministratorFromADirectoryGroupManagesThatDomainOnly() {
        String body = "{\"password\":\"correct horse battery\"}";
        call("GET", "/api/users?domain=" + domain, null, "cat", "cat-pw", null).expect(200);
        call("PUT", "/api/users/made-by-cat@" + domain, body, "cat", "cat-pw", "application/json").expect(201);
        String other = Postroom.newDomain();
        assertTrue(call("GET", "/api/users?domain=" + other, null, "cat", "cat-pw", null).expect(403).message()
                .contains(domain), "the message names the domains cat administers");
        call("PUT", "/api/users/x@" + other, body, "cat", "cat-pw", "application/json").expect(403);
        call("GET", "/api/queue", null, "cat", "cat-pw", null).expect(403);
        call("GET", "/api/domains", null, "cat", "cat-pw", null).expect(403);
        assertEquals(401, call("GET", "/api/users?domain=" + domain, null, "ann", "ann-pw", null).status(),
                "ann administers nothing");
    }

    @Test
    void aGrantOverRestAddsToTheDirectoryGroupsDomains() {
        String other = Postroom.newDomain();
        assertEquals("ben@" + domain, put("/api/domains/" + other + "/admins/ben", null).expect(201).object()
                .getString("login"), "kept under ben's primary address");
        put("/api/domains/" + domain + "/admins/cat", null).expect(201);
        call("GET", "/api/users?domain=" + other, null, "ben", "ben-pw", null).expect(200);
        assertTrue(call("GET", "/api/users?domain=" + domain, null, "ben", "ben-pw", null).expect(403).message()
                .contains(other));
        JsonObject admins = get("/api/domains/" + domain + "/admins").expect(200).object();
        assertEquals("cn=mail-admins-" + domain + ",ou=groups," + Slapd.BASE_DN, admins.getString("directoryGroup"));
        assertEquals("cat@" + domain, admins.getJsonArray("granted").getJsonObject(0).getString("login"));
        put("/api/domains/" + other + "/admins/nobody", null).expect(404);
        delete("/api/domains/" + other + "/admins/ben").expect(204);
        assertEquals(401, call("GET", "/api/users?domain=" + other, null, "ben", "ben-pw", null).status());
    }

    /**
     * slapd stopped mid-test: a directory user nothing has cached gets temporary errors on every protocol, RCPT to its
     * address 451 (never 550), while mail to an existing mailbox is accepted and delivered; when slapd is back, the
     * same user logs in and the mail the sender kept is delivered; nothing bounced.
     */
    @Test
    void whileTheDirectoryIsDownLoginsAndUnknownRecipientsGetTemporaryErrorsAndNothingIsLost() throws Exception {
        // hal is new to the directory: no look-up, login or sync has seen him
        slapd.add("""
                dn: uid=hal,ou=people,%1$s
                objectClass: inetOrgPerson
                uid: hal
                cn: hal
                sn: hal
                mail: hal@%2$s
                userPassword: hal-pw
                """.formatted(Slapd.BASE_DN, domain));
        try (ImapIT.Imap imap = new ImapIT.Imap(ImapIT.IMAP_PORT)) {
            assertTrue(imap.command("a1", "LOGIN gus \"gus-pw\"").startsWith("a1 OK"), "gus has a mailbox");
        }
        slapd.stop();
        try {
            try (ImapIT.Imap imap = new ImapIT.Imap(ImapIT.IMAP_PORT)) {
                String no = imap.command("a1", "LOGIN hal \"hal-pw\"");
                assertTrue(no.startsWith("a1 NO [UNAVAILABLE]"), no);
            }
            try (Pop3IT.Pop3 pop = new Pop3IT.Pop3(Pop3IT.POP3_PORT)) {
                pop.command("USER hal@" + domain);
                String err = pop.command("PASS hal-pw");
                assertTrue(err.startsWith("-ERR [SYS/TEMP]"), err);
            }
            try (Smtp smtp = Smtp.connect(Smtp.SUBMISSION_PORT)) {
                smtp.command("EHLO it.test", 250);
                assertTrue(smtp.command("AUTH PLAIN " + plain("hal", "hal-pw"), 454).contains("4.7.0"));
            }
            try (Smtp smtp = Smtp.connect(Smtp.SMTP_PORT)) {
                smtp.command("EHLO it.test", 250);
                smtp.command("MAIL FROM:<sender@remote.example>", 250);
                assertTrue(smtp.command("RCPT TO:<hal@" + domain + ">", 451).contains("4.4.3"));
                smtp.command("RCPT TO:<gus@" + domain + ">", 250);
                smtp.command("DATA", 354);
                for (String line : Smtp.message("during the outage").split("\n")) {
                    smtp.send(line);
                }
                smtp.send(".");
                smtp.expect(250);
            }
            awaitMessages("gus@" + domain, 1);
        } finally {
            slapd.resume();
        }
        // the pools reconnect on demand: the first login after the restart may still meet the closed connection
        String ok = "";
        for (int i = 0; i < 50 && !ok.startsWith("a1 OK"); i++) {
            try (ImapIT.Imap imap = new ImapIT.Imap(ImapIT.IMAP_PORT)) {
                ok = imap.command("a1", "LOGIN hal \"hal-pw\"");
            }
            if (!ok.startsWith("a1 OK")) {
                Thread.sleep(200);
            }
        }
        assertTrue(ok.startsWith("a1 OK"), "hal logs in when slapd is back: " + ok);
        try (Smtp smtp = Smtp.connect(Smtp.SMTP_PORT)) {
            smtp.command("EHLO it.test", 250);
            Smtp.queueId(smtp.transaction("sender@remote.example", List.of("hal@" + domain),
                    Smtp.message("sent again after the outage")));
        }
        awaitMessages("hal@" + domain, 1);
        assertEquals(0, get("/api/queue?state=BOUNCED&recipientDomain=" + domain).expect(200).json().asJsonArray()
                .size(), "nothing bounced");
    }

    private static void awaitMessages(String user, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        String last = "";
        while (System.nanoTime() < deadline) {
            Postroom.Reply quota = get("/api/users/" + user + "/quota");
            last = quota.status() + " " + quota.body();
            if (quota.status() == 200 && quota.object().getJsonNumber("usedMessages").longValue() == expected) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(user + ": expected " + expected + " message(s), last: " + last);
    }

    private static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Five people (dan disabled) and a distribution group with a nested group, in {@code domain}. */
    private static String ldif(String domain) throws IOException {
        String base = Slapd.BASE_DN;
        StringBuilder ldif = new StringBuilder("""
                dn: %1$s
                objectClass: dcObject
                objectClass: organization
                o: Example
                dc: example

                dn: ou=people,%1$s
                objectClass: organizationalUnit
                ou: people

                dn: ou=groups,%1$s
                objectClass: organizationalUnit
                ou: groups

                dn: cn=postroom,%1$s
                objectClass: organizationalRole
                objectClass: simpleSecurityObject
                cn: postroom
                userPassword: service-pw

                dn: cn=team,ou=groups,%1$s
                objectClass: groupOfNames
                objectClass: extensibleObject
                cn: team
                mail: team@%2$s
                member: uid=ann,ou=people,%1$s
                member: cn=inner,ou=groups,%1$s

                dn: cn=mail-admins-%2$s,ou=groups,%1$s
                objectClass: groupOfNames
                cn: mail-admins-%2$s
                member: uid=cat,ou=people,%1$s

                dn: cn=inner,ou=groups,%1$s
                objectClass: groupOfNames
                cn: inner
                member: uid=ben,ou=people,%1$s
                member: uid=dan,ou=people,%1$s

                """.formatted(base, domain));
        for (String name : List.of("ann", "ben", "cat", "dan", "gus")) {
            ldif.append("""
                    dn: uid=%1$s,ou=people,%2$s
                    objectClass: inetOrgPerson
                    uid: %1$s
                    cn: %1$s
                    sn: %1$s
                    mail: %1$s@%3$s
                    userPassword: %1$s-pw
                    """.formatted(name, base, domain));
            if (name.equals("dan")) {
                ldif.append("employeeType: disabled\n");
            }
            ldif.append('\n');
        }
        return ldif.toString();
    }
}

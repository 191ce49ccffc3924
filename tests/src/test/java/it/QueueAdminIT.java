package it;

import static it.Postroom.call;
import static it.Postroom.get;
import static it.Postroom.newDomain;
import static it.Postroom.newUser;
import static it.Postroom.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;

/**
 * The queue an administrator runs (issue 12): a message submitted to an outside address waits (no outbound client or
 * no route in this server: QUEUED, then DEFERRED), and is held, released, bounced with a report to its sender, or
 * dropped over REST; send-as grants decide who may submit as whom.
 */
class QueueAdminIT {

    private static String submit(String user, String from, String to) throws Exception {
        try (Smtp smtp = Smtp.connect(Smtp.SUBMISSION_PORT)) {
            smtp.command("EHLO it.test", 250);
            smtp.command("AUTH PLAIN " + Base64.getEncoder().encodeToString(("\0" + user + "\0"
                    + SmtpDeliveryIT.PASSWORD).getBytes(StandardCharsets.UTF_8)), 235);
            return Smtp.queueId(smtp.transaction(from, List.of(to),
                    Smtp.message("queue admin").replace("From: sender@remote.example", "From: " + from)));
        }
    }

    private static String state(JsonObject job) {
        return job.getString("state");
    }

    /** Waits until local delivery has routed the message (its state is no longer QUEUED); fails after 15 s. */
    private static void awaitRouted(String id) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!"QUEUED".equals(state(SmtpDeliveryIT.job(id)))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("message " + id + " is still QUEUED");
    }

    @Test
    void aWaitingMessageIsHeldReleasedAndBouncedWithAReportToItsSender() throws Exception {
        String user = newUser(newDomain(), "qa");
        String id = submit(user, user, "friend@elsewhere.example");
        awaitRouted(id);
        assertEquals("WAITING", state(SmtpDeliveryIT.job(id)), "no DNS here: the remote recipient waits");
        assertTrue(get("/api/queue?recipientDomain=elsewhere.example&limit=500").expect(200).body().contains(id));
        JsonObject held = call("POST", "/api/queue/" + id + "/hold", null).expect(200).object();
        assertEquals("HELD", state(held));
        assertTrue(call("POST", "/api/queue/" + id + "/hold", null).expect(409).message().contains(id));
        assertEquals("WAITING", state(call("POST", "/api/queue/" + id + "/release", null).expect(200).object()));
        JsonObject bounced = call("POST", "/api/queue/" + id + "/bounce", null).expect(200).object();
        assertEquals("BOUNCED", state(bounced));
        assertTrue(bounced.getJsonArray("recipients").getJsonObject(0).getString("detail")
                .contains("by the administrator"), bounced.toString());
        SmtpDeliveryIT.awaitMessages(user, 1); // the failure report, in the sender's INBOX
        assertTrue(get("/api/queue?state=BOUNCED").expect(200).body().contains(id), "settled jobs by state");
        assertTrue(!get("/api/queue").expect(200).body().contains(id), "the default listing shows what waits");
    }

    @Test
    void aDroppedMessageCausesNoReportAndUnknownIdsAre404() throws Exception {
        String user = newUser(newDomain(), "qd");
        String id = submit(user, user, "friend@elsewhere.example");
        awaitRouted(id);
        assertEquals("DROPPED", state(call("DELETE", "/api/queue/" + id, null).expect(200).object()));
        Thread.sleep(1000);
        assertEquals(0, get("/api/users/" + user + "/quota").expect(200).object().getJsonNumber("usedMessages")
                .longValue());
        call("POST", "/api/queue/0123456789ABCDEFGH/retry", null).expect(404);
        assertTrue(call("POST", "/api/queue/flush", null).expect(200).object().containsKey("deferred"));
    }

    @Test
    void aUserMaySubmitAsAGrantedAddressOnlyAfterTheGrant() throws Exception {
        String domain = newDomain();
        String user = newUser(domain, "sa");
        String boss = "boss@" + domain;
        try (Smtp smtp = Smtp.connect(Smtp.SUBMISSION_PORT)) {
            smtp.command("EHLO it.test", 250);
            smtp.command("AUTH PLAIN " + Base64.getEncoder().encodeToString(("\0" + user + "\0"
                    + SmtpDeliveryIT.PASSWORD).getBytes(StandardCharsets.UTF_8)), 235);
            assertTrue(smtp.command("MAIL FROM:<" + boss + ">", 553).contains("5.7.1"));
        }
        assertEquals(List.of(boss), put("/api/users/" + user + "/send-as", "[\"" + boss.toUpperCase() + "\"]")
                .expect(200).json().asJsonArray().getValuesAs(JsonValue::toString).stream()
                .map(s -> s.replace("\"", "")).toList());
        put("/api/users/" + user + "/send-as", "[\"not an address\"]").expect(400);
        submit(user, boss, user);
        SmtpDeliveryIT.awaitMessages(user, 1);
    }
}

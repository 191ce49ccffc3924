package it;

import static it.Postroom.get;
import static it.Postroom.newDomain;
import static it.Postroom.newUser;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** A message acknowledged with 250 is on disk: it survives SIGKILL before delivery and is delivered exactly once. */
// On H2 2.5 this failed 2 of 3 CI runs: recovery missed the newest chunks (ADR 0058); the build runs H2 2.4.
class CrashRecoveryIT {

    @Test
    void messageAcknowledgedThenServerKilledBeforeDeliveryIsDeliveredExactlyOnceAfterRestart() throws Exception {
        String user = newUser(newDomain(), "crash");
        // Hold deliveries back so the kill lands between the 250 and the delivery.
        Postroom.pause("postroom#postroom-ejb.jar#DeliveryMdb");
        String id;
        try (Smtp smtp = Smtp.connect(Smtp.SMTP_PORT)) {
            smtp.command("EHLO it.test", 250);
            id = Smtp.queueId(smtp.transaction("a@remote.example", List.of(user), Smtp.message("crash")));
        }
        assertEquals("QUEUED", get("/api/queue/" + id).expect(200).object().getString("state"));
        assertEquals(0, get("/api/users/" + user + "/quota").expect(200).object().getInt("usedMessages"));

        Postroom.killHard();
        Postroom.startAndAwaitReady();

        SmtpDeliveryIT.awaitMessages(user, 1);
        assertEquals("DELIVERED", get("/api/queue/" + id).expect(200).object().getString("state"));
        // Longer than the outbox sweeper's period and age threshold: a re-sent job must not deliver twice.
        Thread.sleep(30_000);
        assertEquals(1, get("/api/users/" + user + "/quota").expect(200).object().getInt("usedMessages"));
    }
}

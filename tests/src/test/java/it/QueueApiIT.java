package it;

import static it.Postroom.call;
import static it.Postroom.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QueueApiIT {

    @Test
    void queueIsAListOfJobsWithTheirRecipients() {
        for (var job : get("/api/queue").expect(200).json().asJsonArray()) {
            var o = job.asJsonObject();
            assertTrue(o.containsKey("id") && o.containsKey("state") && o.containsKey("recipients")
                    && o.containsKey("attempts") && o.containsKey("size"), o.toString());
        }
    }

    @Test
    void everyStateFilterIsAcceptedInAnyCaseAndFilters() {
        for (String state : new String[]{"QUEUED", "waiting", "Delivered", "BOUNCED", "held"}) {
            for (var job : get("/api/queue?state=" + state).expect(200).json().asJsonArray()) {
                assertEquals(state.toUpperCase(), job.asJsonObject().getString("state"), state);
            }
        }
    }

    @Test
    void unknownStateFilterIsRefusedWith400() {
        String message = get("/api/queue?state=lost").expect(400).message();
        assertTrue(message.contains("QUEUED") && message.contains("BOUNCED"), message);
    }

    @Test
    void unknownQueueIdIs404() {
        String message = get("/api/queue/0123456789ABCDEFGH").expect(404).message();
        assertTrue(message.contains("0123456789ABCDEFGH"), message);
    }

    @Test
    void malformedQueueIdIs404WithoutEchoingIt() {
        String message = get("/api/queue/%3Cscript%3E").expect(404).message();
        assertTrue(!message.contains("<script>"), message);
    }

    @Test
    void queueWithoutCredentialsIs401() {
        assertEquals(401, call("GET", "/api/queue", null, null, null, null).status());
        assertEquals(401, call("GET", "/api/queue/0123456789ABCDEFGH", null, null, null, null).status());
    }

    @Test
    void queueWithWrongPasswordIs401() {
        assertEquals(401, call("GET", "/api/queue", null, Postroom.admin()[0], "wrong-password", null).status());
    }
}

package org.postroom.connector.api.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MailboxEventsTest {

    @Test
    void subscribersGetEveryKeyUntilTheyUnsubscribeAndAFailingOneDoesNotStopTheOthers() {
        List<MailboxKey> seen = new ArrayList<>();
        Runnable failing = MailboxEvents.subscribe(key -> {
            throw new IllegalStateException("expected by the test");
        });
        Runnable remove = MailboxEvents.subscribe(seen::add);
        try {
            MailboxEvents.publish(new MailboxKey(1, 2));
            remove.run();
            MailboxEvents.publish(new MailboxKey(1, 3));
        } finally {
            failing.run();
            remove.run();
        }
        assertEquals(List.of(new MailboxKey(1, 2)), seen);
    }
}

package it;

import static it.Postroom.call;
import static it.Postroom.get;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The corporate directory's REST surface on a server without a directory (the integration server has none; the
 * directory itself is tested against a real slapd in the ejb module): a sync is refused with a message, an unknown
 * task is 404.
 */
class DirectoryApiIT {

    @Test
    void aSyncWithoutADirectoryIsRefused409SayingWhy() {
        assertTrue(call("POST", "/api/directory/sync", "").expect(409).message().contains("POSTROOM_LDAP_URL"));
    }

    @Test
    void anUnknownTaskIs404() {
        get("/api/tasks/987654").expect(404);
    }
}

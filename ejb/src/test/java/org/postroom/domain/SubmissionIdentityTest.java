package org.postroom.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SubmissionIdentityTest {

    private static final EmailAddress ALICE = EmailAddress.parse("alice@example.org");
    private final Map<EmailAddress, List<EmailAddress>> aliases = Map.of(
            EmailAddress.parse("team@example.org"), List.of(EmailAddress.parse("sales@example.org")),
            EmailAddress.parse("sales@example.org"), List.of(ALICE, EmailAddress.parse("bob@example.org")),
            EmailAddress.parse("others@example.org"), List.of(EmailAddress.parse("bob@example.org")));
    private final AliasLookup lookup = a -> Optional.ofNullable(aliases.get(a));

    @Test
    void aUserMayUseItsAddressAnAliasReachingItEvenThroughGroupsAndItsGrants() {
        assertTrue(SubmissionIdentity.mayUse(ALICE, ALICE, lookup, List.of()));
        assertTrue(SubmissionIdentity.mayUse(ALICE, EmailAddress.parse("team@example.org"), lookup, List.of()));
        assertFalse(SubmissionIdentity.mayUse(ALICE, EmailAddress.parse("others@example.org"), lookup, List.of()));
        assertFalse(SubmissionIdentity.mayUse(ALICE, EmailAddress.parse("bob@example.org"), lookup, List.of()));
        assertTrue(SubmissionIdentity.mayUse(ALICE, EmailAddress.parse("bob@example.org"), lookup,
                List.of("Bob@Example.org")));
    }

    @Test
    void fromAddressesAreReadFromEveryFromFieldUnfolded() {
        byte[] m = "Received: x\r\nfrom: Alice <alice@example.org>,\r\n bob@example.org\r\nSubject: s\r\n\r\nFrom: x@y.z\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        assertEquals(List.of("alice@example.org", "bob@example.org"), SubmissionIdentity.fromAddresses(m));
    }

    @Test
    void dateAndMessageIdAreAddedAtTheEndOfTheHeaderOnlyWhenMissing() {
        byte[] m = "Subject: s\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        String out = new String(SubmissionIdentity.addMissingFields(m, "01ABC", "mail.example.org",
                Instant.parse("2026-12-07T09:05:00Z")), StandardCharsets.US_ASCII);
        assertEquals("Subject: s\r\nDate: Mon, 7 Dec 2026 09:05:00 +0000\r\nMessage-ID: <01ABC@mail.example.org>\r\n"
                + "\r\nbody\r\n", out);
        byte[] complete = "Date: x\r\nMessage-Id: <a@b>\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        assertSame(complete, SubmissionIdentity.addMissingFields(complete, "01ABC", "h", Instant.now()),
                "the submitted copy is not changed otherwise");
    }
}

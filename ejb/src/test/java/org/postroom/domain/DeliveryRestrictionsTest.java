package org.postroom.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.postroom.domain.DeliveryRestrictions.Verdict;

class DeliveryRestrictionsTest {

    private static Optional<EmailAddress> sender(String text) {
        return Optional.of(EmailAddress.parse(text));
    }

    private static List<SenderPattern> patterns(String... texts) {
        return List.of(texts).stream().map(SenderPattern::parse).toList();
    }

    @Test
    void noRestrictionsAcceptEverySender() {
        assertEquals(Verdict.ACCEPTED, DeliveryRestrictions.none().checkSender(sender("anyone@example.org")));
    }

    @Test
    void noRestrictionsAcceptTheNullReversePath() {
        assertEquals(Verdict.ACCEPTED, DeliveryRestrictions.none().checkSender(Optional.empty()));
    }

    @Test
    void noRestrictionsAcceptAnySize() {
        assertEquals(Verdict.ACCEPTED, DeliveryRestrictions.none().checkSize(Long.MAX_VALUE));
    }

    @Test
    void senderOnTheRejectListIsRejected() {
        var restrictions = new DeliveryRestrictions(null, null, patterns("@spam.example"));
        assertEquals(Verdict.SENDER_REJECTED, restrictions.checkSender(sender("x@spam.example")));
    }

    @Test
    void senderNotOnTheRejectListIsAccepted() {
        var restrictions = new DeliveryRestrictions(null, null, patterns("@spam.example"));
        assertEquals(Verdict.ACCEPTED, restrictions.checkSender(sender("x@ham.example")));
    }

    @Test
    void rejectListWinsOverAcceptList() {
        var restrictions = new DeliveryRestrictions(null, patterns("@partner.example"),
                patterns("mallory@partner.example"));
        assertEquals(Verdict.SENDER_REJECTED, restrictions.checkSender(sender("mallory@partner.example")));
        assertEquals(Verdict.ACCEPTED, restrictions.checkSender(sender("alice@partner.example")));
    }

    @Test
    void senderOffANonEmptyAcceptListIsNotAccepted() {
        var restrictions = new DeliveryRestrictions(null, patterns("boss@example.com"), null);
        assertEquals(Verdict.SENDER_NOT_ACCEPTED, restrictions.checkSender(sender("intern@example.com")));
    }

    @Test
    void senderOnTheAcceptListIsAccepted() {
        var restrictions = new DeliveryRestrictions(null, patterns("boss@example.com", "@partner.example"), null);
        assertEquals(Verdict.ACCEPTED, restrictions.checkSender(sender("Boss@Example.com")));
        assertEquals(Verdict.ACCEPTED, restrictions.checkSender(sender("anyone@partner.example")));
    }

    @Test
    void nullReversePathIsNotAcceptedWhenAnAcceptListExists() {
        var restrictions = new DeliveryRestrictions(null, patterns("@example.com"), null);
        assertEquals(Verdict.SENDER_NOT_ACCEPTED, restrictions.checkSender(Optional.empty()));
    }

    @Test
    void nullReversePathIsAcceptedWithOnlyARejectList() {
        var restrictions = new DeliveryRestrictions(null, null, patterns("@spam.example"));
        assertEquals(Verdict.ACCEPTED, restrictions.checkSender(Optional.empty()));
    }

    @Test
    void acceptListDomainPatternDoesNotAcceptSubdomains() {
        var restrictions = new DeliveryRestrictions(null, patterns("@example.com"), null);
        assertEquals(Verdict.SENDER_NOT_ACCEPTED, restrictions.checkSender(sender("x@evil.example.com")));
    }

    @Test
    void messageOfExactlyTheLimitIsAccepted() {
        assertEquals(Verdict.ACCEPTED, new DeliveryRestrictions(1000L, null, null).checkSize(1000));
    }

    @Test
    void messageOneByteOverTheLimitIsTooLarge() {
        assertEquals(Verdict.TOO_LARGE, new DeliveryRestrictions(1000L, null, null).checkSize(1001));
    }

    @Test
    void sizeLimitDoesNotAffectTheSenderCheck() {
        assertEquals(Verdict.ACCEPTED, new DeliveryRestrictions(1L, null, null).checkSender(sender("a@example.com")));
    }

    @Test
    void zeroSizeLimitIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> new DeliveryRestrictions(0L, null, null));
        assertTrue(e.getMessage().contains("maxMessageBytes"), e.getMessage());
    }

    @Test
    void negativeSizeLimitIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DeliveryRestrictions(-5L, null, null));
    }

    @Test
    void nullListsBecomeEmptyLists() {
        var restrictions = new DeliveryRestrictions(null, null, null);
        assertEquals(List.of(), restrictions.acceptSenders());
        assertEquals(List.of(), restrictions.rejectSenders());
        assertEquals(DeliveryRestrictions.none(), restrictions);
    }

    @Test
    void listsAreCopiedSoLaterChangesToTheArgumentDoNotLeakIn() {
        List<SenderPattern> accept = new ArrayList<>(patterns("@example.com"));
        var restrictions = new DeliveryRestrictions(null, accept, null);
        accept.clear();
        assertEquals(patterns("@example.com"), restrictions.acceptSenders());
    }

    @Test
    void listsCannotBeModifiedThroughTheAccessors() {
        var restrictions = new DeliveryRestrictions(null, patterns("@example.com"), patterns("@spam.example"));
        assertThrows(UnsupportedOperationException.class, () -> restrictions.acceptSenders().clear());
        assertThrows(UnsupportedOperationException.class, () -> restrictions.rejectSenders().clear());
    }
}

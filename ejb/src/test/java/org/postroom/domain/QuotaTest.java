package org.postroom.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QuotaTest {

    @Test
    void unlimitedQuotaAdmitsAnything() {
        assertTrue(Quota.unlimited().admits(new QuotaUsage(Long.MAX_VALUE, Long.MAX_VALUE), Long.MAX_VALUE));
    }

    @Test
    void messageReachingTheByteLimitExactlyIsAdmitted() {
        assertTrue(new Quota(1000L, null).admits(new QuotaUsage(900, 5), 100));
    }

    @Test
    void messageOneByteOverTheByteLimitIsRefused() {
        assertFalse(new Quota(1000L, null).admits(new QuotaUsage(900, 5), 101));
    }

    @Test
    void messageReachingTheMessageLimitExactlyIsAdmitted() {
        assertTrue(new Quota(null, 10L).admits(new QuotaUsage(0, 9), 1));
    }

    @Test
    void messageOverTheMessageLimitIsRefused() {
        assertFalse(new Quota(null, 10L).admits(new QuotaUsage(0, 10), 1));
    }

    @Test
    void bothLimitsMustHold() {
        Quota quota = new Quota(1000L, 10L);
        assertTrue(quota.admits(new QuotaUsage(500, 9), 500));
        assertFalse(quota.admits(new QuotaUsage(500, 10), 1));
        assertFalse(quota.admits(new QuotaUsage(999, 0), 2));
    }

    @Test
    void mailboxAlreadyOverItsLimitAdmitsNothing() {
        assertFalse(new Quota(1000L, null).admits(new QuotaUsage(2000, 1), 0));
    }

    @Test
    void zeroMessageLimitAdmitsNothing() {
        assertFalse(new Quota(null, 0L).admits(new QuotaUsage(0, 0), 0));
    }

    @Test
    void zeroByteLimitAdmitsOnlyAnEmptyMessage() {
        Quota quota = new Quota(0L, null);
        assertTrue(quota.admits(new QuotaUsage(0, 0), 0));
        assertFalse(quota.admits(new QuotaUsage(0, 0), 1));
    }

    @Test
    void byteCheckDoesNotOverflowNearLongMax() {
        // usage.bytes + additionalBytes overflows a long here; the answer must still be "does not fit".
        assertFalse(new Quota(Long.MAX_VALUE, null).admits(new QuotaUsage(Long.MAX_VALUE - 1, 0), Long.MAX_VALUE));
        assertTrue(new Quota(Long.MAX_VALUE, null).admits(new QuotaUsage(Long.MAX_VALUE - 1, 0), 1));
    }

    @Test
    void messageCheckDoesNotOverflowNearLongMax() {
        assertFalse(new Quota(null, Long.MAX_VALUE).admits(new QuotaUsage(0, Long.MAX_VALUE), 0));
    }

    @Test
    void negativeAdditionalBytesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Quota.unlimited().admits(new QuotaUsage(0, 0), -1));
    }

    @Test
    void negativeLimitsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Quota(-1L, null));
        assertThrows(IllegalArgumentException.class, () -> new Quota(null, -1L));
    }

    @Test
    void negativeUsageIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new QuotaUsage(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new QuotaUsage(0, -1));
    }

    @Test
    void quotaIsUnlimitedOnlyWithoutAnyLimit() {
        assertTrue(Quota.unlimited().isUnlimited());
        assertTrue(new Quota(null, null).isUnlimited());
        assertFalse(new Quota(0L, null).isUnlimited());
        assertFalse(new Quota(null, 10L).isUnlimited());
    }
}

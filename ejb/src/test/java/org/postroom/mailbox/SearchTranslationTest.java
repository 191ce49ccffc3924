package org.postroom.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.postroom.connector.api.imap.ImapFlags;
import org.postroom.connector.api.imap.SearchKey;
import org.postroom.connector.api.imap.UidSet;
import org.postroom.store.MailMessage;
import org.postroom.store.MessageCriteria;

class SearchTranslationTest {

    @Test
    void systemFlagsBecomeBitsAndKeywordsAndRecentAreLeftToTheEvaluator() {
        assertEquals(new MessageCriteria.FlagBit(MailMessage.DELETED, false),
                SearchTranslation.criteria(new SearchKey.Flag("\\deleted", false)));
        assertEquals(new MessageCriteria.Unindexed(), SearchTranslation.criteria(new SearchKey.Flag("$Work", true)));
        assertEquals(new MessageCriteria.Unindexed(),
                SearchTranslation.criteria(new SearchKey.Flag(ImapFlags.RECENT, true)));
    }

    @Test
    void internalDatesAreUtcCalendarDays() {
        LocalDate day = LocalDate.of(2026, 12, 7);
        Instant start = Instant.parse("2026-12-07T00:00:00Z");
        Instant next = Instant.parse("2026-12-08T00:00:00Z");
        assertEquals(new MessageCriteria.ReceivedBefore(start), SearchTranslation.criteria(
                new SearchKey.InternalDate(SearchKey.DateComparison.BEFORE, day)));
        assertEquals(new MessageCriteria.ReceivedSince(start), SearchTranslation.criteria(
                new SearchKey.InternalDate(SearchKey.DateComparison.SINCE, day)));
        assertEquals(new MessageCriteria.And(List.of(new MessageCriteria.ReceivedSince(start),
                new MessageCriteria.ReceivedBefore(next))), SearchTranslation.criteria(
                        new SearchKey.InternalDate(SearchKey.DateComparison.ON, day)));
    }

    @Test
    void uidSetsSizesAndConnectivesKeepTheirShapeAndStoredHeaderFieldsBecomeFoldedTexts() {
        SearchKey key = new SearchKey.Or(new SearchKey.Uids(UidSet.of(List.of(1L, 2L, 3L, 7L))),
                new SearchKey.Not(new SearchKey.And(List.of(new SearchKey.Size(SearchKey.SizeComparison.LARGER, 10),
                        new SearchKey.Header("Subject", "Straße X"), SearchKey.ALL))));
        assertEquals(new MessageCriteria.Or(
                new MessageCriteria.Uids(List.of(new MessageCriteria.UidRange(1, 3), new MessageCriteria.UidRange(7,
                        7))),
                new MessageCriteria.Not(new MessageCriteria.And(List.of(new MessageCriteria.LargerThan(10),
                        new MessageCriteria.HeaderText("subject", "straße x"), new MessageCriteria.All())))),
                SearchTranslation.criteria(key));
    }

    @Test
    void otherHeaderNamesAnEmptyStringAndALineBreakAreUnindexed() {
        assertEquals(new MessageCriteria.Unindexed(),
                SearchTranslation.criteria(new SearchKey.Header("Reply-To", "x")));
        assertEquals(new MessageCriteria.Unindexed(), SearchTranslation.criteria(new SearchKey.Header("From", "")));
        assertEquals(new MessageCriteria.Unindexed(),
                SearchTranslation.criteria(new SearchKey.Header("From", "a\nb")));
    }
}

package org.postroom.mailbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.postroom.store.Folder;
import org.postroom.store.MailMessage;
import org.postroom.store.MessageRepository;
import org.postroom.store.MessageRow;

/** The view cache without a database: what it reads, and how many messages it holds. */
class FolderViewsTest {

    private final List<String> reads = new ArrayList<>();

    private static MessageRow row(long uid, int flags, String keywords) {
        return new MessageRow(uid, uid, flags, keywords, Instant.EPOCH, 10, uid, 1, 1);
    }

    /** A repository that answers the three reads with {@code count} messages and records which it was asked. */
    private MessageRepository repository(int count) {
        return (MessageRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{MessageRepository.class}, (proxy, method, args) -> {
                    reads.add(method.getName());
                    return switch (method.getName()) {
                        case "rows" -> LongStream.rangeClosed(1, count).mapToObj(u -> row(u, 0, null)).toList();
                        case "rowsChangedSince" -> List.of(row(2, MailMessage.SEEN, "$A"), row(count + 1, 0, null));
                        case "expungedSince" -> List.of(1L);
                        default -> throw new UnsupportedOperationException(method.getName());
                    };
                });
    }

    private static Folder folder(long id, long modSeq, long uidNext) throws ReflectiveOperationException {
        Folder f = new Folder(null, "INBOX", null, 7);
        set(f, "id", id);
        set(f, "highestModSeq", modSeq);
        set(f, "uidNext", uidNext);
        return f;
    }

    private static void set(Object o, String field, Object value) throws ReflectiveOperationException {
        Field f = Folder.class.getDeclaredField(field);
        f.setAccessible(true);
        f.set(o, value);
    }

    @Test
    void aFolderIsReadWholeOnceThenOnlyItsChanges() throws Exception {
        FolderViews views = new FolderViews();
        MessageRepository repo = repository(3);
        FolderViews.View v = views.current(folder(1, 5, 4), repo);
        assertArrayEquals(new long[]{1, 2, 3}, v.uids());
        assertEquals(List.of("rows"), reads);
        assertEquals(v, views.current(folder(1, 5, 4), repo), "same modseq: nothing read");
        assertEquals(List.of("rows"), reads);
        v = views.current(folder(1, 6, 5), repo);
        assertEquals(List.of("rows", "rowsChangedSince", "expungedSince"), reads);
        assertArrayEquals(new long[]{2, 3, 4}, v.uids());
        assertArrayEquals(new int[]{MailMessage.SEEN, 0, 0}, v.systemFlags());
        assertEquals("$A", v.keywords()[0]);
        assertEquals(6, v.modSeq());
    }

    @Test
    void anotherUidValidityOrAnOlderModseqIsReadWhole() throws Exception {
        FolderViews views = new FolderViews();
        MessageRepository repo = repository(3);
        views.current(folder(1, 5, 4), repo);
        Folder recreated = folder(1, 9, 4);
        set(recreated, "uidValidity", 8L);
        views.current(recreated, repo);
        views.current(folder(1, 2, 4), repo);
        assertEquals(List.of("rows", "rows", "rows"), reads);
    }

    @Test
    void aNewUidBelowTheHighestIsNotTrustedAsADelta() {
        FolderViews.View v = FolderViews.View.of(7, 1, List.of(row(1, 0, null), row(5, 0, null)));
        assertNull(v.advance(2, List.of(row(3, 0, null)), List.of()));
    }

    @Test
    void theLeastRecentlySelectedFoldersGoWhenTooManyMessagesAreHeld() throws Exception {
        FolderViews views = new FolderViews(25);
        MessageRepository repo = repository(10);
        views.current(folder(1, 5, 11), repo);
        views.current(folder(2, 5, 11), repo);
        views.current(folder(1, 5, 11), repo); // 1 is now the more recent
        views.current(folder(3, 5, 11), repo); // 33 messages held: 2 goes
        assertEquals(2, views.folders());
        assertEquals(22, views.messages());
        reads.clear();
        views.current(folder(1, 5, 11), repo);
        views.current(folder(3, 5, 11), repo);
        assertEquals(List.of(), reads);
        views.current(folder(2, 5, 11), repo);
        assertEquals(List.of("rows"), reads);
        FolderViews small = new FolderViews(5);
        assertEquals(10, small.current(folder(4, 5, 11), repo).size());
        assertEquals(0, small.folders(), "a folder larger than the whole bound is not kept");
        assertEquals(0, small.messages());
    }
}

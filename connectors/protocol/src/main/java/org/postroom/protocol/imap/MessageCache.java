package org.postroom.protocol.imap;

import org.postroom.connector.api.imap.MailboxKey;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.postroom.connector.api.mime.MessageStructure;

/**
 * The immutable part of messages FETCH read, shared by every IMAP session of a server (ADR 0020): content, size,
 * internal date and, when it was read, structure, by (mailbox key, UID). A mailbox key names a folder and its
 * UIDVALIDITY and a UID is never reused under one UIDVALIDITY, so an entry can never be stale; flags change and are
 * therefore never kept here.
 *
 * <p>
 * Bounded by bytes: each entry weighs its content length plus {@link #ENTRY_OVERHEAD} (and {@link
 * #STRUCTURE_OVERHEAD} with a structure); the least recently used entries go first; an entry heavier than an eighth
 * of the capacity is not kept. A capacity of 0 keeps nothing.
 *
 * <p>
 * Thread-safe. Lookups read a {@link ConcurrentHashMap} without locking and move the entry to the recent end of the
 * LRU list only when the list's lock is free at that moment (under contention a hit may not refresh its place, which
 * makes eviction slightly approximate and never blocks a reader). Insertions and removals take the lock.
 */
public final class MessageCache {

    /** Counted per entry beyond its content: key, node, record, array header. */
    static final long ENTRY_OVERHEAD = 256;
    /** Counted for an entry's structure, when it has one (a rough average of a parsed MIME tree). */
    static final long STRUCTURE_OVERHEAD = 1024;

    /**
     * One cached message: everything FETCH may show of it except flags.
     *
     * @param structure {@code null} when it was read without structure
     * @param content the stored octets; never modified
     */
    record Entry(long uid, OffsetDateTime internalDate, long size, MessageStructure structure, byte[] content) {

        Entry {
            Objects.requireNonNull(internalDate, "internalDate");
            Objects.requireNonNull(content, "content");
        }

        long weight() {
            return content.length + ENTRY_OVERHEAD + (structure != null ? STRUCTURE_OVERHEAD : 0);
        }
    }

    private record Key(MailboxKey mailbox, long uid) {
    }

    /** A node of the LRU list; {@code prev} and {@code next} only under the lock. */
    private static final class Node {
        final Key key;
        final Entry entry;
        Node prev;
        Node next;
        boolean linked;

        Node(Key key, Entry entry) {
            this.key = key;
            this.entry = entry;
        }
    }

    private final long capacity;
    private final long maxEntryWeight;
    private final ConcurrentHashMap<Key, Node> map = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    /** Least recently used end; {@code null} when empty. Under the lock. */
    private Node head;
    /** Most recently used end. Under the lock. */
    private Node tail;
    /** Sum of the weights of the linked nodes. Written under the lock. */
    private volatile long weight;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    /** @param capacityBytes the most the entries may weigh together; 0 disables the cache */
    public MessageCache(long capacityBytes) {
        if (capacityBytes < 0) {
            throw new IllegalArgumentException("capacity must not be negative: " + capacityBytes);
        }
        this.capacity = capacityBytes;
        this.maxEntryWeight = capacityBytes / 8;
    }

    /** A cache that keeps nothing. */
    public static MessageCache disabled() {
        return new MessageCache(0);
    }

    public boolean enabled() {
        return capacity > 0;
    }

    public long capacityBytes() {
        return capacity;
    }

    /** What the entries weigh together now. */
    public long weightBytes() {
        return weight;
    }

    public int size() {
        return map.size();
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    /** The entry of this message, if cached; with {@code needsStructure}, an entry without one is a miss. */
    Optional<Entry> get(MailboxKey mailboxKey, long uid, boolean needsStructure) {
        if (capacity == 0) {
            return Optional.empty();
        }
        Node node = map.get(new Key(mailboxKey, uid));
        if (node == null || (needsStructure && node.entry.structure() == null)) {
            misses.increment();
            return Optional.empty();
        }
        hits.increment();
        if (lock.tryLock()) {
            try {
                if (node.linked && node != tail) {
                    unlink(node);
                    linkLast(node);
                }
            } finally {
                lock.unlock();
            }
        }
        return Optional.of(node.entry);
    }

    /** Whether this message is cached (no statistics, no change of its place). */
    boolean contains(MailboxKey mailboxKey, long uid) {
        return capacity > 0 && map.containsKey(new Key(mailboxKey, uid));
    }

    /**
     * Keeps this message, as the most recently used, evicting the least recently used beyond the capacity. An entry
     * heavier than an eighth of the capacity is not kept; an entry without structure does not replace one with it.
     */
    void put(MailboxKey mailboxKey, Entry entry) {
        long w = entry.weight();
        if (capacity == 0 || w > maxEntryWeight) {
            return;
        }
        Key key = new Key(Objects.requireNonNull(mailboxKey, "mailboxKey"), entry.uid());
        Node node = new Node(key, entry);
        lock.lock();
        try {
            Node old = map.get(key);
            if (old != null) {
                if (entry.structure() == null && old.entry.structure() != null) {
                    return;
                }
                unlink(old);
                weight -= old.entry.weight();
            }
            map.put(key, node);
            linkLast(node);
            long total = weight + w;
            while (total > capacity && head != null) {
                Node victim = head;
                unlink(victim);
                map.remove(victim.key, victim);
                total -= victim.entry.weight();
            }
            weight = total;
        } finally {
            lock.unlock();
        }
    }

    /** Forgets this message (expunged). */
    void remove(MailboxKey mailboxKey, long uid) {
        if (capacity == 0) {
            return;
        }
        Key key = new Key(mailboxKey, uid);
        if (!map.containsKey(key)) {
            return;
        }
        lock.lock();
        try {
            Node node = map.remove(key);
            if (node != null) {
                unlink(node);
                weight -= node.entry.weight();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * For tests: the weight of the LRU list walked from end to end, after checking that the list and the map hold the
     * same nodes.
     */
    long recount() {
        lock.lock();
        try {
            long total = 0;
            int n = 0;
            for (Node node = head; node != null; node = node.next) {
                if (map.get(node.key) != node) {
                    throw new IllegalStateException("listed node not mapped: " + node.key);
                }
                total += node.entry.weight();
                n++;
            }
            if (n != map.size()) {
                throw new IllegalStateException(n + " listed, " + map.size() + " mapped");
            }
            return total;
        } finally {
            lock.unlock();
        }
    }

    private void linkLast(Node node) {
        node.prev = tail;
        node.next = null;
        if (tail == null) {
            head = node;
        } else {
            tail.next = node;
        }
        tail = node;
        node.linked = true;
    }

    private void unlink(Node node) {
        if (!node.linked) {
            return;
        }
        if (node.prev == null) {
            head = node.next;
        } else {
            node.prev.next = node.next;
        }
        if (node.next == null) {
            tail = node.prev;
        } else {
            node.next.prev = node.prev;
        }
        node.prev = null;
        node.next = null;
        node.linked = false;
    }
}

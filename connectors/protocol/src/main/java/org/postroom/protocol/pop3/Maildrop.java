package org.postroom.protocol.pop3;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.postroom.connector.api.Pop3MaildropEntry;

/**
 * The open maildrop of one TRANSACTION-state session: the listener's snapshot, numbered from 1, with the messages
 * marked deleted. Deleted messages are invisible to every command until RSET; only QUIT makes deletions real.
 */
final class Maildrop {

    /** Read-ahead limits: at most this many messages and (beyond the one asked for) this many octets per fetch. */
    static final int READ_AHEAD_MESSAGES = 32;
    static final long READ_AHEAD_OCTETS = 256 * 1024;

    private final List<Pop3MaildropEntry> entries;
    private final boolean[] deleted;
    /** Messages fetched ahead of the client, by key; bounded by the read-ahead limits. */
    private final Map<String, byte[]> readAhead = new HashMap<>();

    Maildrop(List<Pop3MaildropEntry> entries) {
        this.entries = List.copyOf(entries);
        this.deleted = new boolean[this.entries.size()];
    }

    /** The entry numbered {@code number}, if it exists and is not marked deleted. */
    Optional<Pop3MaildropEntry> visible(long number) {
        if (number < 1 || number > entries.size() || deleted[(int) number - 1]) {
            return Optional.empty();
        }
        return Optional.of(entries.get((int) number - 1));
    }

    /** Message numbers of the entries not marked deleted, in order. */
    List<Integer> visibleNumbers() {
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (!deleted[i]) {
                numbers.add(i + 1);
            }
        }
        return numbers;
    }

    long visibleCount() {
        return visibleNumbers().size();
    }

    long visibleOctets() {
        long octets = 0;
        for (int i = 0; i < entries.size(); i++) {
            if (!deleted[i]) {
                octets += entries.get(i).size();
            }
        }
        return octets;
    }

    /** Marks a visible message deleted; the caller checked {@link #visible}. */
    void delete(long number) {
        deleted[(int) number - 1] = true;
    }

    /** RSET: unmarks everything. */
    void undeleteAll() {
        java.util.Arrays.fill(deleted, false);
    }

    /** Whether the message with {@code key} was fetched ahead and not yet consumed. */
    boolean isReadAhead(String key) {
        return readAhead.containsKey(key);
    }

    /** A message fetched ahead, if it is; {@code consume} forgets it (RETR), otherwise it stays (TOP). */
    Optional<byte[]> cached(String key, boolean consume) {
        return Optional.ofNullable(consume ? readAhead.remove(key) : readAhead.get(key));
    }

    /**
     * What to fetch for message {@code number}: its key, then the keys of the following visible messages, up to the
     * read-ahead limits.
     */
    List<String> keysFrom(long number) {
        List<String> keys = new ArrayList<>();
        keys.add(entries.get((int) number - 1).key());
        long octets = 0;
        for (int i = (int) number; i < entries.size() && keys.size() < READ_AHEAD_MESSAGES; i++) {
            if (deleted[i]) {
                continue;
            }
            octets += entries.get(i).size();
            if (octets > READ_AHEAD_OCTETS) {
                break;
            }
            keys.add(entries.get(i).key());
        }
        return keys;
    }

    /** Replaces the read-ahead with these messages. */
    void readAhead(Map<String, byte[]> messages) {
        readAhead.clear();
        readAhead.putAll(messages);
    }

    /** The keys to commit on QUIT, in message-number order. */
    List<String> deletedKeys() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (deleted[i]) {
                keys.add(entries.get(i).key());
            }
        }
        return keys;
    }
}

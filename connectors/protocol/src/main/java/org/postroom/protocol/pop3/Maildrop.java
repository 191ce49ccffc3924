package org.postroom.protocol.pop3;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.postroom.connector.api.Pop3MaildropEntry;

/**
 * The open maildrop of one TRANSACTION-state session: the listener's snapshot, numbered from 1, with the messages
 * marked deleted. Deleted messages are invisible to every command until RSET; only QUIT makes deletions real.
 */
final class Maildrop {

    private final List<Pop3MaildropEntry> entries;
    private final boolean[] deleted;

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

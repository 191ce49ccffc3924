package org.postroom.connector.ra.smtp;

import java.nio.file.Path;
import java.util.Objects;
import org.postroom.protocol.smtp.StorageRoom;

/**
 * The free space on the disk that takes new mail (the data directory: spool, embedded database, broker journal), as
 * Postfix's {@code smtpd} checks its queue file system before it takes a message: there is room when the usable
 * space is at least the floor plus one and a half times the declared size (ADR 0083). A {@code statfs} call per
 * question, a few microseconds. A directory that does not exist (any more) counts as a disk without free space.
 *
 * @param directory a directory on the data disk
 * @param minimumFreeBytes the floor kept free for the database and the broker
 */
public record FreeSpace(Path directory, long minimumFreeBytes) implements StorageRoom {

    public FreeSpace {
        Objects.requireNonNull(directory, "directory");
        if (minimumFreeBytes < 0) {
            throw new IllegalArgumentException("minimumFreeBytes must not be negative");
        }
    }

    @Override
    public boolean hasRoomFor(long messageBytes) {
        long needed = minimumFreeBytes + Math.max(0, messageBytes) + Math.max(0, messageBytes) / 2;
        return directory.toFile().getUsableSpace() >= needed;
    }
}

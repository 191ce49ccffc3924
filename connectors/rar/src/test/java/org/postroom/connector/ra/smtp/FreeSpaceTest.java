package org.postroom.connector.ra.smtp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreeSpaceTest {

    @TempDir
    Path dir;

    @Test
    void aDiskWithMoreThanTheFloorAndOneAndAHalfTimesTheDeclaredSizeHasRoom() {
        long usable = dir.toFile().getUsableSpace();
        assertTrue(new FreeSpace(dir, 0).hasRoomFor(0));
        assertTrue(new FreeSpace(dir, usable / 4).hasRoomFor(usable / 4));
    }

    @Test
    void aDiskBelowTheFloorOrTooSmallForTheDeclaredSizeHasNoRoom() {
        long usable = dir.toFile().getUsableSpace();
        assertFalse(new FreeSpace(dir, usable + 1024L * 1024 * 1024).hasRoomFor(0), "below the floor");
        assertFalse(new FreeSpace(dir, 0).hasRoomFor(usable * 2 / 3 + 1024L * 1024 * 1024),
                "one and a half times the declared size does not fit");
    }

    @Test
    void aDirectoryThatIsGoneCountsAsAFullDisk() {
        assertFalse(new FreeSpace(dir.resolve("gone"), 1).hasRoomFor(0));
    }
}

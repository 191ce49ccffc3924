package org.postroom.protocol.smtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThresholdSpoolFactoryTest {

    @TempDir
    Path dir;

    @Test
    void smallContentStaysInMemory() throws IOException {
        try (MessageSpool spool = new ThresholdSpoolFactory(dir, 100).create()) {
            spool.output().write(new byte[]{1, 2, 3});
            spool.output().close();
            try (InputStream in = spool.content()) {
                assertArrayEquals(new byte[]{1, 2, 3}, in.readAllBytes());
            }
            assertEquals(0, files());
        }
    }

    @Test
    void largeContentGoesToAFileThatIsDeletedOnClose() throws IOException {
        byte[] big = new byte[10_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        MessageSpool spool = new ThresholdSpoolFactory(dir, 100).create();
        spool.output().write(big, 0, 50);
        spool.output().write(big, 50, big.length - 50);
        assertEquals(1, files());
        try (InputStream in = spool.content()) {
            assertArrayEquals(big, in.readAllBytes());
        }
        spool.close();
        assertEquals(0, files());
        assertThrows(IOException.class, spool::content);
    }

    @Test
    void abandonedSpoolIsDeletedWithoutBeingRead() throws IOException {
        MessageSpool spool = new ThresholdSpoolFactory(dir, 0).create();
        spool.output().write(new byte[]{1});
        assertEquals(1, files());
        spool.close();
        assertEquals(0, files());
    }

    private long files() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.count();
        }
    }
}

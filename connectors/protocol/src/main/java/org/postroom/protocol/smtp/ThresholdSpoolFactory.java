package org.postroom.protocol.smtp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The default spool: content stays in memory up to {@code memoryThreshold} bytes, then moves to a temporary file in
 * {@code directory} (deleted when the spool closes), so a large message never sits whole in the heap.
 */
public final class ThresholdSpoolFactory implements SpoolFactory {

    public static final int DEFAULT_MEMORY_THRESHOLD = 256 * 1024;

    /** The start of every spool file's name (see {@link #removeStale}). */
    public static final String FILE_PREFIX = "postroom-";

    private final Path directory;
    private final int memoryThreshold;
    private final String prefix;

    public ThresholdSpoolFactory(Path directory, int memoryThreshold) {
        this(directory, memoryThreshold, "smtp");
    }

    /**
     * @param use what the spool holds, in the file names ({@code postroom-<use>-*.eml}): {@code smtp} for DATA,
     *            {@code imap} for APPEND
     */
    public ThresholdSpoolFactory(Path directory, int memoryThreshold, String use) {
        this.directory = Objects.requireNonNull(directory, "directory");
        if (memoryThreshold < 0) {
            throw new IllegalArgumentException("memoryThreshold must not be negative");
        }
        this.memoryThreshold = memoryThreshold;
        this.prefix = FILE_PREFIX + Objects.requireNonNull(use, "use") + "-";
    }

    /**
     * Deletes spool files in {@code directory} older than this JVM (left by a server that was killed): every spool
     * of a running server is younger than its JVM, so listeners starting one after another never delete each
     * other's files.
     *
     * @return how many files were deleted
     */
    public static int removeStale(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        int removed = 0;
        try (var files = Files.newDirectoryStream(directory, FILE_PREFIX + "*.eml")) {
            for (Path file : files) {
                if (Files.getLastModifiedTime(file).toMillis() < jvmStart && Files.deleteIfExists(file)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    /** Memory up to 256 KiB, then the JVM's temporary directory. */
    public static ThresholdSpoolFactory defaults() {
        return new ThresholdSpoolFactory(Path.of(System.getProperty("java.io.tmpdir")), DEFAULT_MEMORY_THRESHOLD);
    }

    @Override
    public MessageSpool create() {
        return new Spool();
    }

    private final class Spool implements MessageSpool {
        private ByteArrayOutputStream memory = new ByteArrayOutputStream();
        private Path file;
        private OutputStream fileOut;
        private boolean writing = true;
        private boolean discarded;

        private final OutputStream output = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                append(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                if (fileOut != null) {
                    fileOut.flush();
                }
            }

            /** Ends writing; the content stays readable until the spool itself is closed. */
            @Override
            public void close() throws IOException {
                if (writing) {
                    writing = false;
                    if (fileOut != null) {
                        fileOut.close();
                    }
                }
            }
        };

        @Override
        public OutputStream output() {
            return output;
        }

        private void append(byte[] b, int off, int len) throws IOException {
            if (!writing || discarded) {
                throw new IOException("spool output closed");
            }
            if (fileOut == null && memory.size() + len > memoryThreshold) {
                file = Files.createTempFile(directory, prefix, ".eml");
                fileOut = Files.newOutputStream(file);
                memory.writeTo(fileOut);
                memory = null;
            }
            if (fileOut != null) {
                fileOut.write(b, off, len);
            } else {
                memory.write(b, off, len);
            }
        }

        @Override
        public InputStream content() throws IOException {
            if (discarded) {
                throw new IOException("spool already discarded");
            }
            output.close();
            return file != null ? Files.newInputStream(file) : new ByteArrayInputStream(memory.toByteArray());
        }

        @Override
        public void close() {
            if (discarded) {
                return;
            }
            discarded = true;
            memory = null;
            try {
                output.close();
            } catch (IOException e) {
                // deleted next; nothing to save
            }
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    file.toFile().deleteOnExit();
                }
            }
        }
    }
}

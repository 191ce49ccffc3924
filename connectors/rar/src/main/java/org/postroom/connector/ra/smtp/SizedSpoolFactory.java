package org.postroom.connector.ra.smtp;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import org.postroom.protocol.smtp.MessageSpool;
import org.postroom.protocol.smtp.SpoolFactory;

/**
 * Wraps a {@link SpoolFactory} so the adapter knows the spooled message's size without reading it twice: the
 * spool counts the bytes written, and {@link MessageSpool#content()} returns a {@link SizedInputStream}, which the
 * bridge to {@code SmtpAcceptanceListener.accept(..., content, size)} recognises.
 */
public final class SizedSpoolFactory implements SpoolFactory {

    private final SpoolFactory delegate;

    public SizedSpoolFactory(SpoolFactory delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public MessageSpool create() throws IOException {
        return new CountingSpool(delegate.create());
    }

    /** The spooled content, with its length in octets. */
    public static final class SizedInputStream extends FilterInputStream {
        private final long size;

        SizedInputStream(InputStream in, long size) {
            super(in);
            this.size = size;
        }

        public long size() {
            return size;
        }
    }

    private static final class CountingSpool implements MessageSpool {
        private final MessageSpool spool;
        private final OutputStream output;
        private long size;

        CountingSpool(MessageSpool spool) {
            this.spool = spool;
            this.output = new FilterOutputStream(spool.output()) {
                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    size++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    size += len;
                }
            };
        }

        @Override
        public OutputStream output() {
            return output;
        }

        @Override
        public InputStream content() throws IOException {
            return new SizedInputStream(spool.content(), size);
        }

        @Override
        public void close() {
            spool.close();
        }
    }
}

package org.postroom.store;

import org.postroom.connector.api.mime.Address;
import org.postroom.connector.api.mime.BodyPart;
import org.postroom.connector.api.mime.Disposition;
import org.postroom.connector.api.mime.Envelope;
import org.postroom.connector.api.mime.MessageStructure;
import org.postroom.connector.api.mime.Parameter;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A compact, versioned binary form of a {@link MessageStructure}, for storing it next to the message.
 *
 * <p>
 * Format version 1: one version byte, then the structure. A structure is its envelope then its body part. Numbers
 * (counts, offsets, line counts) are unsigned LEB128 varints; the body and end offsets are written as deltas from the
 * previous offset, so typical parts take a few bytes. A string is a varint {@code length + 1} (0 for {@code null})
 * followed by that many UTF-8 bytes. A list is a varint count and its elements; an optional value (disposition,
 * encapsulated message) is a flag byte (0 absent, 1 present) and the value. Parts and encapsulated messages recurse.
 *
 * <p>
 * Decoding checks everything (version, lengths against the bytes left, UTF-8, nesting depth, the records' own
 * invariants, no trailing bytes) and reports bad data with an {@link IllegalArgumentException}. A new layout gets a
 * new version byte; decoding keeps reading the old ones.
 */
public final class MessageStructureCodec {

    /** The format version this codec writes. */
    public static final byte VERSION = 1;
    /** Deeper nesting than this is refused when decoding (the analyzer stops well before). */
    static final int MAX_DEPTH = 256;

    private MessageStructureCodec() {
    }

    /** The binary form of {@code structure}. */
    public static byte[] encode(MessageStructure structure) {
        Writer w = new Writer();
        w.out.write(VERSION);
        w.structure(structure);
        return w.out.toByteArray();
    }

    /**
     * The structure encoded in {@code data}.
     *
     * @throws IllegalArgumentException when {@code data} is not a structure this codec wrote (unknown version,
     *         truncated, corrupt)
     */
    public static MessageStructure decode(byte[] data) {
        if (data == null || data.length == 0) {
            throw new IllegalArgumentException("no message structure data");
        }
        if (data[0] != VERSION) {
            throw new IllegalArgumentException("unknown message structure format version " + data[0]);
        }
        Reader r = new Reader(data);
        MessageStructure structure;
        try {
            structure = r.structure(0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("corrupt message structure data at byte " + r.pos + ": "
                    + e.getMessage(), e);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("corrupt message structure data at byte " + r.pos
                    + ": an offset overflows", e);
        } catch (NullPointerException e) {
            throw new IllegalArgumentException("corrupt message structure data at byte " + r.pos
                    + ": a required value is missing", e);
        }
        if (r.pos != data.length) {
            throw new IllegalArgumentException("corrupt message structure data: " + (data.length - r.pos)
                    + " bytes after the end");
        }
        return structure;
    }

    private static final class Writer {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

        void structure(MessageStructure s) {
            envelope(s.envelope());
            part(s.body());
        }

        void envelope(Envelope e) {
            string(e.date());
            string(e.subject());
            addresses(e.from());
            addresses(e.sender());
            addresses(e.replyTo());
            addresses(e.to());
            addresses(e.cc());
            addresses(e.bcc());
            string(e.inReplyTo());
            string(e.messageId());
        }

        void addresses(List<Address> list) {
            number(list.size());
            for (Address a : list) {
                string(a.name());
                string(a.adl());
                string(a.mailbox());
                string(a.host());
            }
        }

        void part(BodyPart p) {
            string(p.type());
            string(p.subtype());
            parameters(p.parameters());
            string(p.id());
            string(p.description());
            string(p.encoding());
            number(p.headerOffset());
            number(p.bodyOffset() - p.headerOffset());
            number(p.endOffset() - p.bodyOffset());
            number(p.lines());
            string(p.md5());
            if (p.disposition() == null) {
                out.write(0);
            } else {
                out.write(1);
                string(p.disposition().type());
                parameters(p.disposition().parameters());
            }
            number(p.language().size());
            for (String tag : p.language()) {
                string(tag);
            }
            string(p.location());
            number(p.children().size());
            for (BodyPart child : p.children()) {
                part(child);
            }
            if (p.message() == null) {
                out.write(0);
            } else {
                out.write(1);
                structure(p.message());
            }
        }

        void parameters(List<Parameter> list) {
            number(list.size());
            for (Parameter p : list) {
                string(p.attribute());
                string(p.value());
            }
        }

        void number(long n) {
            if (n < 0) {
                throw new IllegalArgumentException("cannot encode a negative number: " + n);
            }
            while ((n & ~0x7FL) != 0) {
                out.write((int) ((n & 0x7F) | 0x80));
                n >>>= 7;
            }
            out.write((int) n);
        }

        void string(String s) {
            if (s == null) {
                number(0);
                return;
            }
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            number(bytes.length + 1L);
            out.write(bytes, 0, bytes.length);
        }
    }

    private static final class Reader {
        final byte[] data;
        final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int pos = 1;

        Reader(byte[] data) {
            this.data = data;
        }

        MessageStructure structure(int depth) {
            if (depth > MAX_DEPTH) {
                throw new IllegalArgumentException("nested deeper than " + MAX_DEPTH + " levels");
            }
            Envelope envelope = envelope();
            return new MessageStructure(envelope, part(depth));
        }

        Envelope envelope() {
            String date = string();
            String subject = string();
            List<Address> from = addresses();
            List<Address> sender = addresses();
            List<Address> replyTo = addresses();
            List<Address> to = addresses();
            List<Address> cc = addresses();
            List<Address> bcc = addresses();
            String inReplyTo = string();
            String messageId = string();
            return new Envelope(date, subject, from, sender, replyTo, to, cc, bcc, inReplyTo, messageId);
        }

        List<Address> addresses() {
            int n = count(4);
            List<Address> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(new Address(string(), string(), string(), string()));
            }
            return list;
        }

        BodyPart part(int depth) {
            if (depth > MAX_DEPTH) {
                throw new IllegalArgumentException("nested deeper than " + MAX_DEPTH + " levels");
            }
            String type = string();
            String subtype = string();
            List<Parameter> parameters = parameters();
            String id = string();
            String description = string();
            String encoding = string();
            long headerOffset = number();
            long bodyOffset = Math.addExact(headerOffset, number());
            long endOffset = Math.addExact(bodyOffset, number());
            long lines = number();
            String md5 = string();
            Disposition disposition = flag() ? new Disposition(string(), parameters()) : null;
            int languages = count(1);
            List<String> language = new ArrayList<>(languages);
            for (int i = 0; i < languages; i++) {
                language.add(string());
            }
            String location = string();
            int n = count(1);
            List<BodyPart> children = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                children.add(part(depth + 1));
            }
            MessageStructure message = flag() ? structure(depth + 1) : null;
            return new BodyPart(type, subtype, parameters, id, description, encoding, headerOffset, bodyOffset,
                    endOffset, lines, md5, disposition, language, location, children, message);
        }

        List<Parameter> parameters() {
            int n = count(2);
            List<Parameter> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(new Parameter(string(), string()));
            }
            return list;
        }

        boolean flag() {
            int b = next();
            if (b > 1) {
                throw new IllegalArgumentException("bad flag byte " + b);
            }
            return b == 1;
        }

        /** A list size, each element taking at least {@code minBytes}: larger than the bytes left means corrupt. */
        int count(int minBytes) {
            long n = number();
            if (n > (data.length - pos) / minBytes) {
                throw new IllegalArgumentException("a list of " + n + " elements cannot fit in the "
                        + (data.length - pos) + " bytes left");
            }
            return (int) n;
        }

        long number() {
            long n = 0;
            for (int shift = 0; shift < 63; shift += 7) {
                int b = next();
                n |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return n;
                }
            }
            throw new IllegalArgumentException("number too long");
        }

        String string() {
            long n = number();
            if (n == 0) {
                return null;
            }
            long length = n - 1;
            if (length > data.length - pos) {
                throw new IllegalArgumentException("a string of " + length + " bytes is cut off");
            }
            int start = pos;
            int end = pos + (int) length;
            boolean ascii = true;
            for (int i = start; i < end && ascii; i++) {
                ascii = data[i] >= 0;
            }
            try {
                String s = ascii
                        ? new String(data, start, end - start, StandardCharsets.US_ASCII)
                        : utf8.decode(ByteBuffer.wrap(data, start, end - start)).toString();
                pos = end;
                return s;
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException("a string is not UTF-8", e);
            }
        }

        int next() {
            if (pos >= data.length) {
                throw new IllegalArgumentException("the data ends too early");
            }
            return data[pos++] & 0xFF;
        }
    }
}

package org.postroom.outbound;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Fetches {@code https://mta-sts.<domain>/.well-known/mta-sts.txt} (RFC 8461 section 3.3) with one HTTP/1.1 GET over
 * TLS: the host resolved through routing's DNS (the resolvers of {@code POSTROOM_DNS_SERVERS}), the certificate checked
 * against the trust store and the name {@code mta-sts.<domain>} (HTTPS rules); status 200 only (redirects are not
 * followed), {@code text/plain}, at most 64 KiB, chunked or not. Blocking, with timeouts: it runs on the sender's
 * asynchronous pool, never on an event loop.
 */
public final class HttpsPolicyFetcher implements MtaSts.Fetcher {

    static final int MAX_BODY = 64 * 1024;
    static final String PATH = "/.well-known/mta-sts.txt";

    private final MxResolver.Dns dns;
    private final SSLContext tls;
    private final int port;
    private final Duration timeout;

    /**
     * @param port 443 (tests use another)
     */
    public HttpsPolicyFetcher(MxResolver.Dns dns, SSLContext tls, int port, Duration timeout) {
        this.dns = dns;
        this.tls = tls;
        this.port = port;
        this.timeout = timeout;
    }

    @Override
    public String fetch(String domain) throws IOException {
        String host = "mta-sts." + domain;
        MxResolver.Answer<List<InetAddress>> answer = dns.addresses(host);
        if (!(answer instanceof MxResolver.Answer.Found<List<InetAddress>> found) || found.records().isEmpty()) {
            throw new IOException(host + " has no address (" + answer.getClass().getSimpleName() + ")");
        }
        IOException last = null;
        for (InetAddress address : found.records()) {
            try {
                return fetch(host, address);
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    private String fetch(String host, InetAddress address) throws IOException {
        int millis = (int) timeout.toMillis();
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(address, port), millis);
            plain.setSoTimeout(millis);
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true)) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                parameters.setServerNames(List.of(new SNIHostName(host)));
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                OutputStream out = socket.getOutputStream();
                out.write(("GET " + PATH + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: Postroom\r\n"
                        + "Accept: text/plain\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return body(host, socket.getInputStream());
            }
        }
    }

    /** Reads the response: status line, header, body (Content-Length, chunked, or to the end). */
    static String body(String host, InputStream in) throws IOException {
        String status = line(in);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("https://" + host + PATH + ": not an HTTP response: " + status);
        }
        if (!parts[1].equals("200")) {
            throw new IOException("https://" + host + PATH + ": " + status + " (only 200 is accepted; no redirects)");
        }
        long length = -1;
        boolean chunked = false;
        String type = "";
        for (String field = line(in); !field.isEmpty(); field = line(in)) {
            int colon = field.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = field.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = field.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> {
                    try {
                        length = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        throw new IOException("https://" + host + PATH + ": bad Content-Length " + value);
                    }
                }
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "content-type" -> type = value.toLowerCase(Locale.ROOT);
                default -> {
                    // not needed
                }
            }
        }
        if (!type.startsWith("text/plain")) {
            throw new IOException("https://" + host + PATH + ": Content-Type is not text/plain: " + type);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (long size = chunkSize(line(in)); size > 0; size = chunkSize(line(in))) {
                copy(in, body, size, host);
                line(in); // the CRLF after the chunk
            }
        } else if (length >= 0) {
            copy(in, body, length, host);
        } else {
            copy(in, body, Long.MAX_VALUE, host);
        }
        return body.toString(StandardCharsets.UTF_8);
    }

    private static long chunkSize(String line) throws IOException {
        String hex = line.contains(";") ? line.substring(0, line.indexOf(';')) : line;
        try {
            return Long.parseLong(hex.trim(), 16);
        } catch (NumberFormatException e) {
            throw new IOException("bad chunk size " + line);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out, long limit, String host) throws IOException {
        byte[] buffer = new byte[8192];
        long left = limit;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                if (limit == Long.MAX_VALUE) {
                    return;
                }
                throw new IOException("https://" + host + PATH + ": the body ended early");
            }
            out.write(buffer, 0, n);
            left -= n;
            if (out.size() > MAX_BODY) {
                throw new IOException("https://" + host + PATH + ": the policy is larger than 64 KiB");
            }
        }
    }

    /** One line without its CRLF (or LF), at most 8 KiB. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                if (line.size() == 0) {
                    throw new IOException("the connection ended before the response did");
                }
                break;
            }
            if (line.size() > 8192) {
                throw new IOException("a response line longer than 8 KiB");
            }
            line.write(b);
        }
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}

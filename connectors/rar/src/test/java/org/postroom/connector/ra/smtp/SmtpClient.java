package org.postroom.connector.ra.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** A minimal blocking SMTP client over a real socket (JDK SSLSocket for TLS), for tests. */
final class SmtpClient implements AutoCloseable {

    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private SmtpClient(Socket socket) throws IOException {
        use(socket);
    }

    static SmtpClient connect(InetSocketAddress address) throws IOException {
        Socket s = new Socket();
        s.connect(address, 5000);
        s.setSoTimeout(10_000);
        return new SmtpClient(s);
    }

    static SmtpClient connectTls(InetSocketAddress address) throws IOException {
        Socket s = new Socket();
        s.connect(address, 5000);
        s.setSoTimeout(10_000);
        SSLSocket tls = wrap(s, address);
        return new SmtpClient(tls);
    }

    /** Upgrades the connection after a 220 to STARTTLS. */
    SSLSocket startTls(InetSocketAddress address) throws IOException {
        SSLSocket tls = wrap(socket, address);
        use(tls);
        return tls;
    }

    private static SSLSocket wrap(Socket plain, InetSocketAddress address) throws IOException {
        SSLSocket tls = (SSLSocket) trustAll().getSocketFactory()
                .createSocket(plain, address.getHostString(), address.getPort(), true);
        tls.setSoTimeout(10_000);
        tls.startHandshake();
        return tls;
    }

    private void use(Socket s) throws IOException {
        this.socket = s;
        this.in = s.getInputStream();
        this.out = s.getOutputStream();
    }

    /** Test only: trusts any certificate. */
    static SSLContext trustAll() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    Socket socket() {
        return socket;
    }

    void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends one command line and returns its reply. */
    String command(String line) throws IOException {
        write(line + "\r\n");
        return reply();
    }

    /** One complete reply (all its lines), lines joined with \n; null at end of stream. */
    String reply() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line == null) {
                return lines.isEmpty() ? null : String.join("\n", lines);
            }
            lines.add(line);
            if (line.length() < 4 || line.charAt(3) == ' ') {
                return String.join("\n", lines);
            }
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            if (b == '\n') {
                String s = line.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
    }

    /** Octets readable now without blocking. */
    int available() throws IOException {
        return in.available();
    }

    /** Whether the server closed the connection (reads end of stream, or the reset of a closed socket). */
    boolean serverClosed() {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

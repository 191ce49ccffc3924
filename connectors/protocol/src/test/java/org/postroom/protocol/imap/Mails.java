package org.postroom.protocol.imap;

/** The messages the dialogue tests deliver. */
final class Mails {

    static final String SIMPLE = "From: Alice <alice@example.org>\r\n"
            + "To: Bob <bob@example.org>\r\n"
            + "Subject: Hello\r\n"
            + "Date: Thu, 19 Nov 2026 10:00:00 +0000\r\n"
            + "Message-ID: <m1@example.org>\r\n"
            + "\r\n"
            + "Hi Bob\r\n";

    static final String MULTIPART = "From: Carol <carol@example.org>\r\n"
            + "To: alice@example.org\r\n"
            + "Subject: Report\r\n"
            + "Date: Fri, 20 Nov 2026 08:15:00 +0100\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"XX\"\r\n"
            + "\r\n"
            + "--XX\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n"
            + "\r\n"
            + "Caf=C3=A9 numbers attached\r\n"
            + "--XX\r\n"
            + "Content-Type: application/pdf; name=\"r.pdf\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n"
            + "Content-Disposition: attachment; filename=\"r.pdf\"\r\n"
            + "\r\n"
            + "JVBERi0=\r\n"
            + "--XX--\r\n";

    static final String FORWARD = "From: Dave <dave@example.org>\r\n"
            + "To: alice@example.org\r\n"
            + "Subject: Fwd: Hello\r\n"
            + "Content-Type: multipart/mixed; boundary=b1\r\n"
            + "\r\n"
            + "--b1\r\n"
            + "\r\n"
            + "see below\r\n"
            + "--b1\r\n"
            + "Content-Type: message/rfc822\r\n"
            + "\r\n"
            + SIMPLE
            + "--b1--\r\n";

    private Mails() {
    }
}

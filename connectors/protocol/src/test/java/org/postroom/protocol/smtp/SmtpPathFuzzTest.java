package org.postroom.protocol.smtp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.postroom.protocol.FuzzChecks;

/**
 * Fuzz target (ADR 0055): the SMTP address parser alone ({@link PathParser}: MAIL FROM and RCPT TO arguments with
 * their parameters, VRFY), the text after the verb as the session hands it over. A finding is any exception other
 * than {@link SmtpSyntaxException}, more than {@link FuzzChecks#MAX_ALLOCATED_BYTES_PER_INPUT} allocated, or an
 * input running longer than the timeout.
 */
class SmtpPathFuzzTest {

    @FuzzTest(maxDuration = "5m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void smtpPathParserRejectsBadInputOnlyWithSyntaxErrors(byte[] input) {
        // the session hands over ISO-8859-1 text without control characters; the parser must not rely on it
        String argument = new String(input, StandardCharsets.ISO_8859_1);
        FuzzChecks.withinAllocationBound(() -> parse(argument));
    }

    private static void parse(String argument) {
        try {
            PathParser.parseMail(argument);
        } catch (SmtpSyntaxException expected) {
            // 501 / 553 / 555
        }
        try {
            PathParser.parseRcpt(argument);
        } catch (SmtpSyntaxException expected) {
            // 501 / 553 / 555
        }
        try {
            PathParser.parseVrfy(argument);
        } catch (SmtpSyntaxException expected) {
            // 501
        }
    }
}

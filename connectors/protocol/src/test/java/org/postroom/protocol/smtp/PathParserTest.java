package org.postroom.protocol.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.postroom.connector.api.BodyType;
import org.postroom.connector.api.MailAddress;
import org.postroom.connector.api.ReversePath;

class PathParserTest {

    @Test
    void parsesSenderAndParameters() throws SmtpSyntaxException {
        PathParser.MailArguments mail = PathParser.parseMail("FROM:<bob@client.example>  SIZE=42 BODY=7bit");
        assertEquals(ReversePath.of(new MailAddress("bob", "client.example")), mail.reversePath());
        assertEquals(OptionalLong.of(42), mail.parameters().declaredSize());
        assertEquals(Optional.of(BodyType.SEVEN_BIT), mail.parameters().body());
    }

    @Test
    void closingBracketInsideAQuotedLocalPartDoesNotEndThePath() throws SmtpSyntaxException {
        assertEquals(new MailAddress("\"a>b\"", "example.org"), PathParser.parseRcpt("TO:<\"a>b\"@example.org>"));
    }

    @Test
    void refusesLocalPartsDomainsAndLengthsOutsideRfc5321() {
        for (String bad : new String[]{"<@example.org>", "<a@>", "<.a@example.org>", "<a.@example.org>",
                "<a b@example.org>", "<a@exa_mple.org>", "<a@[300.1.1.1]>", "<a@example..org>",
                "<" + "l".repeat(65) + "@example.org>", "<a@" + "d".repeat(64) + ".org>",
                "<\"unterminated@example.org>",
                "<a@example.org"}) {
            assertThrows(SmtpSyntaxException.class, () -> PathParser.parseRcpt("TO:" + bad), bad);
        }
    }

    @Test
    void domainAndLiteralRules() {
        assertTrue(PathParser.isDomain("a-b.example.org"));
        assertFalse(PathParser.isDomain("-a.example.org"));
        assertTrue(PathParser.isAddressLiteral("[192.0.2.1]"));
        assertTrue(PathParser.isAddressLiteral("[IPv6:2001:db8::1]"));
        assertFalse(PathParser.isAddressLiteral("[1.2.3]"));
        assertTrue(PathParser.isQuotedString("\"a\\\"b\""));
        assertFalse(PathParser.isQuotedString("\"a\"b\""));
    }
}

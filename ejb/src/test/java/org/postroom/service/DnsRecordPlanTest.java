package org.postroom.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.postroom.service.Views.DnsRecordView;

class DnsRecordPlanTest {

    private static final String LONG_KEY = "v=DKIM1; k=rsa; p=" + "A".repeat(392);

    private static Map<String, DnsRecordView> byName(List<DnsRecordView> records) {
        return records.stream().collect(Collectors.toMap(r -> r.name() + " " + r.type() + " "
                + (r.value().startsWith("v=spf1") ? "spf" : ""), r -> r));
    }

    @Test
    void mxSpfDkimAndDmarcForADomainWithoutSmartHostOrMtaSts() {
        List<DnsRecordView> records = DnsRecordPlan.records("example.org", "Mail.Example.org", Optional.empty(),
                List.of(new DnsRecordPlan.Key("postroom20261207", LONG_KEY, Optional.empty())), "none");
        Map<String, DnsRecordView> r = byName(records);
        assertEquals(4, records.size(), records.toString());
        assertEquals("10 mail.example.org.", r.get("example.org MX ").value());
        assertEquals("v=spf1 mx ~all", r.get("example.org TXT spf").value());
        DnsRecordView dkim = r.get("postroom20261207._domainkey.example.org TXT ");
        assertEquals(LONG_KEY, dkim.value());
        assertEquals("v=DMARC1; p=none; rua=mailto:postmaster@example.org",
                r.get("_dmarc.example.org TXT ").value());
        assertTrue(records.stream().noneMatch(x -> x.name().contains("mta-sts")));
    }

    @Test
    void aLongTxtValueIsSplitIntoCharacterStringsOfAtMost255Octets() {
        String zone = DnsRecordPlan.quoted(LONG_KEY);
        assertTrue(zone.startsWith("( \"v=DKIM1; k=rsa; p=AAA") && zone.endsWith("\" )"), zone);
        List<String> strings = List.of(zone.substring(3, zone.length() - 3).split("\" \""));
        assertEquals(2, strings.size());
        assertEquals(255, strings.get(0).length());
        assertEquals(LONG_KEY, String.join("", strings));
        assertEquals("\"v=spf1 mx ~all\"", DnsRecordPlan.quoted("v=spf1 mx ~all"));
        assertEquals("\"\"", DnsRecordPlan.quoted(""));
    }

    @Test
    void theSmartHostGoesIntoSpfByNameOrAddress() {
        assertEquals("v=spf1 mx a:relay.provider.test ~all",
                spf(DnsRecordPlan.records("example.org", "mx.example.org", Optional.of("relay.provider.test"),
                        List.of(), "none")));
        assertEquals("v=spf1 mx ip4:192.0.2.25 ~all", spf(DnsRecordPlan.records("example.org", "mx.example.org",
                Optional.of("192.0.2.25"), List.of(), "none")));
        assertEquals("v=spf1 mx ip6:2001:db8::25 ~all", spf(DnsRecordPlan.records("example.org", "mx.example.org",
                Optional.of("2001:db8::25"), List.of(), "none")));
    }

    @Test
    void theSmartHostSettingIsReadWithoutItsPort() {
        assertEquals("relay.provider.test", DnsRecordPlan.relayName("relay.provider.test:587"));
        assertEquals("relay.provider.test", DnsRecordPlan.relayName("relay.provider.test"));
        assertEquals("2001:db8::25", DnsRecordPlan.relayName("[2001:db8::25]:25"));
        assertEquals("2001:db8::25", DnsRecordPlan.relayName("2001:db8::25"));
    }

    private static String spf(List<DnsRecordView> records) {
        return records.stream().filter(r -> r.value().startsWith("v=spf1")).findFirst().orElseThrow().value();
    }

    @Test
    void withoutAKeyTheListSaysHowToMakeOneAndARetiredKeyIsListedAsRetired() {
        List<DnsRecordView> none = DnsRecordPlan.records("example.org", "mx.example.org", Optional.empty(),
                List.of(), "none");
        assertTrue(none.stream().anyMatch(r -> r.purpose().contains("POST /api/domains/example.org/dkim")));
        List<DnsRecordView> two = DnsRecordPlan.records("example.org", "mx.example.org", Optional.empty(),
                List.of(new DnsRecordPlan.Key("new", "v=DKIM1; k=rsa; p=B", Optional.empty()),
                        new DnsRecordPlan.Key("old", "v=DKIM1; k=rsa; p=A",
                                Optional.of(Instant.parse("2026-12-07T20:00:00Z")))),
                "none");
        DnsRecordView old = byName(two).get("old._domainkey.example.org TXT ");
        assertTrue(old.purpose().startsWith("DKIM: a retired key"), old.purpose());
    }

    @Test
    void mtaStsAndTlsRptRecordsComeWhenAModeIsConfiguredAndTheIdFollowsThePolicy() {
        Map<String, DnsRecordView> enforce = byName(DnsRecordPlan.records("example.org", "mx.example.org",
                Optional.empty(), List.of(), "enforce"));
        Map<String, DnsRecordView> testing = byName(DnsRecordPlan.records("example.org", "mx.example.org",
                Optional.empty(), List.of(), "testing"));
        String id = enforce.get("_mta-sts.example.org TXT ").value();
        assertTrue(id.matches("v=STSv1; id=[0-9a-f]{20}"), id);
        assertTrue(!id.equals(testing.get("_mta-sts.example.org TXT ").value()), "another policy, another id");
        assertEquals("mx.example.org.", enforce.get("mta-sts.example.org CNAME ").value());
        assertTrue(enforce.get("mta-sts.example.org CNAME ").purpose().contains("mode: enforce\nmx: mx.example.org\n"));
        assertEquals("v=TLSRPTv1; rua=mailto:postmaster@example.org",
                enforce.get("_smtp._tls.example.org TXT ").value());
    }
}

package org.postroom.model.mime;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.postroom.connector.api.mime.Address;

/**
 * Fuzz target (ADR 0055): the RFC 5322 address-list parser that builds ENVELOPE addresses at delivery and SEARCH's
 * address matching. It has no syntax error: whatever the header says, it returns addresses. A finding is any
 * exception, a result breaking its documented shape (group markers in pairs, never nested; a real address always
 * has a mailbox and a host), more than {@value #MAX_ALLOCATED_BYTES} bytes allocated for one input, or an input
 * running longer than the timeout.
 */
class AddressListParserFuzzTest {

    private static final long MAX_ALLOCATED_BYTES = 64L << 20;
    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
            .getThreadMXBean();

    @FuzzTest(maxDuration = "5m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void addressListParserReturnsWellFormedAddressesForAnyHeader(byte[] input) {
        // header values reach it decoded as UTF-8 (malformed octets replaced), as the analyzer decodes them
        String value = new String(input, StandardCharsets.UTF_8);
        long allocated = allocation(value);
        if (allocated > MAX_ALLOCATED_BYTES && allocation(value) > MAX_ALLOCATED_BYTES) {
            // measured twice: the first run of a path also pays for loading and instrumenting its classes
            throw new AssertionError("one header of " + input.length + " octets allocated over "
                    + MAX_ALLOCATED_BYTES + " bytes");
        }
        List<Address> addresses = AddressListParser.parse(value);
        boolean inGroup = false;
        for (Address a : addresses) {
            if (a.isGroupStart()) {
                check(!inGroup, "nested group start", value, addresses);
                inGroup = true;
            } else if (a.isGroupEnd()) {
                check(inGroup, "group end without a start", value, addresses);
                inGroup = false;
            } else {
                check(a.mailbox() != null && !a.mailbox().isEmpty() && a.host() != null,
                        "address without mailbox or host",
                        value, addresses);
            }
        }
        check(!inGroup, "group not closed", value, addresses);
    }

    private static long allocation(String value) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        AddressListParser.parse(value);
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    private static void check(boolean condition, String what, String value, List<Address> addresses) {
        if (!condition) {
            throw new AssertionError(what + " in " + addresses + " parsed from [" + value + "]");
        }
    }
}

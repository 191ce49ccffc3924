package org.postroom.protocol.imap;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.postroom.connector.api.imap.ImapFlags;

/** Checks flags a client wants to set (STORE, APPEND) and spells system flags canonically. */
final class Flags {

    private Flags() {
    }

    /**
     * @throws ImapSyntaxException for {@code \Recent}, {@code \*} or an unknown system flag, none of which a client
     *             may set
     */
    static Set<String> settable(List<String> flags) throws ImapSyntaxException {
        Set<String> out = new LinkedHashSet<>();
        for (String flag : flags) {
            Optional<String> canonical = ImapFlags.canonical(flag);
            if (canonical.isEmpty() || canonical.get().equals(ImapFlags.RECENT) || flag.equals("\\*")) {
                throw new ImapSyntaxException("Invalid flag " + flag);
            }
            out.add(canonical.get());
        }
        return out;
    }
}

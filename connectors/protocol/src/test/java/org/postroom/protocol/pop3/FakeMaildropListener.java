package org.postroom.protocol.pop3;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.postroom.connector.api.AuthenticatedUser;
import org.postroom.connector.api.AuthenticationResult;
import org.postroom.connector.api.Credentials;
import org.postroom.connector.api.MaildropListener;
import org.postroom.connector.api.Pop3MaildropEntry;
import org.postroom.connector.api.Pop3MaildropInUseException;

/**
 * A maildrop store in memory that records every call. alice/secret owns three messages; bob/secret's maildrop is
 * locked by another session.
 */
final class FakeMaildropListener implements MaildropListener {

    static final String MESSAGE_1 = "Subject: one\r\n\r\nHello\r\n";
    static final String MESSAGE_2 = "Subject: two\r\nFrom: a@example.org\r\n\r\nline 1\r\n.hidden dot\r\nline 3\r\n";
    static final String MESSAGE_3 = "Subject: three\r\n\r\nno final line end";

    private final Map<String, String> messages = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();
    /** When set, every login answers that the directory could not be asked. */
    volatile boolean authenticationUnavailable;
    final List<List<String>> commits = new ArrayList<>();
    /** Messages another client removed after the snapshot was taken: contents() no longer finds them. */
    final Set<String> removedBehindTheSession = new HashSet<>();
    /** A key whose fetch fails with an IOException (the store is down). */
    String failingKey = "none";

    FakeMaildropListener() {
        messages.put("k1", MESSAGE_1);
        messages.put("k2", MESSAGE_2);
        messages.put("k3", MESSAGE_3);
    }

    @Override
    public AuthenticationResult authenticate(InetSocketAddress clientAddress, boolean tls, Credentials credentials) {
        calls.add("authenticate " + credentials.username() + " tls=" + tls);
        if (authenticationUnavailable) {
            return AuthenticationResult.temporarilyUnavailable();
        }
        boolean known = credentials.username().equals("alice") || credentials.username().equals("bob");
        return known && credentials.password().equals("secret")
                ? AuthenticationResult.authenticated(credentials.username())
                : AuthenticationResult.invalidCredentials();
    }

    @Override
    public List<Pop3MaildropEntry> open(AuthenticatedUser user) throws Pop3MaildropInUseException {
        calls.add("open " + user.name());
        if (user.name().equals("bob")) {
            throw new Pop3MaildropInUseException("bob");
        }
        List<Pop3MaildropEntry> entries = new ArrayList<>();
        messages.forEach((key, text) -> entries.add(new Pop3MaildropEntry(key, text.length(), "uid-" + key)));
        return entries;
    }

    @Override
    public Map<String, byte[]> contents(AuthenticatedUser user, List<String> keys) throws IOException {
        calls.add("contents " + user.name() + " " + keys);
        if (keys.contains(failingKey)) {
            throw new IOException("store down");
        }
        Map<String, byte[]> found = new LinkedHashMap<>();
        for (String key : keys) {
            if (messages.containsKey(key) && !removedBehindTheSession.contains(key)) {
                found.put(key, messages.get(key).getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return found;
    }

    @Override
    public void commit(AuthenticatedUser user, List<String> deletedKeys) {
        calls.add("commit " + user.name() + " " + deletedKeys);
        commits.add(List.copyOf(deletedKeys));
    }

    @Override
    public void close(AuthenticatedUser user) {
        calls.add("close " + user.name());
    }
}

package org.postroom.pop3;

import jakarta.ejb.EJB;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.postroom.connector.api.AuthenticatedUser;
import org.postroom.connector.api.AuthenticationResult;
import org.postroom.connector.api.Credentials;
import org.postroom.connector.api.MaildropListener;
import org.postroom.connector.api.Pop3MaildropEntry;
import org.postroom.connector.api.Pop3MaildropInUseException;
import org.postroom.mailbox.MaildropService;
import org.postroom.service.UserAuthenticationService;

/**
 * What the POP3 listeners' beans share: they translate between the listener API and {@link MaildropService}, and
 * nothing else. The user name the engine passes back is the canonical address authentication returned.
 */
abstract class Pop3EndpointBase implements MaildropListener {

    @EJB
    UserAuthenticationService authentication;

    @EJB
    MaildropService maildrops;

    @Override
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public AuthenticationResult authenticate(InetSocketAddress clientAddress, boolean tls, Credentials credentials) {
        return authentication.authenticate(credentials.username(), credentials.password())
                .map(AuthenticationResult::authenticated)
                .orElseGet(AuthenticationResult::invalidCredentials);
    }

    @Override
    public List<Pop3MaildropEntry> open(AuthenticatedUser user) throws Pop3MaildropInUseException {
        try {
            return maildrops.open(user.name()).stream()
                    .map(m -> new Pop3MaildropEntry(Long.toString(m.messageId()), m.size(), m.uniqueId()))
                    .toList();
        } catch (MaildropService.InUseException e) {
            throw new Pop3MaildropInUseException(user.name());
        }
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // a read: no transaction per RETR
    public Map<String, byte[]> contents(AuthenticatedUser user, List<String> keys) {
        Map<String, byte[]> result = new HashMap<>();
        maildrops.contents(user.name(), keys.stream().map(Pop3EndpointBase::messageId).toList())
                .forEach((id, data) -> result.put(Long.toString(id), data));
        return result;
    }

    @Override
    public void commit(AuthenticatedUser user, List<String> deletedKeys) {
        maildrops.removeDeleted(user.name(), deletedKeys.stream().map(Pop3EndpointBase::messageId).toList());
    }

    @Override
    public void close(AuthenticatedUser user) {
        maildrops.close(user.name());
    }

    private static long messageId(String key) {
        try {
            return Long.parseLong(key);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a maildrop key: " + key, e);
        }
    }
}

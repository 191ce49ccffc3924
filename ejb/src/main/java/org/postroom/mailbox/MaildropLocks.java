package org.postroom.mailbox;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which maildrops a POP3 session holds (RFC 1939 section 8: one session per maildrop; a second one gets
 * {@code -ERR [IN-USE]}). In memory, per server: a server that dies takes its locks with it, so no lock outlives its
 * session. Several servers sharing one database will need a lease in the database instead (ADR 14).
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class MaildropLocks {

    private final Set<String> held = ConcurrentHashMap.newKeySet();

    /** Takes the lock of this user's maildrop; false when a session already holds it. */
    public boolean tryLock(String user) {
        return held.add(user);
    }

    /** Releases the lock; harmless when it is not held. */
    public void unlock(String user) {
        held.remove(user);
    }

}

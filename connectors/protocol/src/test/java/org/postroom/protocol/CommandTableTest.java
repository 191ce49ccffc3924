package org.postroom.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.postroom.protocol.CommandTable.Blocking;

/** The generic command table: lookup, state refusal, the shared TLS and credentials rules in order. */
class CommandTableTest {

    enum State {
        START, READY
    }

    /** What the rules read of a session. */
    record Session(State state, boolean tls, boolean tlsAvailable, boolean plaintextAllowed) {
    }

    private static final CommandTable.Rule<Session, String> STARTTLS = CommandTable.tlsStartable(Session::tls,
            Session::tlsAvailable, "already", "unavailable");
    private static final CommandTable.Rule<Session, String> CREDENTIALS = CommandTable
            .credentialsProtected(s -> s.tls() || s.plaintextAllowed(), "privacy");

    private final CommandTable<Session, State, String, String> table = CommandTable
            .<Session, State, String, String>builder("wrong state")
            .add("LOGIN", "login", EnumSet.of(State.START), List.of(CREDENTIALS), Blocking.ALWAYS)
            .add("STARTTLS", "starttls", EnumSet.of(State.START), List.of(STARTTLS), Blocking.NEVER)
            .add("DATA", "data", EnumSet.of(State.READY), s -> "need " + State.READY + " not " + s, List.of(),
                    Blocking.UNLESS_CACHED)
            .build();

    private Optional<String> refusal(String name, Session session) {
        return table.refusal(table.lookup(name).orElseThrow(), session, session.state());
    }

    @Test
    void namesAreLookedUpCaseInsensitively() {
        assertEquals("login", table.lookup("login").orElseThrow().command());
        assertEquals(Blocking.UNLESS_CACHED, table.lookup("Data").orElseThrow().blocking());
        assertEquals(Optional.empty(), table.lookup("VRFY"));
    }

    @Test
    void theStateIsCheckedBeforeTheRulesWithTheRowsOwnRefusalWhereItHasOne() {
        Session plaintextReady = new Session(State.READY, false, false, false);
        assertEquals(Optional.of("wrong state"), refusal("LOGIN", plaintextReady));
        assertEquals(Optional.of("need READY not START"), refusal("DATA", new Session(State.START, true, true, true)));
    }

    @Test
    void credentialsTravelOnlyOverTlsOrWherePlaintextIsAllowed() {
        assertEquals(Optional.of("privacy"), refusal("LOGIN", new Session(State.START, false, true, false)));
        assertEquals(Optional.empty(), refusal("LOGIN", new Session(State.START, false, true, true)));
        assertEquals(Optional.empty(), refusal("LOGIN", new Session(State.START, true, false, false)));
    }

    @Test
    void startTlsOnlyWhereItCanStartAndHasNot() {
        assertEquals(Optional.of("already"), refusal("STARTTLS", new Session(State.START, true, true, false)));
        assertEquals(Optional.of("unavailable"), refusal("STARTTLS", new Session(State.START, false, false, false)));
        assertEquals(Optional.empty(), refusal("STARTTLS", new Session(State.START, false, true, false)));
    }

    @Test
    void aCommandListedTwiceIsAMistakeInTheTable() {
        var builder = CommandTable.<Session, State, String, String>builder("x")
                .add("NOOP", "a", EnumSet.allOf(State.class), List.of(), Blocking.NEVER);
        assertThrows(IllegalArgumentException.class,
                () -> builder.add("noop", "b", EnumSet.allOf(State.class), List.of(), Blocking.NEVER));
    }
}

package org.postroom.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The one table of a protocol's commands (SMTP, POP3, IMAP): for each command name, the command, the session states
 * it is valid in (with the refusal in other states), the cross-cutting rules it must pass first (TLS, plaintext
 * credentials, authentication) and whether it may answer without blocking. Reading a table answers "what may a
 * client do when"; the session looks a command up, asks {@link #refusal} and runs it (ADR 0031).
 *
 * <p>
 * Immutable once built; shared by all sessions.
 *
 * @param <X> the protocol's session, which the rules read
 * @param <S> the protocol's session states
 * @param <C> the protocol's command type
 * @param <R> the protocol's reply type
 */
public final class CommandTable<X, S extends Enum<S>, C, R> {

    /** A rule checked before a command runs: empty lets it run, otherwise the refusal. */
    @FunctionalInterface
    public interface Rule<X, R> {
        Optional<R> check(X session);
    }

    /**
     * Whether a command may call the listener (the store, authentication), which may block; the driver's answers on
     * the network thread ({@link SessionDriver#receiveWithoutBlocking}) take only commands that cannot.
     */
    public enum Blocking {
        /** Answered from the session's own state. */
        NEVER,
        /**
         * Answered from memory when what it reads is there already (POP3 RETR/TOP of a message read ahead, IMAP
         * FETCH of cached messages), from the listener otherwise: the session decides per command line.
         */
        UNLESS_CACHED,
        /** Calls the listener, or may. */
        ALWAYS
    }

    /**
     * One row.
     *
     * @param name the command name, upper case ({@code UID FETCH} for IMAP's UID commands)
     * @param validIn the states in which it may run
     * @param outOfState the refusal in each other state
     * @param rules checked in order after the state
     */
    public record Entry<X, S extends Enum<S>, C, R>(String name, C command, Set<S> validIn,
            Function<S, R> outOfState, List<Rule<X, R>> rules, Blocking blocking) {

        public Entry {
            rules = List.copyOf(rules);
        }
    }

    private final Map<String, Entry<X, S, C, R>> entries;

    private CommandTable(Map<String, Entry<X, S, C, R>> entries) {
        this.entries = Map.copyOf(entries);
    }

    /** A table whose commands are refused with {@code wrongState} outside their states unless a row says otherwise. */
    public static <X, S extends Enum<S>, C, R> Builder<X, S, C, R> builder(R wrongState) {
        return new Builder<>(wrongState);
    }

    /** The row for a command name, case-insensitive. */
    public Optional<Entry<X, S, C, R>> lookup(String name) {
        return Optional.ofNullable(entries.get(name.toUpperCase(Locale.ROOT)));
    }

    /** The reply that stops {@code entry} in {@code state}, if any: wrong state first, then the rules in order. */
    public Optional<R> refusal(Entry<X, S, C, R> entry, X session, S state) {
        if (!entry.validIn().contains(state)) {
            return Optional.of(entry.outOfState().apply(state));
        }
        for (Rule<X, R> rule : entry.rules()) {
            Optional<R> refused = rule.check(session);
            if (refused.isPresent()) {
                return refused;
            }
        }
        return Optional.empty();
    }

    // ---- the rules the protocols share

    /**
     * STARTTLS (STLS): only where TLS can start and is not yet active.
     *
     * @param tlsActive whether the session runs over TLS already
     * @param tlsAvailable whether the endpoint can start TLS
     */
    public static <X, R> Rule<X, R> tlsStartable(Predicate<X> tlsActive, Predicate<X> tlsAvailable,
            R alreadyActive, R notAvailable) {
        return s -> {
            if (tlsActive.test(s)) {
                return Optional.of(alreadyActive);
            }
            return tlsAvailable.test(s) ? Optional.empty() : Optional.of(notAvailable);
        };
    }

    /**
     * A command that carries a password: only over TLS, or in plaintext where the endpoint allows it (loopback when
     * configured; RFC 2595, RFC 3501 section 6.2.3, RFC 4954 section 4).
     *
     * @param channelSecure whether credentials may travel on this session's channel
     */
    public static <X, R> Rule<X, R> credentialsProtected(Predicate<X> channelSecure, R refusal) {
        return s -> channelSecure.test(s) ? Optional.empty() : Optional.of(refusal);
    }

    /** A command refused with {@code refusal} while {@code condition} holds (not authenticated where required...). */
    public static <X, R> Rule<X, R> refusedWhen(Predicate<X> condition, R refusal) {
        return s -> condition.test(s) ? Optional.of(refusal) : Optional.empty();
    }

    /** Collects the rows of one table. */
    public static final class Builder<X, S extends Enum<S>, C, R> {
        private final R wrongState;
        private final Map<String, Entry<X, S, C, R>> entries = new LinkedHashMap<>();

        private Builder(R wrongState) {
            this.wrongState = wrongState;
        }

        /** A row refused with the table's wrong-state reply outside {@code validIn}. */
        public Builder<X, S, C, R> add(String name, C command, Set<S> validIn, List<Rule<X, R>> rules,
                Blocking blocking) {
            return add(name, command, validIn, s -> wrongState, rules, blocking);
        }

        /** A row with its own refusal per state outside {@code validIn}. */
        public Builder<X, S, C, R> add(String name, C command, Set<S> validIn, Function<S, R> outOfState,
                List<Rule<X, R>> rules, Blocking blocking) {
            String key = name.toUpperCase(Locale.ROOT);
            if (entries.putIfAbsent(key, new Entry<>(key, command, validIn, outOfState, rules, blocking)) != null) {
                throw new IllegalArgumentException("command listed twice: " + key);
            }
            return this;
        }

        public CommandTable<X, S, C, R> build() {
            return new CommandTable<>(entries);
        }
    }
}

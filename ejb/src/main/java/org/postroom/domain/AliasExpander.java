package org.postroom.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Expands aliases (aliases of aliases, distribution groups, forwards) into the addresses that finally receive a
 * message, and detects alias loops, both at delivery time and when an alias is defined.
 *
 * <p>The rule of {@link #expand(EmailAddress)}: an address that is not an alias is delivered to as it is; an alias is
 * replaced by its targets, recursively. The result lists each final address once, in the order a depth-first walk
 * first meets it. RFC 5321 section 3.9.1 lets an alias expand into several addresses, and section 6.3 requires a
 * server to detect loops rather than deliver forever: an alias met again on its own expansion path (a cycle), or
 * met after {@value #MAX_DEPTH} aliases in a chain, is not expanded again but reported in
 * {@link Expansion#loops()}, and its other branches are delivered. Expansion never throws for a loop.
 *
 * <p>The rule of {@link #findCycle(EmailAddress, List, AliasLookup)}: defining {@code alias -> targets} creates a loop
 * when {@code alias} can be reached again from {@code targets}; the path is returned so that it can be shown.
 */
public final class AliasExpander {

    /** The most aliases a chain may pass through; an alias reached after that many is cut and reported. */
    public static final int MAX_DEPTH = 20;

    private final AliasLookup lookup;

    /**
     * @param lookup where the current alias definitions are read
     */
    public AliasExpander(AliasLookup lookup) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
    }

    /**
     * The outcome of an expansion.
     *
     * @param recipients the final (non-alias) addresses, each once, in first-seen depth-first order
     * @param loops the aliases that were not expanded because they closed a cycle or were deeper than
     *              {@link #MAX_DEPTH}, each once, in the order met; empty when there was no loop
     */
    public record Expansion(List<EmailAddress> recipients, List<EmailAddress> loops) {

        /** Copies both lists into immutable lists. */
        public Expansion {
            recipients = List.copyOf(recipients);
            loops = List.copyOf(loops);
        }
    }

    /**
     * Expands {@code recipient} by the rule in the class comment. A recipient that is not an alias expands to itself.
     *
     * @param recipient the address a message was sent to
     * @return the final recipients, and the aliases where a loop was cut
     */
    public Expansion expand(EmailAddress recipient) {
        Objects.requireNonNull(recipient, "recipient");
        Walk walk = new Walk();
        walk.visit(recipient, 0);
        return new Expansion(new ArrayList<>(walk.recipients), new ArrayList<>(walk.loops));
    }

    /** The state of one depth-first expansion. */
    private final class Walk {
        private final Set<EmailAddress> recipients = new LinkedHashSet<>();
        private final Set<EmailAddress> loops = new LinkedHashSet<>();
        private final Set<EmailAddress> onPath = new HashSet<>();
        /* The shallowest depth at which each alias was expanded: expanding it again at that depth or deeper would
           add nothing, and skipping it keeps diamond-shaped groups from being walked once per path. */
        private final Map<EmailAddress, Integer> expandedAtDepth = new HashMap<>();

        /* Recursion depth is bounded by MAX_DEPTH. */
        private void visit(EmailAddress address, int depth) {
            if (onPath.contains(address)) {
                loops.add(address);
                return;
            }
            Integer expandedAt = expandedAtDepth.get(address);
            if (expandedAt != null && expandedAt <= depth) {
                return;
            }
            Optional<List<EmailAddress>> targets = targetsOf(lookup, address);
            if (targets.isEmpty()) {
                recipients.add(address);
                return;
            }
            if (depth >= MAX_DEPTH) {
                loops.add(address);
                return;
            }
            expandedAtDepth.put(address, depth);
            onPath.add(address);
            for (EmailAddress target : targets.get()) {
                visit(Objects.requireNonNull(target, "alias target"), depth + 1);
            }
            onPath.remove(address);
        }
    }

    /**
     * Tells whether defining (or redefining) {@code alias -> newTargets} would create an alias loop, given the
     * {@code existing} definitions. The existing definition of {@code alias}, if any, is ignored: it is the one being
     * replaced. Only loops through {@code alias} are reported; they are the ones this definition would create.
     *
     * @param alias the alias being defined
     * @param newTargets its new targets
     * @param existing the current definitions
     * @return the loop as a path that starts and ends with {@code alias}, e.g. {@code [a, b, c, a]}, or
     *         {@code [a, a]} when {@code alias} is one of its own targets; empty when there is no loop
     */
    public static Optional<List<EmailAddress>> findCycle(EmailAddress alias, List<EmailAddress> newTargets,
            AliasLookup existing) {
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(newTargets, "newTargets");
        Objects.requireNonNull(existing, "existing");
        // Iterative depth-first search: existing data is not depth-limited, so recursion could overflow the stack.
        List<EmailAddress> path = new ArrayList<>();
        List<Iterator<EmailAddress>> pending = new ArrayList<>();
        Set<EmailAddress> visited = new HashSet<>();
        path.add(alias);
        pending.add(List.copyOf(newTargets).iterator());
        visited.add(alias);
        while (!pending.isEmpty()) {
            Iterator<EmailAddress> next = pending.get(pending.size() - 1);
            if (!next.hasNext()) {
                pending.remove(pending.size() - 1);
                path.remove(path.size() - 1);
                continue;
            }
            EmailAddress target = next.next();
            if (target.equals(alias)) {
                path.add(alias);
                return Optional.of(List.copyOf(path));
            }
            if (visited.add(target)) {
                Optional<List<EmailAddress>> targets = targetsOf(existing, target);
                if (targets.isPresent()) {
                    path.add(target);
                    pending.add(targets.get().iterator());
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<List<EmailAddress>> targetsOf(AliasLookup lookup, EmailAddress address) {
        return Objects.requireNonNull(lookup.targetsOf(address), () -> "alias lookup returned null for " + address);
    }
}

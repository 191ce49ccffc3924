package org.postroom.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.postroom.domain.AliasExpander.Expansion;

class AliasExpanderTest {

    /** Alias definitions for one test, written as "alias -> target, target". */
    private static final class Aliases implements AliasLookup {
        private final Map<EmailAddress, List<EmailAddress>> definitions = new HashMap<>();
        private int lookups;

        Aliases define(String alias, String... targets) {
            definitions.put(address(alias), addresses(targets));
            return this;
        }

        @Override
        public Optional<List<EmailAddress>> targetsOf(EmailAddress address) {
            lookups++;
            return Optional.ofNullable(definitions.get(address));
        }
    }

    private static EmailAddress address(String name) {
        return EmailAddress.parse(name.contains("@") ? name : name + "@example.com");
    }

    private static List<EmailAddress> addresses(String... names) {
        return List.of(names).stream().map(AliasExpanderTest::address).toList();
    }

    private static Expansion expand(Aliases aliases, String recipient) {
        return new AliasExpander(aliases).expand(address(recipient));
    }

    @Test
    void nonAliasExpandsToItself() {
        Expansion expansion = expand(new Aliases(), "alice");
        assertEquals(addresses("alice"), expansion.recipients());
        assertEquals(List.of(), expansion.loops());
    }

    @Test
    void aliasIsReplacedByItsTargets() {
        Aliases aliases = new Aliases().define("sales", "alice", "bob");
        assertEquals(addresses("alice", "bob"), expand(aliases, "sales").recipients());
    }

    @Test
    void aliasesAreExpandedThroughThreeLevelsInDepthFirstOrder() {
        Aliases aliases = new Aliases()
                .define("all", "sales", "carol")
                .define("sales", "emea", "bob")
                .define("emea", "alice", "dave@partner.example");
        Expansion expansion = expand(aliases, "all");
        assertEquals(addresses("alice", "dave@partner.example", "bob", "carol"), expansion.recipients());
        assertEquals(List.of(), expansion.loops());
    }

    @Test
    void recipientReachedTwiceIsListedOnceWhereFirstSeen() {
        Aliases aliases = new Aliases()
                .define("all", "sales", "support", "alice")
                .define("sales", "alice", "bob")
                .define("support", "bob", "carol");
        Expansion expansion = expand(aliases, "all");
        assertEquals(addresses("alice", "bob", "carol"), expansion.recipients());
        assertEquals(List.of(), expansion.loops());
    }

    @Test
    void aliasWithoutTargetsExpandsToNobody() {
        Aliases aliases = new Aliases().define("blackhole");
        Expansion expansion = expand(aliases, "blackhole");
        assertEquals(List.of(), expansion.recipients());
        assertEquals(List.of(), expansion.loops());
    }

    @Test
    void aliasPointingBackToItselfIsALoop() {
        Aliases aliases = new Aliases().define("echo", "echo", "alice");
        Expansion expansion = expand(aliases, "echo");
        assertEquals(addresses("alice"), expansion.recipients());
        assertEquals(addresses("echo"), expansion.loops());
    }

    @Test
    void twoAliasesPointingAtEachOtherAreCutAndReported() {
        Aliases aliases = new Aliases()
                .define("a", "b", "alice")
                .define("b", "a", "bob");
        Expansion expansion = expand(aliases, "a");
        assertEquals(addresses("bob", "alice"), expansion.recipients());
        assertEquals(addresses("a"), expansion.loops());
    }

    @Test
    void loopBelowTheRecipientIsCutAndTheRestDelivered() {
        Aliases aliases = new Aliases()
                .define("team", "x", "carol")
                .define("x", "y")
                .define("y", "x", "dave");
        Expansion expansion = expand(aliases, "team");
        assertEquals(addresses("dave", "carol"), expansion.recipients());
        assertEquals(addresses("x"), expansion.loops());
    }

    @Test
    void loopReachedOnSeveralPathsIsReportedOnce() {
        Aliases aliases = new Aliases()
                .define("all", "loop", "group")
                .define("group", "loop")
                .define("loop", "loop", "alice");
        Expansion expansion = expand(aliases, "all");
        assertEquals(addresses("alice"), expansion.recipients());
        assertEquals(addresses("loop"), expansion.loops());
    }

    @Test
    void sameAliasInTwoBranchesIsNotALoop() {
        Aliases aliases = new Aliases()
                .define("all", "left", "right")
                .define("left", "shared")
                .define("right", "shared")
                .define("shared", "alice");
        Expansion expansion = expand(aliases, "all");
        assertEquals(addresses("alice"), expansion.recipients());
        assertEquals(List.of(), expansion.loops());
    }

    @Test
    void diamondShapedGroupsAreNotWalkedOncePerPath() {
        // 9 levels of two aliases each pointing at both aliases of the next level: 2^9 paths through 27 aliases.
        Aliases aliases = new Aliases();
        int levels = 9;
        for (int level = 0; level < levels; level++) {
            String next = level + 1 < levels ? "l" + (level + 1) : "end";
            aliases.define("l" + level, "l" + level + "a", "l" + level + "b");
            aliases.define("l" + level + "a", next);
            aliases.define("l" + level + "b", next);
        }
        Expansion expansion = expand(aliases, "l0");
        assertEquals(addresses("end"), expansion.recipients());
        assertEquals(List.of(), expansion.loops());
        assertTrue(aliases.lookups <= 2 * 3 * levels + 1, () -> aliases.lookups + " lookups");
    }

    @Test
    void chainOfMaxDepthAliasesIsDeliveredInFull() {
        Aliases aliases = chain(AliasExpander.MAX_DEPTH);
        Expansion expansion = expand(aliases, "c0");
        assertEquals(addresses("alice"), expansion.recipients());
        assertEquals(List.of(), expansion.loops());
    }

    @Test
    void chainLongerThanMaxDepthIsCutAndReported() {
        Aliases aliases = chain(AliasExpander.MAX_DEPTH + 1);
        Expansion expansion = expand(aliases, "c0");
        assertEquals(List.of(), expansion.recipients());
        assertEquals(addresses("c" + AliasExpander.MAX_DEPTH), expansion.loops());
    }

    @Test
    void maxDepthIsTwenty() {
        assertEquals(20, AliasExpander.MAX_DEPTH);
    }

    @Test
    void aliasExpandedDeepOnOnePathIsExpandedAgainWhenReachedHigherUp() {
        // Via c0, c18 sits at depth 19 and its target c19 at depth 20 is cut; via the second branch c18 sits at
        // depth 1, so the rest of the chain is walked and alice is reached.
        Aliases aliases = chain(AliasExpander.MAX_DEPTH + 1);
        aliases.define("top", "c0", "c18");
        Expansion expansion = expand(aliases, "top");
        assertEquals(addresses("alice"), expansion.recipients());
        assertEquals(addresses("c19"), expansion.loops());
    }

    /** c0 -> c1 -> ... -> c(n-1) -> alice: a chain through n aliases. */
    private static Aliases chain(int aliasCount) {
        Aliases aliases = new Aliases();
        for (int i = 0; i < aliasCount; i++) {
            aliases.define("c" + i, i + 1 < aliasCount ? "c" + (i + 1) : "alice");
        }
        return aliases;
    }

    @Test
    void expansionListsCannotBeModified() {
        Expansion expansion = expand(new Aliases(), "alice");
        assertThrows(UnsupportedOperationException.class, () -> expansion.recipients().clear());
        assertThrows(UnsupportedOperationException.class, () -> expansion.loops().clear());
    }

    @Test
    void expansionCopiesTheListsItIsGiven() {
        List<EmailAddress> recipients = new ArrayList<>(addresses("alice"));
        Expansion expansion = new Expansion(recipients, List.of());
        recipients.clear();
        assertEquals(addresses("alice"), expansion.recipients());
    }

    @Test
    void newAliasWithoutLoopHasNoCycle() {
        Aliases existing = new Aliases().define("sales", "alice");
        assertEquals(Optional.empty(), AliasExpander.findCycle(address("all"), addresses("sales", "bob"), existing));
    }

    @Test
    void aliasTargetingItselfIsACycleOfOneStep() {
        assertEquals(Optional.of(addresses("a", "a")),
                AliasExpander.findCycle(address("a"), addresses("alice", "a"), new Aliases()));
    }

    @Test
    void aliasTargetingAnAliasThatTargetsItIsACycle() {
        Aliases existing = new Aliases().define("b", "a");
        assertEquals(Optional.of(addresses("a", "b", "a")),
                AliasExpander.findCycle(address("a"), addresses("b"), existing));
    }

    @Test
    void indirectCycleIsReturnedAsAPath() {
        Aliases existing = new Aliases()
                .define("b", "bob", "c")
                .define("c", "carol", "a");
        Optional<List<EmailAddress>> cycle = AliasExpander.findCycle(address("a"), addresses("alice", "b"), existing);
        assertEquals(Optional.of(addresses("a", "b", "c", "a")), cycle);
    }

    @Test
    void cyclePathFollowsTheBranchThatLoopsNotTheDeadEnds() {
        Aliases existing = new Aliases()
                .define("dead", "x", "y")
                .define("x", "alice")
                .define("b", "dead", "c")
                .define("c", "a");
        assertEquals(Optional.of(addresses("a", "b", "c", "a")),
                AliasExpander.findCycle(address("a"), addresses("dead", "b"), existing));
    }

    @Test
    void redefiningAnAliasToPointAtAnAliasThatPointsBackIsACycle() {
        Aliases existing = new Aliases()
                .define("a", "alice")
                .define("b", "a");
        assertEquals(Optional.of(addresses("a", "b", "a")),
                AliasExpander.findCycle(address("a"), addresses("b"), existing));
    }

    @Test
    void redefinitionIsJudgedOnTheNewTargetsNotTheOldOnes() {
        // The old a -> x -> b -> a would loop; the new a -> alice does not.
        Aliases existing = new Aliases()
                .define("a", "x")
                .define("x", "b")
                .define("b", "a");
        assertEquals(Optional.empty(), AliasExpander.findCycle(address("a"), addresses("alice"), existing));
    }

    @Test
    void redefinitionUsesTheNewTargetsWhenTheLoopComesBackThroughTheAlias() {
        // b -> a exists; the old a -> alice is replaced by a -> c, c -> b, so a -> c -> b -> a.
        Aliases existing = new Aliases()
                .define("a", "alice")
                .define("b", "a")
                .define("c", "b");
        assertEquals(Optional.of(addresses("a", "c", "b", "a")),
                AliasExpander.findCycle(address("a"), addresses("c"), existing));
    }

    @Test
    void existingLoopNotThroughTheAliasIsNotReportedAndDoesNotHang() {
        Aliases existing = new Aliases()
                .define("x", "y")
                .define("y", "x");
        assertEquals(Optional.empty(), AliasExpander.findCycle(address("a"), addresses("x"), existing));
    }

    @Test
    void cycleSearchHandlesVeryLongExistingChains() {
        // Deeper than any call stack would allow if the search recursed.
        Aliases existing = new Aliases();
        int length = 50_000;
        for (int i = 0; i < length; i++) {
            existing.define("n" + i, i + 1 < length ? "n" + (i + 1) : "a");
        }
        Optional<List<EmailAddress>> cycle = AliasExpander.findCycle(address("a"), addresses("n0"), existing);
        assertEquals(length + 2, cycle.orElseThrow().size());
        assertEquals(address("a"), cycle.orElseThrow().get(0));
        assertEquals(address("a"), cycle.orElseThrow().get(length + 1));
    }

    @Test
    void aliasWithNoTargetsHasNoCycle() {
        assertEquals(Optional.empty(), AliasExpander.findCycle(address("a"), List.of(), new Aliases()));
    }
}

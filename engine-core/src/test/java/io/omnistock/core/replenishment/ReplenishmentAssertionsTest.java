package io.omnistock.core.replenishment;

import io.omnistock.api.Commands;
import io.omnistock.api.ReplenishmentKind;
import io.omnistock.api.ReplenishmentPolicy;
import io.omnistock.api.Tier;
import io.omnistock.core.state.ProcessorHarness;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The replenishment book's invariants are {@code assert}s where its state changes (docs/testing.md):
 * each is shown to fire on a state the handlers never make, so none is dead.
 */
class ReplenishmentAssertionsTest
{
    @Test
    void aPolicyWhoseLevelsCrossIsCaught()
    {
        final ReplenishmentRules rules = new ReplenishmentRules();
        final ReplenishmentEntries entries = new ReplenishmentEntries();
        final int e = entries.allocate();
        entries.init(e, 7, 0);
        // Reorder at 10 up to 5: validation refuses it (INVALID_REPLENISHMENT_POLICY); a corrupted rule is not refused.
        final int crossed = rules.add(ReplenishmentKind.MIN_MAX, 10, 5, 0, 1, 0, ReplenishmentPolicy.SUPPLIER, 0, 0);
        final AssertionError error = assertThrows(AssertionError.class, () -> entries.workOutLevels(e, crossed, rules, 0));
        assertTrue(error.getMessage().startsWith("levels 10 < 5"), error.getMessage());
        final int valid = rules.add(ReplenishmentKind.MIN_MAX, 5, 10, 0, 1, 0, ReplenishmentPolicy.SUPPLIER, 0, 0);
        entries.workOutLevels(e, valid, rules, 0);
    }

    @Test
    void aPositionTrackedTwiceOrRemovedAsAnotherEntryIsCaught()
    {
        final ReplenishmentEntries entries = new ReplenishmentEntries();
        final int first = entries.allocate();
        entries.init(first, 7, 0);
        final int second = entries.allocate();
        assertThrows(AssertionError.class, () -> entries.init(second, 7, 0));
        entries.init(second, 8, 0);
        assertThrows(AssertionError.class, () -> entries.remove(second, 7));
        entries.remove(first, 7);
        assertEquals(-1, entries.entryOf(7));
        assertEquals(first, entries.entryOf(8), "the last entry moved into the removed one's place");
    }

    @Test
    void aTransferFromAPositionWithoutAnOpenRequestIsCaught()
    {
        final ProcessorHarness h = new ProcessorHarness();
        final int store = h.location("S", Tier.STORE);
        final int milk = h.sku("MILK");
        h.run(Commands.receive(h.id(), store, milk, 50));
        h.run(Commands.setPositionPolicy(h.id(), store, milk, ReplenishmentPolicy.minMax(10, 40)));
        final int slot = h.state.ledger().find(store, milk);
        assertEquals(0, h.state.replenishment().openRequest(slot), "50 on hand is above the reorder point");
        assertThrows(AssertionError.class, () -> h.state.replenishment().requestTransferred(slot, 99));
    }

    @Test
    void theTestsRunWithAssertionsEnabled()
    {
        // Surefire's enableAssertions (the pom says so): without it every invariant above goes unchecked.
        assertTrue(Replenishment.class.desiredAssertionStatus());
    }
}

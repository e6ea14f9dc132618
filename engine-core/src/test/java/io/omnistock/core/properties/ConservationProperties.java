package io.omnistock.core.properties;

import io.omnistock.api.CommandResult;
import io.omnistock.core.model.Cmd;
import io.omnistock.core.state.EngineState;
import io.omnistock.core.state.ProcessorHarness;
import io.omnistock.core.stock.StockLedger;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Conservation laws, from the engine's own accept/reject decisions and the commands' inputs
 * only (no rule predictions): a movement ledger books every accepted command's quantity into
 * and out of positions, and after every command the engine's positions must equal the books.
 *
 * <ul>
 *   <li>on hand of every position = receipts + returns + adjustments + stocktake corrections
 *       + transfers in - sales - fulfilments - transfers out;</li>
 *   <li>reserved of every position = what the open reservations at it hold;</li>
 *   <li>in transit of every position = transferred out to it - transferred in at it, and per
 *       SKU the network total = all transferred out - all transferred in;</li>
 *   <li>network stock (on hand + in transit) per SKU moves only with external flows: transfers
 *       conserve it;</li>
 *   <li>a rejected command changes no quantity anywhere.</li>
 * </ul>
 */
class ConservationProperties
{
    @Provide
    Arbitrary<Scenario> scenarios()
    {
        return CommandArbitraries.scenarios(200);
    }

    /** A position's books: quantities as the sum of accepted movements. */
    private static final class Books
    {
        long onHand;
        long inTransit;
        long safety;
    }

    private record Hold(int location, int sku, long held)
    {
    }

    @Property(edgeCases = EdgeCasesMode.NONE, tries = 200)
    void quantitiesEqualTheSumOfAcceptedMovements(@ForAll("scenarios") final Scenario scenario)
    {
        final ProcessorHarness engine = scenario.harness();
        final EngineState state = engine.state;
        final Map<List<Integer>, Books> books = new HashMap<>();
        final Map<Long, Hold> holds = new HashMap<>();
        final Map<Integer, Long> externalFlow = new HashMap<>();
        final Map<Integer, Long> transferredOut = new HashMap<>();
        final Map<Integer, Long> transferredIn = new HashMap<>();

        for (final Cmd cmd : scenario.all())
        {
            final long[] before = quantities(state);
            final CommandResult result = engine.run(cmd.toCommand());
            if (!result.accepted())
            {
                final long[] after = quantities(state);
                assertEquals(before.length, after.length, "a rejected " + cmd + " created positions");
                for (int i = 0; i < before.length; i++)
                {
                    assertEquals(before[i], after[i], "rejected " + cmd + " (" + result.reason() + ") changed stock");
                }
                continue;
            }
            final long q = cmd.quantity();
            switch (cmd.type())
            {
                case RECEIVE, RETURN, ADJUST ->
                {
                    book(books, cmd.location(), cmd.sku()).onHand += q;
                    externalFlow.merge(cmd.sku(), q, Long::sum);
                }
                case SALE ->
                {
                    book(books, cmd.location(), cmd.sku()).onHand -= q;
                    externalFlow.merge(cmd.sku(), -q, Long::sum);
                }
                case STOCKTAKE ->
                {
                    final Books b = book(books, cmd.location(), cmd.sku());
                    externalFlow.merge(cmd.sku(), q - b.onHand, Long::sum);
                    b.onHand = q;
                }
                case SET_SAFETY_STOCK -> book(books, cmd.location(), cmd.sku()).safety = q;
                case RESERVE -> holds.put(cmd.reservationId(), new Hold(cmd.location(), cmd.sku(), q));
                case RELEASE, FULFIL ->
                {
                    final Hold h = holds.get(cmd.reservationId());
                    if (h.held() == q)
                    {
                        holds.remove(cmd.reservationId());
                    }
                    else
                    {
                        holds.put(cmd.reservationId(), new Hold(h.location(), h.sku(), h.held() - q));
                    }
                    if (cmd.type() == io.omnistock.api.CommandType.FULFIL)
                    {
                        book(books, h.location(), h.sku()).onHand -= q;
                        externalFlow.merge(h.sku(), -q, Long::sum);
                    }
                }
                case TRANSFER_OUT ->
                {
                    book(books, cmd.location(), cmd.sku()).onHand -= q;
                    book(books, cmd.toLocation(), cmd.sku()).inTransit += q;
                    transferredOut.merge(cmd.sku(), q, Long::sum);
                }
                case TRANSFER_IN ->
                {
                    final Books b = book(books, cmd.location(), cmd.sku());
                    b.inTransit -= q;
                    b.onHand += q;
                    transferredIn.merge(cmd.sku(), q, Long::sum);
                }
                default ->
                {
                    // definitions and queries move no stock
                }
            }
            checkBooks(cmd, state, books, holds, externalFlow, transferredOut, transferredIn);
        }
    }

    private static void checkBooks(
        final Cmd cmd, final EngineState state, final Map<List<Integer>, Books> books, final Map<Long, Hold> holds,
        final Map<Integer, Long> externalFlow, final Map<Integer, Long> transferredOut,
        final Map<Integer, Long> transferredIn)
    {
        final StockLedger ledger = state.ledger();
        final Map<List<Integer>, Long> reservedByPosition = new HashMap<>();
        holds.values().forEach(h -> reservedByPosition.merge(List.of(h.location(), h.sku()), h.held(), Long::sum));
        assertEquals(holds.size(), state.reservations().openCount(), "open reservations after " + cmd);

        for (int sku = 0; sku < state.skus().count(); sku++)
        {
            long networkStock = 0;
            long networkInTransit = 0;
            for (int location = 0; location < state.locations().count(); location++)
            {
                final List<Integer> key = List.of(location, sku);
                final Books b = books.getOrDefault(key, new Books());
                final int slot = ledger.find(location, sku);
                final long onHand = slot < 0 ? 0 : ledger.onHand(slot);
                final long reserved = slot < 0 ? 0 : ledger.reserved(slot);
                final long inTransit = slot < 0 ? 0 : ledger.inTransit(slot);
                final String pos = " of " + location + "/" + sku + " after " + cmd;
                assertEquals(b.onHand, onHand, "on hand" + pos);
                assertEquals((long)reservedByPosition.getOrDefault(key, 0L), reserved, "reserved" + pos);
                assertEquals(b.inTransit, inTransit, "in transit" + pos);
                assertEquals(b.safety, slot < 0 ? 0 : ledger.safetyStock(slot), "safety stock" + pos);
                networkStock += onHand + inTransit;
                networkInTransit += inTransit;
            }
            assertEquals(transferredOut.getOrDefault(sku, 0L) - transferredIn.getOrDefault(sku, 0L), networkInTransit,
                "network in transit of SKU " + sku + " after " + cmd);
            assertEquals((long)externalFlow.getOrDefault(sku, 0L), networkStock,
                "network stock of SKU " + sku + " after " + cmd);
        }
    }

    private static Books book(final Map<List<Integer>, Books> books, final int location, final int sku)
    {
        return books.computeIfAbsent(List.of(location, sku), k -> new Books());
    }

    /** Every quantity of every position, in slot order. */
    private static long[] quantities(final EngineState state)
    {
        final StockLedger ledger = state.ledger();
        final long[] q = new long[ledger.size() * 4];
        for (int slot = 0; slot < ledger.size(); slot++)
        {
            q[slot * 4] = ledger.onHand(slot);
            q[slot * 4 + 1] = ledger.reserved(slot);
            q[slot * 4 + 2] = ledger.inTransit(slot);
            q[slot * 4 + 3] = ledger.safetyStock(slot);
        }
        return q;
    }
}

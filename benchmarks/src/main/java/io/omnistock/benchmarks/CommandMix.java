package io.omnistock.benchmarks;

import io.omnistock.api.CommandTranslator;
import io.omnistock.api.CommandWriter;
import io.omnistock.api.FulfilmentType;

/**
 * A realistic mix of store and online traffic as a fixed cycle of 12 commands, every one a pure
 * function of its index, so the producer keeps no per-order state and every command is accepted:
 *
 * <pre>
 *  0 RESERVE r1 at position a          6 CONFIRM_ORDER o1 (paid)
 *  1 POS SALE of 1 at position b       7 CANCEL_ORDER o2
 *  2 ROUTE o1: PICKUP at a's store,    8 RELEASE r2 (basket abandoned)
 *    2 lines                           9 FULFIL_ORDER o1 at its store (collected)
 *  3 ROUTE o2: INSTANT, 3 lines,      10 POS SALE of 1 at position c
 *    routed among the stores and      11 RECEIVE 4 at position a (restock)
 *    front warehouses within 3 km
 *  4 RESERVE r2 at position b
 *  5 FULFIL r1 (confirmed and shipped)
 * </pre>
 *
 * Per 12 commands: 2 reserves, 1 fulfil, 1 release, 2 POS sales, 2 routed orders (5 lines), 1
 * confirm, 1 cancel, 1 order fulfilment, 1 receipt. Positions come from a seeded {@link Positions}
 * table; a routed order's lines are consecutive SKUs, so they are distinct.
 */
final class CommandMix
{
    static final int CYCLE = 12;

    /** Destination of the INSTANT orders: about 130 m from every location of {@link Network}. */
    private static final int DEST_LAT = Network.CENTRE_LAT + 1_000;
    private static final int DEST_LON = Network.CENTRE_LON + 1_000;

    /** Writes command {@link Cursor#index} of the mix with id {@link Cursor#commandId}. */
    static final CommandTranslator<Cursor> WRITE = CommandMix::write;

    /** The producer's place in the mix, read by the translator on the producer thread. */
    static final class Cursor
    {
        final Positions positions;
        final int skus;
        final int channel;
        long index;
        long commandId;

        Cursor(final Positions positions, final int skus, final int channel)
        {
            if (skus < 3)
            {
                throw new IllegalArgumentException("the mix needs at least 3 SKUs");
            }
            this.positions = positions;
            this.skus = skus;
            this.channel = channel;
        }
    }

    private CommandMix()
    {
    }

    private static void write(final CommandWriter w, final Cursor c)
    {
        final long cycle = c.index / CYCLE;
        final int step = (int)(c.index - cycle * CYCLE);
        final long first = 2 * cycle + 1;
        final long second = first + 1;
        final int a = (int)(4 * cycle) & Positions.MASK;
        final int b = (a + 1) & Positions.MASK;
        final int d = (a + 2) & Positions.MASK;
        final int e = (a + 3) & Positions.MASK;
        final Positions p = c.positions;
        final long id = c.commandId;
        switch (step)
        {
            case 0 -> w.reserve(id, first, p.location[a], p.sku[a], 1);
            case 1 -> w.sale(id, p.location[b], p.sku[b], 1);
            case 2 ->
            {
                w.routeOrder(id, first, c.channel, FulfilmentType.PICKUP, 0, 0, p.location[a], 5_000, 0, 0);
                addLines(w, p.sku[d], 2, c.skus);
            }
            case 3 ->
            {
                w.routeOrder(id, second, c.channel, FulfilmentType.INSTANT, DEST_LAT, DEST_LON, -1, 5_000, 0, 0);
                addLines(w, p.sku[e], 3, c.skus);
            }
            case 4 -> w.reserve(id, second, p.location[b], p.sku[b], 1);
            case 5 -> w.fulfil(id, first, 1);
            case 6 -> w.confirmOrder(id, first);
            case 7 -> w.cancelOrder(id, second);
            case 8 -> w.release(id, second, 1);
            case 9 -> w.fulfilOrder(id, first, p.location[a]);
            case 10 -> w.sale(id, p.location[d], p.sku[d], 1);
            case 11 -> w.receive(id, p.location[a], p.sku[a], 4);
            default -> throw new IllegalStateException("step " + step);
        }
    }

    private static void addLines(final CommandWriter w, final int firstSku, final int lines, final int skus)
    {
        for (int i = 0; i < lines; i++)
        {
            w.addLine((firstSku + i) % skus, 1);
        }
    }
}

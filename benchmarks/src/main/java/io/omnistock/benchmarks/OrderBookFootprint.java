package io.omnistock.benchmarks;

import io.omnistock.api.FulfilmentType;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.state.CommandProcessor;
import io.omnistock.core.state.EngineState;

import java.util.Locale;

/**
 * Heap the engine holds per open order (not a JMH benchmark: a plain main).
 *
 * <p>Loads 100 locations x 1,000 SKUs through the real {@link CommandProcessor}, then routes
 * {@code orders} orders of {@code lines} lines each (default 1,000,000 of 3), INSTANT to a
 * destination, none paid, none expiring: what the engine's books hold during a flash sale or
 * run 40's basket cells. Reports heap used after {@code System.gc()} after the orders minus before
 * them, per order: the engine's share of an open order, with the daemon's read model measured
 * apart by {@link OrderFootprint}; and the order book's own count of its arrays
 * ({@code OrderBook.footprintBytes}, what the {@code omnistock_order_book_bytes} gauge reports).
 * The heap figure also holds what G1 wastes around its humongous arrays (the book's columns are a
 * few large arrays, each rounded up to whole regions).
 *
 * <p>Usage: {@code java -Xmx6g <jvm flags> -cp benchmarks.jar io.omnistock.benchmarks.OrderBookFootprint
 * [orders] [lines]}.
 */
public final class OrderBookFootprint
{
    private static final int LOCATIONS = 100;
    private static final int SKUS = 1_000;
    private static final int EXPECTED_RESERVATIONS = 1 << 14;
    private static final int IDEMPOTENCY_WINDOW = 1 << 20;

    private OrderBookFootprint()
    {
    }

    public static void main(final String[] args)
    {
        final int orders = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
        final int lines = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        final EngineState state = new EngineState(LOCATIONS * SKUS, EXPECTED_RESERVATIONS, IDEMPOTENCY_WINDOW);
        final Network network = new Network(new CommandProcessor(state));
        network.load(LOCATIONS, SKUS, 1_000_000_000L);
        final long[] commandId = {network.nextCommandId()};
        // Holds last a week, as in run 40: nothing expires while the orders are routed.
        network.apply(w -> w.defineChannel(commandId[0]++, "bench", 7L * 24 * 3_600_000));
        final long before = PositionFootprint.usedHeapAfterGc();
        final long start = System.nanoTime();
        for (long id = 1; id <= orders; id++)
        {
            final long orderId = id;
            final CommandSlot slot = network.apply(w ->
            {
                w.routeOrder(commandId[0]++, orderId, 0, FulfilmentType.INSTANT,
                    Network.CENTRE_LAT + (int)(orderId % LOCATIONS), Network.CENTRE_LON, -1, 10_000, 0, 0);
                for (int l = 0; l < lines; l++)
                {
                    w.addLine((int)((orderId * 7 + l * 331) % SKUS), 1);
                }
            });
            if (slot.reason != ReasonCode.OK)
            {
                throw new IllegalStateException("order " + orderId + " was rejected: " + slot.reason);
            }
        }
        final long applyNanos = System.nanoTime() - start;
        final long held = PositionFootprint.usedHeapAfterGc() - before;
        System.out.printf(Locale.ROOT, "open orders: %,d of %d lines, routed in %.2f s (%,.0f ns per order)%n",
            orders, lines, applyNanos / 1e9, (double)applyNanos / orders);
        System.out.printf(Locale.ROOT, "heap held by the engine per open order: %,d bytes = %.1f bytes per order%n",
            held, (double)held / orders);
        final long structural = state.orders().footprintBytes();
        System.out.printf(Locale.ROOT, "structural (OrderBook.footprintBytes, room to grow included): %,d bytes = " +
            "%.1f bytes per order%n", structural, (double)structural / orders);
        if (state.lastSequence() < orders)
        {
            throw new IllegalStateException("unexpected last sequence " + state.lastSequence());
        }
    }
}

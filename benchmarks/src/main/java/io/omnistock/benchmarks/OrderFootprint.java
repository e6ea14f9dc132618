package io.omnistock.benchmarks;

import io.omnistock.daemon.reads.OrderHistory;

import java.time.Duration;
import java.util.Locale;

/**
 * Heap held per open order by the daemon's order read model (not a JMH benchmark: a plain main).
 *
 * <p>Feeds {@link OrderHistory} the journal records of {@code orders} flash-sale orders (default
 * 1,000,000), each routed and held at one location with a one-line order and a routing explanation
 * of {@code candidates} locations (default 2), none closing, as in a flash sale whose holds have not
 * yet expired; then reports heap used after {@code System.gc()} minus before, per order. Run 32
 * filled a 6 GB heap this way with 7.5 million open orders. With {@code fulfilled} every order is
 * then confirmed, and then every order fulfilled, and kept closed for the retention window.
 *
 * <p>Usage: {@code java -Xmx4g <jvm flags> -cp benchmarks.jar io.omnistock.benchmarks.OrderFootprint
 * [orders] [candidates] [held|fulfilled]}.
 */
public final class OrderFootprint
{
    private OrderFootprint()
    {
    }

    public static void main(final String[] args)
    {
        final int orders = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
        final int candidates = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        final boolean fulfilled = args.length > 2 && args[2].equals("fulfilled");
        final OrderJournal journal = new OrderJournal();
        final long before = PositionFootprint.usedHeapAfterGc();
        final OrderHistory history = new OrderHistory(Duration.ofHours(1));
        final long start = System.nanoTime();
        for (long id = 1; id <= orders; id++)
        {
            history.apply(journal.route(id, candidates));
        }
        // Paid and handed over later, each after every order was routed: a record grows, and then
        // closes, long after the records around it were made, as in a day of orders.
        for (long id = 1; fulfilled && id <= orders; id++)
        {
            history.apply(journal.confirm(id));
        }
        for (long id = 1; fulfilled && id <= orders; id++)
        {
            history.apply(journal.fulfil(id));
        }
        final long applyNanos = System.nanoTime() - start;
        final long held = PositionFootprint.usedHeapAfterGc() - before;
        if (history.size() != orders)
        {
            throw new IllegalStateException("the model holds " + history.size() + " orders, expected " + orders);
        }
        System.out.printf(Locale.ROOT, "%s orders: %,d, %d candidates each; applied in %.2f s (%,.0f ns per order)%n",
            fulfilled ? "fulfilled" : "open", orders, candidates, applyNanos / 1e9, (double)applyNanos / orders);
        System.out.printf(Locale.ROOT, "heap held by the order read model: %,d bytes = %.1f bytes per order%n",
            held, (double)held / orders);
    }
}

package io.omnistock.benchmarks;

import java.util.SplittableRandom;

/**
 * The two workloads every system runs in {@link PeerComparison}, as the orders a client sends.
 *
 * <ul>
 *   <li>{@code flash}: a flash sale: every order takes 1 unit of one hot SKU at one location.</li>
 *   <li>{@code basket}: 3-line orders, 1 unit each of 3 consecutive SKUs at one of 100 locations
 *       chosen at random: all three lines are taken or none.</li>
 * </ul>
 *
 * A position is numbered {@code location * skus + sku}; each client draws its orders from its
 * own seeded generator, so a run is reproducible per client.
 */
final class PeerWorkload
{
    static final int BASKET_LINES = 3;

    final String name;
    final int locations;
    final int skus;
    final int lines;

    private PeerWorkload(final String name, final int locations, final int skus, final int lines)
    {
        this.name = name;
        this.locations = locations;
        this.skus = skus;
        this.lines = lines;
    }

    static PeerWorkload of(final String name, final int basketSkus)
    {
        return switch (name)
        {
            case "flash" -> new PeerWorkload(name, 1, 1, 1);
            case "basket" -> new PeerWorkload(name, 100, basketSkus, BASKET_LINES);
            default -> throw new IllegalArgumentException("workload must be flash or basket: " + name);
        };
    }

    int positions()
    {
        return locations * skus;
    }

    /** One client's order generator; {@link #next} fills the fields of the next order. */
    final class Orders
    {
        private final SplittableRandom random;
        int location;
        final int[] sku = new int[lines];

        Orders(final long seed)
        {
            random = new SplittableRandom(seed);
        }

        void next()
        {
            location = locations == 1 ? 0 : random.nextInt(locations);
            final int first = skus == 1 ? 0 : random.nextInt(skus);
            for (int i = 0; i < lines; i++)
            {
                sku[i] = (first + i) % skus;
            }
        }

        int position(final int line)
        {
            return location * skus + sku[line];
        }
    }
}

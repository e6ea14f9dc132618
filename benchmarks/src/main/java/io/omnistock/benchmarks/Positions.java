package io.omnistock.benchmarks;

import java.util.SplittableRandom;

/**
 * A fixed, seeded sequence of positions to touch, spread at random over the whole network so the
 * benchmarks pay for index probes and cache misses rather than hitting one hot position.
 */
final class Positions
{
    static final int COUNT = 1 << 16;
    static final int MASK = COUNT - 1;

    final int[] location = new int[COUNT];
    final int[] sku = new int[COUNT];

    Positions(final int locations, final int skus, final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < COUNT; i++)
        {
            location[i] = random.nextInt(locations);
            sku[i] = random.nextInt(skus);
        }
    }
}

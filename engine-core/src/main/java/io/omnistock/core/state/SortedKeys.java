package io.omnistock.core.state;

import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;

/**
 * A primitive map's keys in ascending order: snapshots write entries in key order so that their
 * bytes depend on the state, not on the hash table's layout.
 */
public final class SortedKeys
{
    private SortedKeys()
    {
    }

    public static long[] of(final Long2LongHashMap map)
    {
        final long[] keys = new long[map.size()];
        int n = 0;
        final Long2LongHashMap.KeyIterator it = map.keySet().iterator();
        while (it.hasNext())
        {
            keys[n++] = it.nextValue();
        }
        Arrays.sort(keys);
        return keys;
    }
}

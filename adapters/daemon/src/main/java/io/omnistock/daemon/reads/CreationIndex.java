package io.omnistock.daemon.reads;

import java.util.Arrays;

/**
 * The read model's orders in creation order, for listing: entries appended with their creating
 * sequence (always the newest), removed by leaving a hole, and holes squeezed out once they are half
 * the array, so a page finds its start by binary search and its work stays bounded.
 */
final class CreationIndex
{
    private long[] sequences = new long[1024];
    private OrderEntry[] entries = new OrderEntry[1024];
    private int count;
    private int holes;

    /** @param entry created at {@code entry.createdSequence}, after every entry already here. */
    void append(final OrderEntry entry)
    {
        assert count == 0 || sequences[count - 1] < entry.createdSequence : "creation order broken";
        if (count == entries.length)
        {
            if (holes * 2 >= count)
            {
                squeeze();
            }
            else
            {
                sequences = Arrays.copyOf(sequences, count * 2);
                entries = Arrays.copyOf(entries, count * 2);
            }
        }
        sequences[count] = entry.createdSequence;
        entries[count++] = entry;
    }

    void remove(final OrderEntry entry)
    {
        final int at = Arrays.binarySearch(sequences, 0, count, entry.createdSequence);
        if (at >= 0 && entries[at] == entry)
        {
            entries[at] = null;
            holes++;
            if (holes * 2 > count && count > 64)
            {
                squeeze();
            }
        }
    }

    /** @return the index of the first position created after {@code sequence}. */
    int after(final long sequence)
    {
        final int at = Arrays.binarySearch(sequences, 0, count, sequence);
        return at >= 0 ? at + 1 : -at - 1;
    }

    int count()
    {
        return count;
    }

    long sequence(final int index)
    {
        return sequences[index];
    }

    /** @return the entry at {@code index}, or null where one was removed. */
    OrderEntry entry(final int index)
    {
        return entries[index];
    }

    private void squeeze()
    {
        int to = 0;
        for (int from = 0; from < count; from++)
        {
            if (entries[from] != null)
            {
                sequences[to] = sequences[from];
                entries[to++] = entries[from];
            }
        }
        Arrays.fill(entries, to, count, null);
        count = to;
        holes = 0;
    }
}

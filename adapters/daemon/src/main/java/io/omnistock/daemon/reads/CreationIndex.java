package io.omnistock.daemon.reads;

import java.util.Arrays;

/**
 * The read model's orders in creation order, for listing: engine ids appended with their creating
 * sequence (always the newest), removed by leaving a hole, and holes squeezed out once they are half
 * the array, so a page finds its start by binary search and its work stays bounded. Ids rather than
 * records: a record moves in the slab, its id does not.
 */
final class CreationIndex
{
    /** Where an order was removed. */
    static final long HOLE = Long.MIN_VALUE;

    private long[] sequences = new long[1024];
    private long[] ids = new long[1024];
    private int count;
    private int holes;

    /** @param createdSequence after that of every order already here. */
    void append(final long createdSequence, final long engineId)
    {
        assert count == 0 || sequences[count - 1] < createdSequence : "creation order broken";
        assert engineId != HOLE;
        if (count == ids.length)
        {
            if (holes * 2 >= count)
            {
                squeeze();
            }
            else
            {
                sequences = Arrays.copyOf(sequences, count * 2);
                ids = Arrays.copyOf(ids, count * 2);
            }
        }
        sequences[count] = createdSequence;
        ids[count++] = engineId;
    }

    /** Removes the order created at {@code createdSequence}, if it is here. */
    void remove(final long createdSequence)
    {
        final int at = Arrays.binarySearch(sequences, 0, count, createdSequence);
        if (at >= 0 && ids[at] != HOLE)
        {
            ids[at] = HOLE;
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

    long footprintBytes()
    {
        return (long)(sequences.length + ids.length) * Long.BYTES;
    }

    int count()
    {
        return count;
    }

    long sequence(final int index)
    {
        return sequences[index];
    }

    /** @return the engine id of the order at {@code index}, or {@link #HOLE} where one was removed. */
    long engineId(final int index)
    {
        return ids[index];
    }

    private void squeeze()
    {
        int to = 0;
        for (int from = 0; from < count; from++)
        {
            if (ids[from] != HOLE)
            {
                sequences[to] = sequences[from];
                ids[to++] = ids[from];
            }
        }
        count = to;
        holes = 0;
    }
}

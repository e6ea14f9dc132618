package io.omnistock.core.planning;

import io.omnistock.core.state.StateHash;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Rows of a fixed number of longs, kept sorted by a long key in flat arrays: the promotion calendar
 * and the planner overrides. Both change seldom and are read whole by the forecast job, so a sorted
 * array (binary search, O(n) insert) costs less memory than a map of objects and iterates in key
 * order, which the checksum and the snapshot need to be the same on every member.
 */
final class KeyedRows
{
    private final int width;
    private long[] keys = new long[8];
    /** Row i's values at [i * width, (i + 1) * width). */
    private long[] values;
    private int size;

    KeyedRows(final int width)
    {
        this.width = width;
        this.values = new long[8 * width];
    }

    int size()
    {
        return size;
    }

    /** @return the row of {@code key}, or -1. */
    int find(final long key)
    {
        final int i = Arrays.binarySearch(keys, 0, size, key);
        return i >= 0 ? i : -1;
    }

    long key(final int row)
    {
        return keys[row];
    }

    long value(final int row, final int column)
    {
        return values[row * width + column];
    }

    /** Inserts or replaces the row of {@code key}. */
    void put(final long key, final long... row)
    {
        int i = Arrays.binarySearch(keys, 0, size, key);
        if (i < 0)
        {
            i = -i - 1;
            if (size == keys.length)
            {
                keys = Arrays.copyOf(keys, size * 2);
                values = Arrays.copyOf(values, size * 2 * width);
            }
            System.arraycopy(keys, i, keys, i + 1, size - i);
            System.arraycopy(values, i * width, values, (i + 1) * width, (size - i) * width);
            keys[i] = key;
            size++;
        }
        System.arraycopy(row, 0, values, i * width, width);
    }

    void remove(final int row)
    {
        System.arraycopy(keys, row + 1, keys, row, size - row - 1);
        System.arraycopy(values, (row + 1) * width, values, row * width, (size - row - 1) * width);
        size--;
    }

    long checksum()
    {
        long sum = size;
        for (int i = 0; i < size; i++)
        {
            long h = keys[i];
            for (int c = 0; c < width; c++)
            {
                h = StateHash.combine(h, values[i * width + c]);
            }
            sum += StateHash.mix(h);
        }
        return sum;
    }

    void writeTo(final DataOutput out) throws IOException
    {
        out.writeInt(size);
        for (int i = 0; i < size; i++)
        {
            out.writeLong(keys[i]);
            for (int c = 0; c < width; c++)
            {
                out.writeLong(values[i * width + c]);
            }
        }
    }

    void readFrom(final DataInput in, final String what) throws IOException
    {
        final int n = in.readInt();
        if (n < 0)
        {
            throw new IOException("negative " + what + " count " + n);
        }
        final long[] row = new long[width];
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < n; i++)
        {
            final long key = in.readLong();
            if (i > 0 && key <= previous)
            {
                throw new IOException(what + " keys out of order: " + key + " after " + previous);
            }
            previous = key;
            for (int c = 0; c < width; c++)
            {
                row[c] = in.readLong();
            }
            put(key, row);
        }
    }
}

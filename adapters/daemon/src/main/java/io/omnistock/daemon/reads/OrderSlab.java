package io.omnistock.daemon.reads;

import java.util.Arrays;

/**
 * The order read model's memory: variable-length records of longs in chunks of {@link #CHUNK_WORDS}
 * (a record larger than that gets a chunk of its own size), addressed by {@code chunk << 32 | offset}.
 * It holds no object per order and no reference the collector must trace or card-mark: the model
 * it replaced kept an object and five arrays per order, about 670 bytes each, which filled a 6 GB heap
 * with 7.5 million open flash-sale orders and cost the collector's refinement threads 3.4 to 3.8 µs
 * per order (docs/benchmarks.md runs 32 and 33).
 *
 * <p>Records are bump-allocated at the newest chunk and never move on their own: a record that
 * outgrows its room is copied to a new place and the old one freed ({@link OrderEntry}), and
 * eviction frees records. A record's first word is its capacity in words, negated once freed, so a
 * chunk can be walked. A chunk that holds no live word is dropped; one that is mostly garbage is
 * evacuated by {@link #compact}, which moves its live records to the newest chunk and names each
 * move, so that a few long-open orders cannot pin chunks of closed ones, and the records an
 * order outgrew do not stay. Eviction frees in about the order records were made, so most chunks
 * empty on their own; evacuation moves at most half a chunk for the half freed in it.
 *
 * <p>Not thread-safe: the order history's lock guards it.
 */
final class OrderSlab
{
    /** 512 KiB: large enough that chunk bookkeeping is nothing per order, small enough to drop soon. */
    static final int CHUNK_WORDS = 1 << 16;
    /**
     * Dropped chunks of the usual size kept for the next: a model in steady state (orders closing
     * and evicted as fast as new ones come) then allocates nothing, where it allocated a chunk per
     * two thousand orders (275 bytes an order in {@code OrderReadModelBenchmark}).
     */
    private static final int SPARE_CHUNKS = 2;
    /**
     * A chunk whose live words fall below its size over this is evacuated: so the slab holds at most
     * twice its live words (plus the newest chunk), and copies at most one word per word freed. At
     * a quarter, an order's life left its chunk 31% live (route, the record grown, then trimmed at
     * its close) and closed orders took 829 bytes each instead of about 300 ({@code OrderFootprint}).
     */
    private static final int SPARSE_DIVISOR = 2;

    /** Told where {@link #compact} moved a live record. */
    interface Mover
    {
        /** @param record the address the record now has (its words are already there). */
        void moved(long record);
    }

    private final int chunkWordsEach;
    private long[][] chunks = new long[4][];
    /** Per chunk: words handed out (the bump pointer) and words still live. */
    private int[] used = new int[4];
    private int[] live = new int[4];
    private final long[][] spares = new long[SPARE_CHUNKS][];
    private int spareCount;
    private int newest = -1;
    /** Chunks freed since the last compaction that may be worth evacuating. */
    private boolean sparse;
    private long liveWords;
    private long chunkWords;

    OrderSlab()
    {
        this(CHUNK_WORDS);
    }

    /** @param chunkWordsEach the words of a chunk: small ones let a test move records often. */
    OrderSlab(final int chunkWordsEach)
    {
        this.chunkWordsEach = chunkWordsEach;
    }

    static int chunk(final long record)
    {
        return (int)(record >>> 32);
    }

    static int offset(final long record)
    {
        return (int)record;
    }

    long[] words(final long record)
    {
        return chunks[chunk(record)];
    }

    /** @return the capacity, in words, of the live record at {@code record}. */
    int capacity(final long record)
    {
        return (int)chunks[chunk(record)][offset(record)];
    }

    /**
     * @param words the record's capacity, its first word included (written here).
     * @return the new record's address, its other words zero.
     */
    long allocate(final int words)
    {
        assert words > 1 : "a record holds its capacity and more";
        if (newest < 0 || used[newest] + words > chunks[newest].length)
        {
            // The chunk filled may be mostly garbage already: records outgrown or closed and
            // trimmed while it was the newest, which free() does not look at.
            if (newest >= 0 && live[newest] * SPARSE_DIVISOR < chunks[newest].length)
            {
                sparse = true;
            }
            newest = newChunk(Math.max(chunkWordsEach, words));
        }
        final int at = used[newest];
        used[newest] += words;
        live[newest] += words;
        liveWords += words;
        final long[] chunk = chunks[newest];
        Arrays.fill(chunk, at, at + words, 0L);
        chunk[at] = words;
        return (long)newest << 32 | at;
    }

    /** Frees the live record at {@code record}: its words stay until its chunk is dropped or evacuated. */
    void free(final long record)
    {
        final int c = chunk(record);
        final long[] chunk = chunks[c];
        final int words = (int)chunk[offset(record)];
        assert words > 0 : "freed twice";
        chunk[offset(record)] = -words;
        live[c] -= words;
        liveWords -= words;
        if (live[c] == 0 && c != newest)
        {
            drop(c);
        }
        else if (live[c] * SPARSE_DIVISOR < chunk.length && c != newest)
        {
            sparse = true;
        }
    }

    /**
     * Shrinks the live record at {@code record} to {@code words} in place: the words cut off become
     * a freed record of their own, so the chunk can still be walked, and count as garbage.
     */
    void shrink(final long record, final int words)
    {
        final int c = chunk(record);
        final long[] chunk = chunks[c];
        final int at = offset(record);
        final int cut = (int)chunk[at] - words;
        assert words > 1 && cut >= 0 : "cannot shrink a record of " + chunk[at] + " words to " + words;
        if (cut == 0)
        {
            return;
        }
        chunk[at] = words;
        chunk[at + words] = -cut;
        live[c] -= cut;
        liveWords -= cut;
        if (live[c] * SPARSE_DIVISOR < chunk.length && c != newest)
        {
            sparse = true;
        }
    }

    /**
     * Evacuates every chunk that is mostly garbage: each live record is copied to the newest chunk
     * and {@code mover} told its new address. Call it when no address is held across the call.
     */
    void compact(final Mover mover)
    {
        if (!sparse)
        {
            return;
        }
        sparse = false;
        for (int c = 0; c < chunks.length; c++)
        {
            if (chunks[c] != null && c != newest && live[c] * SPARSE_DIVISOR < chunks[c].length)
            {
                evacuate(c, mover);
            }
        }
    }

    /** @return words held by live records. */
    long liveWords()
    {
        return liveWords;
    }

    /** @return words of chunks held, live or not: what the slab costs the heap. */
    long chunkWords()
    {
        return chunkWords;
    }

    private void evacuate(final int c, final Mover mover)
    {
        final long[] from = chunks[c];
        for (int at = 0; at < used[c]; )
        {
            final int words = (int)from[at];
            if (words > 0)
            {
                final long moved = allocate(words);
                System.arraycopy(from, at + 1, words(moved), offset(moved) + 1, words - 1);
                live[c] -= words;
                liveWords -= words;
                mover.moved(moved);
            }
            at += Math.abs(words);
        }
        drop(c);
    }

    private int newChunk(final int words)
    {
        int c = 0;
        while (c < chunks.length && chunks[c] != null)
        {
            c++;
        }
        if (c == chunks.length)
        {
            chunks = Arrays.copyOf(chunks, c * 2);
            used = Arrays.copyOf(used, c * 2);
            live = Arrays.copyOf(live, c * 2);
        }
        chunks[c] = words == chunkWordsEach && spareCount > 0 ? spares[--spareCount] : new long[words];
        used[c] = 0;
        live[c] = 0;
        chunkWords += words;
        return c;
    }

    private void drop(final int c)
    {
        assert live[c] == 0 : "dropping live records";
        chunkWords -= chunks[c].length;
        if (chunks[c].length == chunkWordsEach && spareCount < SPARE_CHUNKS)
        {
            spares[spareCount++] = chunks[c];
        }
        chunks[c] = null;
        used[c] = 0;
    }
}

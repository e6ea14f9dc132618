package io.omnistock.core.stock;

import io.omnistock.api.Tier;
import io.omnistock.core.catalog.LocationTable;
import io.omnistock.core.catalog.SkuCatalog;
import io.omnistock.core.command.OutputEvents;
import io.omnistock.core.replenishment.Replenishment;
import io.omnistock.core.snapshot.SnapshotInput;
import io.omnistock.core.state.StateComponent;
import io.omnistock.core.state.StateHash;
import org.agrona.BufferUtil;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Every stock position (location, SKU) in flat primitive storage: no object per position.
 *
 * <p>Layout: a position is a slot of {@link #STRIDE} longs in fixed-size pages (key, a word of
 * derived marks, on hand, reserved, in transit, safety stock). Pages avoid one giant array that
 * would have to be copied whole to grow. A linear-probing open-addressing index maps the key
 * {@code location << 32 | sku} to {@code slot + 1} in an {@code int[]}; it stores no keys itself
 * and compares against the key kept in the slot, which costs 4 bytes per index entry instead of
 * 12. Positions are never removed, so the index needs no tombstones.
 *
 * <p>Available-to-promise per SKU and tier is kept as a running sum, updated on every change from
 * the before/after difference, so network availability is answered without scanning locations.
 * Likewise each SKU keeps the list of positions that have any available stock (its holders),
 * updated when a position's availability crosses zero, so routing a scarce SKU visits the few
 * locations that hold it instead of the whole network.
 */
public final class StockLedger implements StateComponent
{
    static final int STRIDE = 6;
    static final int KEY = 0;
    /**
     * Derived, never journaled, snapshotted or hashed: the position's index in its SKU's holder list
     * (low 32 bits) and the replenishment watch (high 32 bits, see {@link Replenishment}). The word
     * shares the key's cache line (slots start 16-byte aligned), which every command reads anyway.
     */
    static final int MARKS = 1;
    static final int ON_HAND = 2;
    static final int RESERVED = 3;
    static final int IN_TRANSIT = 4;
    static final int SAFETY = 5;

    /**
     * 8,192 positions (384 KiB) per page: under half of G1's smallest region (1 MiB), so a page is
     * never a humongous object. Humongous pages would each occupy whole regions and waste their
     * tails: 3 MiB pages in the 4 MiB regions of an 8 GiB heap cost 64 bytes per position, not 48.
     */
    private static final int PAGE_SHIFT = 13;
    private static final int PAGE_POSITIONS = 1 << PAGE_SHIFT;
    private static final int PAGE_MASK = PAGE_POSITIONS - 1;
    private static final int MIN_INDEX_CAPACITY = 1 << 10;
    /** A position in a snapshot: its key, on hand, reserved, in transit and safety stock. */
    private static final int RECORD_BYTES = 5 * Long.BYTES;
    /** Pages a thread decodes at a time from a snapshot: 262,144 positions, 10 MiB of file. */
    private static final int CHUNK_PAGES = 32;
    /** Positions indexed together when loaded from a snapshot: as many misses in flight as a core keeps. */
    private static final int INSERT_GROUP = 16;
    private static final VarHandle INDEX = MethodHandles.arrayElementVarHandle(int[].class);

    private final LocationTable locations;
    /** Loaded positions are checked against it: their SKUs must exist. */
    private final SkuCatalog skus;
    private long[][] pages = new long[0][];
    private int size;
    private int[] index;
    private int indexMask;
    private int resizeThreshold;
    /** Available-to-promise summed per (SKU, tier), at {@code sku * Tier.COUNT + tier}. */
    private long[] tierAvailable = new long[1024 * Tier.COUNT];
    /** Per SKU, the slots of positions with available stock, in no particular order. */
    private int[][] holders = new int[1024][];
    private int[] holderCount = new int[1024];
    /** What a snapshot load's look-ahead read, summed and stored so those reads are not elided; never read. */
    private long touched;

    /**
     * @param locations         the location table, for each position's tier.
     * @param expectedPositions positions to size the index for, so loading them never rehashes.
     */
    public StockLedger(final LocationTable locations, final SkuCatalog skus, final int expectedPositions)
    {
        this.locations = locations;
        this.skus = skus;
        allocateIndex(indexCapacityFor(expectedPositions));
    }

    public int size()
    {
        return size;
    }

    /**
     * @return the slot of the position, or -1 when the position was never touched.
     */
    public int find(final int location, final int sku)
    {
        final long key = key(location, sku);
        int i = hash(key) & indexMask;
        int entry;
        while ((entry = index[i]) != 0)
        {
            final int slot = entry - 1;
            if (page(slot)[offset(slot) + KEY] == key)
            {
                return slot;
            }
            i = (i + 1) & indexMask;
        }
        return -1;
    }

    /**
     * @return the slot of the position, created empty if needed.
     */
    public int findOrCreate(final int location, final int sku)
    {
        final int existing = find(location, sku);
        return existing >= 0 ? existing : create(location, sku);
    }

    public long onHand(final int slot)
    {
        return page(slot)[offset(slot) + ON_HAND];
    }

    public long reserved(final int slot)
    {
        return page(slot)[offset(slot) + RESERVED];
    }

    public long inTransit(final int slot)
    {
        return page(slot)[offset(slot) + IN_TRANSIT];
    }

    public long safetyStock(final int slot)
    {
        return page(slot)[offset(slot) + SAFETY];
    }

    public long available(final int slot)
    {
        final long[] page = page(slot);
        final int o = offset(slot);
        return OutputEvents.available(page[o + ON_HAND], page[o + RESERVED], page[o + SAFETY]);
    }

    public int location(final int slot)
    {
        return (int)(page(slot)[offset(slot) + KEY] >>> 32);
    }

    public int sku(final int slot)
    {
        return (int)page(slot)[offset(slot) + KEY];
    }

    /** @return the replenishment watch word of the position (0: none). */
    public int watch(final int slot)
    {
        return (int)(page(slot)[offset(slot) + MARKS] >>> 32);
    }

    public void setWatch(final int slot, final int watch)
    {
        setMarks(slot, 0xFFFF_FFFFL, (long)watch << 32);
    }

    /** Clears every position's replenishment watch. */
    public void clearWatches()
    {
        for (int slot = 0; slot < size; slot++)
        {
            page(slot)[offset(slot) + MARKS] &= 0xFFFF_FFFFL;
        }
    }

    /**
     * Applies deltas to a position and keeps the per-SKU, per-tier availability sums in step.
     * Callers have validated the result; this method only does the arithmetic.
     */
    public void change(final int slot, final long onHandDelta, final long reservedDelta, final long inTransitDelta)
    {
        final long[] page = page(slot);
        final int o = offset(slot);
        final long before = OutputEvents.available(page[o + ON_HAND], page[o + RESERVED], page[o + SAFETY]);
        page[o + ON_HAND] += onHandDelta;
        page[o + RESERVED] += reservedDelta;
        page[o + IN_TRANSIT] += inTransitDelta;
        afterChange(slot, page, o, before);
    }

    public void setOnHand(final int slot, final long onHand)
    {
        final long[] page = page(slot);
        final int o = offset(slot);
        final long before = OutputEvents.available(page[o + ON_HAND], page[o + RESERVED], page[o + SAFETY]);
        page[o + ON_HAND] = onHand;
        afterChange(slot, page, o, before);
    }

    public void setSafetyStock(final int slot, final long safetyStock)
    {
        final long[] page = page(slot);
        final int o = offset(slot);
        final long before = OutputEvents.available(page[o + ON_HAND], page[o + RESERVED], page[o + SAFETY]);
        page[o + SAFETY] = safetyStock;
        afterChange(slot, page, o, before);
    }

    /**
     * @return available-to-promise for the SKU summed over the tier's locations.
     */
    public long tierAvailable(final int sku, final int tierOrdinal)
    {
        final int i = sku * Tier.COUNT + tierOrdinal;
        return i < tierAvailable.length ? tierAvailable[i] : 0;
    }

    /** @return how many positions of the SKU have available stock. */
    public int holderCount(final int sku)
    {
        return sku < holderCount.length ? holderCount[sku] : 0;
    }

    /** @return the slot of the SKU's {@code i}-th holder position. */
    public int holderSlot(final int sku, final int i)
    {
        return holders[sku][i];
    }

    /**
     * Makes room for a SKU's availability sums and holder list; called when a SKU is defined.
     */
    public void ensureSku(final int sku)
    {
        final int needed = (sku + 1) * Tier.COUNT;
        if (needed > tierAvailable.length)
        {
            tierAvailable = Arrays.copyOf(tierAvailable, Math.max(needed, tierAvailable.length * 2));
        }
        if (sku >= holderCount.length)
        {
            final int capacity = Math.max(sku + 1, holderCount.length * 2);
            holderCount = Arrays.copyOf(holderCount, capacity);
            holders = Arrays.copyOf(holders, capacity);
        }
    }

    /**
     * @return bytes held by this ledger's arrays: pages, index and availability sums.
     */
    public long footprintBytes()
    {
        long bytes = (long)index.length * Integer.BYTES + (long)tierAvailable.length * Long.BYTES +
            (long)holderCount.length * Integer.BYTES;
        for (final long[] page : pages)
        {
            bytes += (long)page.length * Long.BYTES;
        }
        for (final int[] list : holders)
        {
            bytes += list == null ? 0 : (long)list.length * Integer.BYTES;
        }
        return bytes;
    }

    private void afterChange(final int slot, final long[] page, final int o, final long availableBefore)
    {
        final long after = OutputEvents.available(page[o + ON_HAND], page[o + RESERVED], page[o + SAFETY]);
        // On hand may go negative (a POS sale of stock the ledger believed gone is a fact); what is
        // held, in transit or kept back never does: the handlers validate before they change.
        assert page[o + RESERVED] >= 0 : "reserved below zero at slot " + slot + ": " + page[o + RESERVED];
        assert page[o + IN_TRANSIT] >= 0 : "in transit below zero at slot " + slot + ": " + page[o + IN_TRANSIT];
        assert page[o + SAFETY] >= 0 : "safety stock below zero at slot " + slot + ": " + page[o + SAFETY];
        final long key = page[o + KEY];
        final int location = (int)(key >>> 32);
        final int sku = (int)key;
        tierAvailable[sku * Tier.COUNT + locations.tierOrdinal(location)] += after - availableBefore;
        assert tierAvailable[sku * Tier.COUNT + locations.tierOrdinal(location)] >= after :
            "a tier's available sum is below one of its positions' (SKU " + sku + ")";
        // Rarely taken: only when availability crosses zero.
        if ((availableBefore == 0) != (after == 0))
        {
            if (after > 0)
            {
                addHolder(sku, slot);
            }
            else
            {
                removeHolder(sku, slot);
            }
        }
    }

    private void addHolder(final int sku, final int slot)
    {
        int[] list = holders[sku];
        final int n = holderCount[sku];
        if (list == null || n == list.length)
        {
            list = list == null ? new int[4] : Arrays.copyOf(list, n * 2);
            holders[sku] = list;
        }
        list[n] = slot;
        setHolderIndex(slot, n);
        holderCount[sku] = n + 1;
    }

    private void removeHolder(final int sku, final int slot)
    {
        final int[] list = holders[sku];
        final int at = (int)page(slot)[offset(slot) + MARKS];
        assert at >= 0 && at < holderCount[sku] && list[at] == slot : "slot " + slot + " is not where its mark says";
        final int last = list[--holderCount[sku]];
        list[at] = last;
        setHolderIndex(last, at);
        setHolderIndex(slot, -1);
    }

    private void setHolderIndex(final int slot, final int at)
    {
        setMarks(slot, 0xFFFF_FFFF_0000_0000L, at & 0xFFFF_FFFFL);
    }

    /** Replaces one half of the position's marks word: keeps the bits of {@code keep}, sets {@code bits}. */
    private void setMarks(final int slot, final long keep, final long bits)
    {
        final long[] page = page(slot);
        final int o = offset(slot);
        page[o + MARKS] = (page[o + MARKS] & keep) | bits;
    }

    private int create(final int location, final int sku)
    {
        if (size == resizeThreshold)
        {
            rehash(index.length * 2);
        }
        final int slot = size;
        final int pageIndex = slot >>> PAGE_SHIFT;
        if (pageIndex == pages.length)
        {
            pages = Arrays.copyOf(pages, pageIndex + 1);
            pages[pageIndex] = new long[PAGE_POSITIONS * STRIDE];
        }
        final long key = key(location, sku);
        pages[pageIndex][offset(slot) + KEY] = key;
        size = slot + 1;
        insert(key, slot);
        return slot;
    }

    private void insert(final long key, final int slot)
    {
        int i = hash(key) & indexMask;
        while (index[i] != 0)
        {
            i = (i + 1) & indexMask;
        }
        index[i] = slot + 1;
    }

    private void rehash(final int capacity)
    {
        allocateIndex(capacity);
        for (int slot = 0; slot < size; slot++)
        {
            insert(page(slot)[offset(slot) + KEY], slot);
        }
    }

    private void allocateIndex(final int capacity)
    {
        index = new int[capacity];
        indexMask = capacity - 1;
        resizeThreshold = (int)(capacity * 0.7);
    }

    private static int indexCapacityFor(final int positions)
    {
        final long wanted = Math.max(MIN_INDEX_CAPACITY, (long)Math.ceil(positions / 0.7) + 1);
        return (int)Math.min(1L << 30, Long.highestOneBit(wanted - 1) << 1);
    }

    private long[] page(final int slot)
    {
        return pages[slot >>> PAGE_SHIFT];
    }

    private static int offset(final int slot)
    {
        return (slot & PAGE_MASK) * STRIDE;
    }

    private static long key(final int location, final int sku)
    {
        return ((long)location << 32) | (sku & 0xFFFF_FFFFL);
    }

    private static int hash(final long key)
    {
        return (int)(StateHash.mix(key) >>> 32);
    }

    @Override
    public long checksum()
    {
        long sum = size;
        for (int slot = 0; slot < size; slot++)
        {
            final long[] page = page(slot);
            final int o = offset(slot);
            long h = page[o + KEY];
            for (int f = ON_HAND; f < STRIDE; f++)
            {
                h = StateHash.combine(h, page[o + f]);
            }
            sum += h;
        }
        return sum;
    }

    @Override
    public void writeTo(final DataOutput out) throws IOException
    {
        out.writeInt(size);
        for (int slot = 0; slot < size; slot++)
        {
            final long[] page = page(slot);
            final int o = offset(slot);
            out.writeLong(page[o + KEY]);
            for (int f = ON_HAND; f < STRIDE; f++)
            {
                out.writeLong(page[o + f]);
            }
        }
    }

    @Override
    public void readFrom(final DataInput in, final int formatVersion) throws IOException
    {
        final int n = in.readInt();
        if (n < 0)
        {
            throw new IOException("snapshot ledger has " + n + " positions");
        }
        if (indexCapacityFor(n) > index.length)
        {
            allocateIndex(indexCapacityFor(n));
        }
        if (in instanceof SnapshotInput snapshot && size == 0 && n <= resizeThreshold)
        {
            readParallel(snapshot, n);
            return;
        }
        for (int i = 0; i < n; i++)
        {
            final long key = in.readLong();
            if (!validKey(key) || find((int)(key >>> 32), (int)key) >= 0)
            {
                throw repeatedOrInvalid(i);
            }
            final int slot = create((int)(key >>> 32), (int)key);
            final long[] page = page(slot);
            final int o = offset(slot);
            page[o + ON_HAND] = in.readLong();
            page[o + RESERVED] = in.readLong();
            page[o + IN_TRANSIT] = in.readLong();
            page[o + SAFETY] = in.readLong();
            afterChange(slot, page, o, 0);
        }
    }

    /**
     * The positions as {@link #readFrom} reads them from a stream, decoded in parallel: the section is
     * an array of fixed-size records, so each chunk of pages is read into a worker's buffer and decoded
     * on that worker's thread, into its pages and into the index (claimed by compare-and-set, which also
     * finds a repeated key). The index's layout may differ from a sequential load's, never what it finds.
     * What depends on slot order (each SKU's holder list, the availability sums) is then built in slot
     * order on this thread, as the sequential load builds it, so both leave the same state.
     */
    private void readParallel(final SnapshotInput in, final int n) throws IOException
    {
        final long start = in.claim((long)n * RECORD_BYTES);
        pages = new long[(n + PAGE_MASK) >>> PAGE_SHIFT][];
        final int chunks = (pages.length + CHUNK_PAGES - 1) / CHUNK_PAGES;
        final int workers = Math.min(chunks, ForkJoinPool.getCommonPoolParallelism() + 1);
        final AtomicInteger nextChunk = new AtomicInteger();
        try
        {
            IntStream.range(0, workers).parallel().forEach(worker -> decodeChunks(in, start, n, chunks, nextChunk));
        }
        catch (final UncheckedIOException e)
        {
            // A fork-join pool may rethrow a worker's exception wrapped in a copy of itself.
            Throwable cause = e;
            while (!(cause instanceof IOException))
            {
                cause = cause.getCause();
            }
            throw (IOException)cause;
        }
        size = n;
        for (int slot = 0; slot < n; slot++)
        {
            afterChange(slot, page(slot), offset(slot), 0);
        }
    }

    /** One worker: takes chunks until none is left, each read into the worker's own buffer. */
    private void decodeChunks(final SnapshotInput in, final long start, final int n, final int chunks,
        final AtomicInteger nextChunk)
    {
        final ByteBuffer records = ByteBuffer.allocateDirect(CHUNK_PAGES * PAGE_POSITIONS * RECORD_BYTES);
        long seen = 0;
        try
        {
            for (int chunk = nextChunk.getAndIncrement(); chunk < chunks; chunk = nextChunk.getAndIncrement())
            {
                final int first = chunk * CHUNK_PAGES * PAGE_POSITIONS;
                final int end = (int)Math.min(n, (long)first + CHUNK_PAGES * PAGE_POSITIONS);
                records.clear().limit((end - first) * RECORD_BYTES);
                in.read(start + (long)first * RECORD_BYTES, records);
                seen += decodeChunk(records, first, end);
            }
            touched += seen;
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        finally
        {
            BufferUtil.free(records);
        }
    }

    /**
     * Decodes a chunk's records into their pages, and indexes them {@link #INSERT_GROUP} at a time: the
     * group's index entries are read first, then the keys of the positions already there, and only
     * then are the group's positions inserted. Each insert's misses (its entry, among a billion
     * bytes at 100 M positions, and the key it compares against) are then in cache, fetched
     * together instead of one after another (docs/benchmarks.md run 50).
     */
    private long decodeChunk(final ByteBuffer records, final int first, final int end)
    {
        long seen = 0;
        final long[] keys = new long[INSERT_GROUP];
        for (int group = first; group < end; group += INSERT_GROUP)
        {
            final int groupEnd = Math.min(end, group + INSERT_GROUP);
            for (int slot = group; slot < groupEnd; slot++)
            {
                final int at = (slot - first) * RECORD_BYTES;
                final long key = records.getLong(at);
                if ((slot & PAGE_MASK) == 0)
                {
                    pages[slot >>> PAGE_SHIFT] = new long[PAGE_POSITIONS * STRIDE];
                }
                final long[] page = page(slot);
                final int o = offset(slot);
                page[o + KEY] = key;
                page[o + ON_HAND] = records.getLong(at + Long.BYTES);
                page[o + RESERVED] = records.getLong(at + 2 * Long.BYTES);
                page[o + IN_TRANSIT] = records.getLong(at + 3 * Long.BYTES);
                page[o + SAFETY] = records.getLong(at + 4 * Long.BYTES);
                keys[slot - group] = key;
            }
            final int n = groupEnd - group;
            for (int i = 0; i < n; i++)
            {
                seen += index[hash(keys[i]) & indexMask];
            }
            for (int i = 0; i < n; i++)
            {
                // Acquired, as insertConcurrently reads it: another worker's entry, and its page, seen whole.
                final int entry = (int)INDEX.getAcquire(index, hash(keys[i]) & indexMask);
                seen += entry == 0 ? 0 : page(entry - 1)[offset(entry - 1) + KEY];
            }
            for (int i = 0; i < n; i++)
            {
                final long key = keys[i];
                if (!validKey(key) || !insertConcurrently(key, group + i))
                {
                    throw new UncheckedIOException(repeatedOrInvalid(group + i));
                }
            }
        }
        return seen;
    }

    /**
     * Inserts as {@link #insert} does, while other threads insert too: an empty entry is claimed by
     * compare-and-set, whose release makes the slot's key (written before) visible to the threads
     * that acquire the entry.
     *
     * @return false if the key is in the index already.
     */
    private boolean insertConcurrently(final long key, final int slot)
    {
        int i = hash(key) & indexMask;
        while (true)
        {
            final int entry = (int)INDEX.getAcquire(index, i);
            if (entry == 0)
            {
                if (INDEX.compareAndSet(index, i, 0, slot + 1))
                {
                    return true;
                }
                // Claimed by another thread since: looked at again, it may hold this very key.
                continue;
            }
            if (page(entry - 1)[offset(entry - 1) + KEY] == key)
            {
                return false;
            }
            i = (i + 1) & indexMask;
        }
    }

    private boolean validKey(final long key)
    {
        final int sku = (int)key;
        return locations.exists((int)(key >>> 32)) && sku >= 0 && sku < skus.count();
    }

    private static IOException repeatedOrInvalid(final int position)
    {
        return new IOException("snapshot position " + position + " has an invalid or repeated key");
    }
}

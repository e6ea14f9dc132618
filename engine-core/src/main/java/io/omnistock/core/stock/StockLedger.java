package io.omnistock.core.stock;

import io.omnistock.api.Tier;
import io.omnistock.core.catalog.LocationTable;
import io.omnistock.core.catalog.SkuCatalog;
import io.omnistock.core.command.OutputEvents;
import io.omnistock.core.replenishment.Replenishment;
import io.omnistock.core.snapshot.SnapshotInput;
import io.omnistock.core.state.StateComponent;
import io.omnistock.core.state.StateHash;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Every stock position (location, SKU) in flat primitive storage: no object per position.
 *
 * <p>Layout: a position is a slot of {@link #STRIDE} longs in fixed-size pages (key, a word of
 * derived marks, on hand, reserved, in transit, safety stock). Pages avoid one giant array that
 * would have to be copied whole to grow. A {@link PositionIndex} finds a position's slot by its key
 * {@code location << 32 | sku}.
 *
 * <p>Available-to-promise per SKU and tier is kept as a running sum, updated on every change from
 * the before/after difference, so network availability is answered without scanning locations.
 * Likewise each SKU keeps the list of positions that have any available stock (its holders),
 * updated when a position's availability crosses zero, so routing a scarce SKU visits the few
 * locations that hold it instead of the whole network.
 */
public final class StockLedger implements StateComponent, PositionIndex.SlotKeys
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
    static final int PAGE_POSITIONS = 1 << PAGE_SHIFT;
    private static final int PAGE_MASK = PAGE_POSITIONS - 1;
    /** A position in a snapshot: its key, on hand, reserved, in transit and safety stock. */
    static final int RECORD_BYTES = 5 * Long.BYTES;

    private final LocationTable locations;
    /** Loaded positions are checked against it: their SKUs must exist. */
    private final SkuCatalog skus;
    private long[][] pages = new long[0][];
    private int size;
    private final PositionIndex index;
    /** Available-to-promise summed per (SKU, tier), at {@code sku * Tier.COUNT + tier}. */
    private long[] tierAvailable = new long[1024 * Tier.COUNT];
    /** Per SKU, the slots of positions with available stock, in no particular order. */
    private int[][] holders = new int[1024][];
    private int[] holderCount = new int[1024];

    /**
     * @param locations         the location table, for each position's tier.
     * @param expectedPositions positions to size the index for, so loading them never rehashes.
     */
    public StockLedger(final LocationTable locations, final SkuCatalog skus, final int expectedPositions)
    {
        this.locations = locations;
        this.skus = skus;
        this.index = new PositionIndex(this, expectedPositions);
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
        return index.find(key(location, sku));
    }

    /**
     * @return the slot of the position, created empty if needed.
     */
    public int findOrCreate(final int location, final int sku)
    {
        final long key = key(location, sku);
        final int existing = index.findOrInsert(key, size);
        return existing >= 0 ? existing : append(key);
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

    /**
     * Reads, changing nothing, where the SKU's next holder would be added: the list's length and
     * its end, for a caller warming the memory of commands ahead ({@code CommandProcessor.warm}).
     *
     * @return a value made of what was read, for the caller to keep so the reads are not elided.
     */
    public int warmHolderListEnd(final int sku)
    {
        if (sku >= holderCount.length)
        {
            return 0;
        }
        final int[] list = holders[sku];
        final int n = holderCount[sku];
        return list == null ? n : n < list.length ? list[n] : list.length;
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
        long bytes = index.footprintBytes() + (long)tierAvailable.length * Long.BYTES +
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

    /** Adds the position the index has just placed at slot {@link #size}. */
    private int append(final long key)
    {
        final int slot = size;
        final int pageIndex = slot >>> PAGE_SHIFT;
        if (pageIndex == pages.length)
        {
            pages = Arrays.copyOf(pages, pageIndex + 1);
            pages[pageIndex] = new long[PAGE_POSITIONS * STRIDE];
        }
        pages[pageIndex][offset(slot) + KEY] = key;
        size = slot + 1;
        return slot;
    }

    /** @return the key of the position in {@code slot}: what the index compares against. */
    @Override
    public long keyAt(final int slot)
    {
        return page(slot)[offset(slot) + KEY];
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
        if (in instanceof SnapshotInput snapshot && size == 0)
        {
            readParallel(snapshot, n);
            return;
        }
        for (int i = 0; i < n; i++)
        {
            final long key = in.readLong();
            if (!validKey(key) || index.findOrInsert(key, size) >= 0)
            {
                throw repeatedOrInvalid(i);
            }
            final int slot = append(key);
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
     * The positions as {@link #readFrom} reads them from a stream, decoded and indexed in parallel
     * ({@link ParallelPositionsRead}). What depends on slot order (each SKU's holder list, the
     * availability sums) is then built in slot order on this thread, as the sequential load builds
     * it, so both leave the same state.
     */
    private void readParallel(final SnapshotInput in, final int n) throws IOException
    {
        pages = new long[(n + PAGE_MASK) >>> PAGE_SHIFT][];
        new ParallelPositionsRead(this, index, in, n).read();
        size = n;
        for (int slot = 0; slot < n; slot++)
        {
            afterChange(slot, page(slot), offset(slot), 0);
        }
    }

    /**
     * Writes a snapshot record (key, on hand, reserved, in transit, safety stock) into {@code slot},
     * making the slot's page at its first slot: for {@link ParallelPositionsRead}'s workers, each on
     * pages of its own.
     *
     * @return the record's key.
     * @throws UncheckedIOException if the key names no known location and SKU.
     */
    long putRecord(final int slot, final ByteBuffer records, final int at)
    {
        final long key = records.getLong(at);
        if (!validKey(key))
        {
            throw new UncheckedIOException(repeatedOrInvalid(slot));
        }
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
        return key;
    }

    private boolean validKey(final long key)
    {
        final int sku = (int)key;
        return locations.exists((int)(key >>> 32)) && sku >= 0 && sku < skus.count();
    }

    static IOException repeatedOrInvalid(final int position)
    {
        return new IOException("snapshot position " + position + " has an invalid or repeated key");
    }
}

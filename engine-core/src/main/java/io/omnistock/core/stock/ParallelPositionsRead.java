package io.omnistock.core.stock;

import io.omnistock.core.snapshot.SnapshotInput;
import org.agrona.BufferUtil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * A snapshot's positions read into a {@link StockLedger} in parallel, one worker per processor: the
 * section is an array of fixed-size records, so each chunk of pages is read into a worker's buffer
 * and decoded on that worker's thread into its pages, counting each location's positions. With every
 * location's region then sized ({@link PositionIndex#presize}), the workers index the chunks'
 * positions (claiming entries by compare-and-set, which also finds a repeated key). The index's
 * layout may differ from a sequential load's, never what it finds.
 */
final class ParallelPositionsRead
{
    /** Pages a worker decodes at a time: 262,144 positions, 10 MiB of file. */
    private static final int CHUNK_POSITIONS = 32 * StockLedger.PAGE_POSITIONS;
    /** Positions indexed together: as many misses in flight as a core keeps. */
    private static final int INSERT_GROUP = 16;

    private final StockLedger ledger;
    private final PositionIndex index;
    private final SnapshotInput in;
    /** Where the records start in the snapshot. */
    private final long start;
    private final int n;
    private final int chunks;
    /** What the look-ahead read, summed and stored so those reads are not elided; never read. */
    private long touched;

    /** Claims the section's {@code n} records from {@code in}. */
    ParallelPositionsRead(final StockLedger ledger, final PositionIndex index, final SnapshotInput in, final int n)
        throws IOException
    {
        this.ledger = ledger;
        this.index = index;
        this.in = in;
        this.n = n;
        this.start = in.claim((long)n * StockLedger.RECORD_BYTES);
        this.chunks = (int)(((long)n + CHUNK_POSITIONS - 1) / CHUNK_POSITIONS);
    }

    /** Decodes every position into the ledger's pages (made for {@code n} positions) and indexes them. */
    void read() throws IOException
    {
        final int workers = Math.min(chunks, ForkJoinPool.getCommonPoolParallelism() + 1);
        final int[][] counts = new int[workers][];
        final AtomicInteger nextToDecode = new AtomicInteger();
        inParallel(workers, worker -> counts[worker] = decodeChunks(nextToDecode));
        index.presize(sum(counts));
        final AtomicInteger nextToIndex = new AtomicInteger();
        inParallel(workers, worker -> indexChunks(nextToIndex));
    }

    private static void inParallel(final int workers, final IntConsumer worker) throws IOException
    {
        try
        {
            IntStream.range(0, workers).parallel().forEach(worker);
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
    }

    /**
     * One worker: takes chunks until none is left, each read into the worker's own buffer and decoded.
     *
     * @return how many of the decoded positions each location has, by location id.
     */
    private int[] decodeChunks(final AtomicInteger nextChunk)
    {
        final ByteBuffer records = ByteBuffer.allocateDirect(CHUNK_POSITIONS * StockLedger.RECORD_BYTES);
        int[] perLocation = new int[1];
        try
        {
            for (int chunk = nextChunk.getAndIncrement(); chunk < chunks; chunk = nextChunk.getAndIncrement())
            {
                final int first = chunk * CHUNK_POSITIONS;
                final int end = (int)Math.min(n, (long)first + CHUNK_POSITIONS);
                records.clear().limit((end - first) * StockLedger.RECORD_BYTES);
                in.read(start + (long)first * StockLedger.RECORD_BYTES, records);
                for (int slot = first; slot < end; slot++)
                {
                    final int location = (int)(ledger.putRecord(slot, records, (slot - first) * StockLedger.RECORD_BYTES) >>> 32);
                    if (location >= perLocation.length)
                    {
                        perLocation = Arrays.copyOf(perLocation, Math.max(location + 1, perLocation.length * 2));
                    }
                    perLocation[location]++;
                }
            }
            return perLocation;
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

    private static int[] sum(final int[][] counts)
    {
        int length = 0;
        for (final int[] c : counts)
        {
            length = Math.max(length, c.length);
        }
        final int[] total = new int[length];
        for (final int[] c : counts)
        {
            for (int i = 0; i < c.length; i++)
            {
                total[i] += c[i];
            }
        }
        return total;
    }

    /**
     * One worker: indexes chunks' positions until none is left, {@link #INSERT_GROUP} at a time: the
     * group's entries (and the keys there) are read first, then the group is inserted. Where
     * positions come location by location, a location's region is in cache anyway; where they come
     * in any order, each insert's misses are fetched together with the group's, not one after
     * another (docs/benchmarks.md run 50).
     */
    private void indexChunks(final AtomicInteger nextChunk)
    {
        long seen = 0;
        for (int chunk = nextChunk.getAndIncrement(); chunk < chunks; chunk = nextChunk.getAndIncrement())
        {
            final int first = chunk * CHUNK_POSITIONS;
            final int end = (int)Math.min(n, (long)first + CHUNK_POSITIONS);
            for (int group = first; group < end; group += INSERT_GROUP)
            {
                final int groupEnd = Math.min(end, group + INSERT_GROUP);
                for (int slot = group; slot < groupEnd; slot++)
                {
                    seen += index.touch(ledger.keyAt(slot));
                }
                for (int slot = group; slot < groupEnd; slot++)
                {
                    if (!index.insertConcurrently(ledger.keyAt(slot), slot))
                    {
                        throw new UncheckedIOException(StockLedger.repeatedOrInvalid(slot));
                    }
                }
            }
        }
        touched += seen;
    }
}

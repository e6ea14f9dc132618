package io.omnistock.core.journal;

import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.posix.PosixAPI;

/**
 * Maps the journal's next pages writable into the appender's mapping ahead of its writes, with
 * {@code madvise(MADV_POPULATE_WRITE)}, so that the writer's copy into the mapping finds them
 * mapped instead of faulting on each new page.
 *
 * <p>Why: the pretoucher brings pages into the page cache, but the first write to each page
 * through Chronicle's mapping still faults to map it writable ({@code ext4_page_mkwrite}), 2 to 12
 * µs a page on the benchmark VM: 18.6% of the single writer's samples routing 3-line orders
 * through the pipeline (docs/benchmarks.md run 53), 6.5% at 300K commands/s (run 51). Populating
 * costs the kernel the same per page, so this helps only where another thread or idle time pays
 * it: the pretouch thread ({@link JournalPretoucher}), or the compact writer between commands
 * ({@link JournalWriter#mapAhead}). Page tables belong to the process, so pages populated on any
 * thread through the appender's own mapping are mapped for the appender.
 *
 * <p>Populating writes nothing into the pages: a page the writer has written, or one populated
 * twice, keeps its bytes. One instance per mapping it follows, used from one thread.
 */
final class WritableAhead
{
    static final long PAGE_BYTES = 4096;
    /** Linux's {@code madvise} advice that faults pages in writable without writing them (5.14 on). */
    private static final int MADV_POPULATE_WRITE = 23;

    /** The file offset up to which the current mapping has been populated. */
    private long mappedTo;
    /** Set when the kernel refused the advice (before Linux 5.14, or not Linux): not asked again. */
    private boolean refused;

    /** A new mapping (the appender moved to a new chunk or file): nothing of it populated yet. */
    void restart()
    {
        mappedTo = 0;
    }

    /**
     * Populates at most {@code maxBytes} of {@code store}, from the page after {@code writtenTo}
     * (the end of the last document written) up to {@code loadedTo} (what the pretoucher has
     * loaded into the page cache, so no fault here reads around) and the end of the store.
     *
     * @return whether it populated anything.
     */
    boolean map(final MappedBytesStore store, final long writtenTo, final long loadedTo, final long maxBytes)
    {
        if (refused)
        {
            return false;
        }
        final long nextPage = (writtenTo + PAGE_BYTES - 1) & -PAGE_BYTES;
        mappedTo = Math.max(mappedTo, Math.max(nextPage, store.start()));
        final long to = Math.min(Math.min(mappedTo + maxBytes, loadedTo & -PAGE_BYTES), store.safeLimit() & -PAGE_BYTES);
        if (to <= mappedTo)
        {
            return false;
        }
        if (!populateWritable(store.addressForWrite(mappedTo), to - mappedTo))
        {
            // The writer takes its own faults, as it always did.
            refused = true;
            return false;
        }
        mappedTo = to;
        return true;
    }

    /** @return the file offset up to which the current mapping has been populated. */
    long mappedTo()
    {
        return mappedTo;
    }

    private static boolean populateWritable(final long address, final long length)
    {
        try
        {
            return PosixAPI.posix().madvise(address, length, MADV_POPULATE_WRITE) == 0;
        }
        catch (final RuntimeException | LinkageError e)
        {
            return false;
        }
    }
}

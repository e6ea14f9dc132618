package io.omnistock.core.journal;

import java.io.File;
import java.io.IOException;

/**
 * Brings a range of one file's pages into the page cache for the {@link JournalPretoucher}: exactly
 * the range asked, so the cost of one call stays bounded.
 *
 * <p>Why not just read the file: on Linux a sequential read of a file is a readahead stream, and
 * the kernel grows its window to the device's {@code read_ahead_kb} (8 MiB on the benchmark
 * machine). Ahead of the writer the journal file is a hole, so each window is 8 MiB of pages the
 * kernel allocates and zeroes inside one read: 12 to 15 ms on the benchmark machine, once every
 * 8 MiB of journal, on whichever thread read. With the compact thread model that is the writer,
 * and it was the whole of {@code LatencyProfile}'s p99 of 7 to 18 ms at 100K commands/s
 * (docs/benchmarks.md run 51, perf: {@code __x64_sys_pread64 -> page_cache_ra_order ->
 * ext4_mpage_readpages -> memset}). {@link AdvisedPageLoader} asks for the range with
 * {@code posix_fadvise(WILLNEED)}, which loads that range and starts no window;
 * {@link ReadPageLoader} reads it, where that call is not to be had.
 */
interface PageLoader extends AutoCloseable
{
    /**
     * @return a loader for {@code file}: {@code posix_fadvise} where the C library has it, else reads.
     */
    static PageLoader open(final File file) throws IOException
    {
        return AdvisedPageLoader.AVAILABLE ? AdvisedPageLoader.open(file) : ReadPageLoader.open(file);
    }

    /** @return the file's size now (Chronicle extends it a chunk at a time). */
    long size() throws IOException;

    /** Brings {@code [offset, offset + length)}, inside the file's size, into the page cache. */
    void load(long offset, long length) throws IOException;

    @Override
    void close();
}

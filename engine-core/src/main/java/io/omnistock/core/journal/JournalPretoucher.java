package io.omnistock.core.journal;

import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.core.io.ReferenceOwner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Brings the journal file's next pages into the page cache ahead of the writer: on a thread of its
 * own, or, where no core is to spare, a little at a time in the writer's idle moments.
 *
 * <p>Chronicle Queue appends through a memory mapping, so the first touch of each new page of the
 * file is a page fault in which the kernel allocates the page and zeroes it. On a virtual machine
 * whose host backs guest memory lazily that costs microseconds a page: a fifth of the single
 * writer's time on the benchmark machine (perf: {@code filemap_fault -> ... -> memset}). Reading
 * the file ahead of the write position does that work here instead; the writer's fault then finds
 * the page cached. Loading never changes the file, so this cannot harm the journal: if it falls
 * behind or fails, the writer takes the faults itself, as it would without it. It loads exactly
 * the pages it means to, a step at a time ({@link PageLoader}: a plain read would let the kernel's
 * readahead zero megabytes of them in one call).
 *
 * <p>A pretoucher with a thread also maps the loaded pages writable into the writer's own mapping
 * ({@link WritableAhead}), so the writer's first write to a page no longer faults either: the
 * writer hands it each mapped chunk it moves into ({@link #writingThrough}), reserved, so the chunk
 * stays mapped until this thread has let go of it.
 */
public final class JournalPretoucher implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(JournalPretoucher.class);

    /** How far ahead of the write position pages are brought in. */
    static final long AHEAD_BYTES = 16L << 20;
    /**
     * Below this much loaded ahead of the writer a writer that pretouches itself takes a step even
     * with commands waiting ({@link #runningShort}): a busy writer that overtook the loaded pages
     * would fault its next ones in itself, and a fault reads around it, 8 MiB zeroed at a time on
     * the benchmark machine (perf at 500K commands/s: {@code filemap_fault -> page_cache_ra_order}).
     */
    public static final long SHORT_BYTES = 4L << 20;
    /** A step of the pretouch thread: it looks at the writer's progress between steps. */
    private static final int STEP_BYTES = 256 << 10;
    /**
     * At most this much per {@link #touchSome} call from the writer: eight pages, tens of
     * microseconds where each is faulted in, so a command arriving meanwhile waits little.
     */
    public static final long WRITER_STEP_BYTES = 32 << 10;
    /** How often it looks at the writer's progress while the writer moves. */
    private static final long BUSY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** While the writer stands still: the pages ahead are in already, so a burst finds them. */
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** Null when the writer calls {@link #touchSome} itself. */
    private final Thread thread;
    private volatile File file;
    private volatile long writtenTo;
    private volatile boolean closed;
    private volatile long touchedTo;
    private File current;
    /** A file that could not be loaded: left alone, so the warning is not repeated every millisecond. */
    private File failed;
    private PageLoader pages;
    /** The writer's newest chunk, reserved for this thread, not yet taken up by it. */
    private final AtomicReference<Chunk> handed = new AtomicReference<>();
    private final ReferenceOwner owner = ReferenceOwner.temporary("omnistock-journal-pretouch");
    /** The chunk this thread maps writable, reserved by it; null if none. */
    private Chunk chunk;
    private final WritableAhead writableAhead = new WritableAhead();
    /** Where this thread has mapped the writer's chunk writable up to, for tests. */
    private volatile long mappedTo;
    /** The file's size when last asked: Chronicle extends it a chunk at a time. */
    private long knownSize;
    /** The writer's position when the size was last asked. */
    private long sizeAskedAt;

    /**
     * Starts the pretouch thread; it does nothing until a {@link JournalWriter} it was given to
     * reports a document.
     */
    public JournalPretoucher(final String threadName)
    {
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    private JournalPretoucher()
    {
        thread = null;
    }

    /** @return a pretoucher without a thread: the writer calls {@link #touchSome} in its idle moments. */
    public static JournalPretoucher onCaller()
    {
        return new JournalPretoucher();
    }

    /**
     * The writer's progress: it has written {@code file} up to {@code position}. Called by the
     * journal writer after each document; two volatile stores.
     */
    void written(final File journalFile, final long position)
    {
        if (journalFile != file)
        {
            file = journalFile;
        }
        writtenTo = position;
    }

    /** A mapped chunk of the writer's and the file it maps. */
    private record Chunk(File file, MappedBytesStore store)
    {
    }

    /** @return whether this pretoucher has a thread of its own, which maps pages writable for the writer. */
    boolean mapsOnItsThread()
    {
        return thread != null;
    }

    /**
     * The writer moved into a new mapped chunk of {@code journalFile}: this thread maps that
     * chunk's loaded pages writable ahead of it. Called by the journal writer, on its thread,
     * before the {@link #written} that follows it. Reserves the chunk for this thread (released
     * when this thread takes up the next one, or on close), so it is never unmapped under it.
     */
    void writingThrough(final File journalFile, final MappedBytesStore store)
    {
        if (closed)
        {
            return;
        }
        store.reserve(owner);
        final Chunk untaken = handed.getAndSet(new Chunk(journalFile, store));
        if (untaken != null)
        {
            untaken.store().release(owner);
        }
        if (closed)
        {
            releaseHanded();
        }
    }

    private void run()
    {
        while (!closed)
        {
            final boolean loaded = touchSome(Long.MAX_VALUE);
            final boolean mapped = mapWritable();
            LockSupport.parkNanos(loaded || mapped ? BUSY_NANOS : IDLE_NANOS);
        }
        releaseChunk();
        releaseHanded();
        closePages();
    }

    /**
     * Maps the loaded pages ahead of the writer writable in its current chunk, up to what this
     * thread has loaded, a step at a time: the kernel holds the process's memory map for reading
     * through each call, and a thread mapping or unmapping memory (the writer moving to its next
     * chunk) waits for it.
     *
     * @return whether it mapped anything.
     */
    private boolean mapWritable()
    {
        final Chunk next = handed.getAndSet(null);
        if (next != null)
        {
            releaseChunk();
            chunk = next;
            writableAhead.restart();
        }
        final Chunk c = chunk;
        if (c == null || c.file() != file || c.file() != current)
        {
            return false;
        }
        boolean mapped = false;
        while (!closed && writableAhead.map(c.store(), writtenTo, touchedTo, STEP_BYTES))
        {
            mapped = true;
            mappedTo = writableAhead.mappedTo();
        }
        return mapped;
    }

    private void releaseChunk()
    {
        if (chunk != null)
        {
            chunk.store().release(owner);
            chunk = null;
        }
    }

    private void releaseHanded()
    {
        final Chunk untaken = handed.getAndSet(null);
        if (untaken != null)
        {
            untaken.store().release(owner);
        }
    }

    /**
     * Loads at most {@code maxBytes} of the pages the writer will write next, up to
     * {@link #AHEAD_BYTES} past its position. Cheap when there is nothing to do: no system call
     * until the writer has moved into what was loaded.
     *
     * @return whether it loaded anything.
     */
    public boolean touchSome(final long maxBytes)
    {
        final File target = file;
        if (target == null || target == failed || closed)
        {
            return false;
        }
        final long position = writtenTo;
        if (target == current && touchedTo >= position + AHEAD_BYTES)
        {
            return false;
        }
        try
        {
            return touchAhead(target, position, maxBytes);
        }
        catch (final IOException e)
        {
            // The writer then faults its pages in itself: slower, never wrong.
            LOG.warn("journal pretouch of {} failed; the writer takes its own page faults", target, e);
            closePages();
            failed = target;
            return false;
        }
    }

    /**
     * @return whether fewer than {@link #SHORT_BYTES} are loaded ahead of the writer's position (or
     *     nothing yet of the file it writes), in a file that can be loaded.
     */
    public boolean runningShort()
    {
        final File target = file;
        return target != null && target != failed && !closed
            && (target != current || touchedTo < writtenTo + SHORT_BYTES);
    }

    private boolean touchAhead(final File target, final long position, final long maxBytes) throws IOException
    {
        if (target != current)
        {
            closePages();
            pages = PageLoader.open(target);
            current = target;
            touchedTo = 0;
            knownSize = pages.size();
            sizeAskedAt = position;
        }
        long at = Math.max(touchedTo, position);
        // Chronicle extends the file a chunk at a time: pages past its end are not there to load.
        // Asked again only once the writer has moved on a step's worth, not at every idle moment.
        if (at >= knownSize && position >= sizeAskedAt + STEP_BYTES)
        {
            knownSize = pages.size();
            sizeAskedAt = position;
        }
        final long ahead = Math.min(position + AHEAD_BYTES, knownSize);
        final long end = ahead - at <= maxBytes ? ahead : at + maxBytes;
        final long from = at;
        while (at < end && !closed)
        {
            final long step = Math.min(STEP_BYTES, end - at);
            pages.load(at, step);
            at += step;
        }
        touchedTo = at;
        return at > from;
    }

    /** @return the end of what has been loaded, in the current file; for tests. */
    long touchedTo()
    {
        return touchedTo;
    }

    /**
     * @return how far {@code journalFile} has been loaded, 0 if it is not the file being loaded; for
     *     a writer that pretouches itself ({@link #onCaller}), on its own thread.
     */
    long loadedTo(final File journalFile)
    {
        return journalFile == current ? touchedTo : 0;
    }

    /** @return where this thread has mapped the writer's current chunk writable up to; for tests. */
    long mappedTo()
    {
        return mappedTo;
    }

    /** @return whether this thread holds a chunk of the writer's reserved; for tests. */
    boolean holdsChunk()
    {
        return chunk != null || handed.get() != null;
    }

    /** @return the file the writer last reported; for tests. */
    File file()
    {
        return file;
    }

    /** @return where the writer last reported it had written to; for tests. */
    long writtenTo()
    {
        return writtenTo;
    }

    boolean running()
    {
        return thread != null && thread.isAlive();
    }

    private void closePages()
    {
        if (pages != null)
        {
            pages.close();
            pages = null;
        }
        current = null;
    }

    @Override
    public void close()
    {
        closed = true;
        if (thread == null)
        {
            closePages();
            return;
        }
        LockSupport.unpark(thread);
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}

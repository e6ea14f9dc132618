package io.omnistock.core.journal;

import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.state.LogicVersion;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.wire.Wire;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.nio.ByteOrder;

/**
 * Appends command records to the journal. Records are packed into a batch, each framed by its
 * length, and {@link #flush()} writes the batch as one Chronicle document: a Chronicle append
 * costs far more than encoding a record, so the journal thread pays it once per ring batch rather
 * than once per command. Owned by the journal thread: create it, append, flush and sync from that
 * one thread (Chronicle appenders are single-threaded).
 */
public final class JournalWriter implements AutoCloseable
{
    /**
     * A batch is written out early when it holds this much. Small enough to stay in the journal
     * thread's cache between encoding and the copy into the queue: 32 KiB measured about 16% more
     * commands/s through the pipeline than 256 KiB, and 8 KiB no more than 32.
     */
    static final int BATCH_BYTES = 32 * 1024;

    /**
     * The largest document a journal of this format may hold: a batch cut at the 256 KiB earlier
     * writers used, plus the record that crossed it. Readers size their buffer by this, not by
     * {@link #BATCH_BYTES}, so journals written before the cut shrank still read.
     */
    static final int MAX_DOCUMENT_BYTES = 256 * 1024 + JournalCodec.maxRecordLength() + Integer.BYTES;

    private final ExcerptAppender appender;
    private final JournalCodec codec = new JournalCodec();
    /** OR-ed into every frame: the records' format, from format 3 on (0 for the formats before, which had none). */
    private final int frameTag;
    private final byte[] batch = new byte[BATCH_BYTES + JournalCodec.maxRecordLength() + Integer.BYTES];
    private final UnsafeBuffer batchBuffer = new UnsafeBuffer(batch);
    private int batchLength;
    private int batchRecords;
    private JournalPretoucher pretoucher;
    private int fileCycle = Integer.MIN_VALUE;
    private File file;
    /** Where the last document written ends, in {@link #file}. */
    private long writtenTo;
    /** The compact writer's own mapping ahead, in its idle moments ({@link #mapAhead}). */
    private final WritableAhead writableAhead = new WritableAhead();
    /**
     * The appender's mapped chunk as of the last document written: mapped ahead by the writer itself
     * ({@link #mapAhead}) or, handed over, by a pretouch thread ({@link JournalPretoucher#writingThrough}).
     */
    private MappedBytesStore chunk;

    /**
     * A writer on a journal started, if it is empty, in the newest logic version.
     */
    public JournalWriter(final ChronicleQueue queue)
    {
        this(queue, LogicVersion.LATEST);
    }

    /**
     * Records are appended in this build's format, {@link JournalCodec#FORMAT_VERSION}, whatever
     * the format of the records before them: each frame names its record's format, so a journal of
     * an older format moves to the newer one at the first append, and its history is never rewritten.
     *
     * @param queue               the journal's queue; a header record is written first if it is empty.
     * @param initialLogicVersion the logic version an empty journal starts in, recorded in its header.
     */
    public JournalWriter(final ChronicleQueue queue, final int initialLogicVersion)
    {
        this(queue, JournalCodec.FORMAT_VERSION, initialLogicVersion);
    }

    /**
     * @param version the format to write in: this build's, or (tests only) an older one, to write
     *     journals as the builds of that format did.
     */
    JournalWriter(final ChronicleQueue queue, final int version, final int initialLogicVersion)
    {
        appender = queue.createAppender();
        codec.useVersion(version);
        frameTag = version < JournalCodec.FIRST_TAGGED_FORMAT ? 0 : version << JournalCodec.FRAME_FORMAT_SHIFT;
        codec.encodeInto(batch, Integer.BYTES);
        if (queue.lastIndex() < 0)
        {
            add(codec.encodeHeader(initialLogicVersion));
            flush();
        }
    }

    /**
     * Adds the command as sequenced, with the outcome the business logic wrote into it, to the
     * current batch. It is in the journal once {@link #flush()} returns, or once this returns true.
     *
     * @return whether the batch filled up and was written: this command and all before it are in
     *     the journal.
     */
    public boolean append(final CommandSlot command)
    {
        add(codec.encode(command));
        if (batchLength >= BATCH_BYTES)
        {
            flush();
            return true;
        }
        codec.encodeInto(batch, batchLength + Integer.BYTES);
        return false;
    }

    /** Frames the record the codec just encoded in place, behind the batch's last one. */
    private void add(final int length)
    {
        batchBuffer.putInt(batchLength, length | frameTag, ByteOrder.LITTLE_ENDIAN);
        batchLength += Integer.BYTES + length;
        batchRecords++;
    }

    /**
     * Writes the batch as one journal document.
     */
    public void flush()
    {
        if (batchRecords == 0)
        {
            return;
        }
        try (DocumentContext dc = appender.writingDocument())
        {
            final Bytes<?> bytes = dc.wire().bytes();
            bytes.write(batch, 0, batchLength);
            writtenTo = bytes.writePosition();
        }
        if (pretoucher != null)
        {
            tellPretoucher(writtenTo);
        }
        discard();
    }

    /**
     * Reports each document's end to {@code journalPretoucher}, which reads the pages after it in.
     */
    public void pretouchWith(final JournalPretoucher journalPretoucher)
    {
        pretoucher = journalPretoucher;
    }

    private void tellPretoucher(final long writtenTo)
    {
        final int cycle = appender.cycle();
        if (cycle != fileCycle)
        {
            fileCycle = cycle;
            file = appender.currentFile();
        }
        pretoucher.written(file, writtenTo);
        final MappedBytesStore store = currentStore();
        if (store != chunk)
        {
            chunk = store;
            writableAhead.restart();
            if (store != null && pretoucher.mapsOnItsThread())
            {
                pretoucher.writingThrough(file, store);
            }
        }
    }

    /** @return the appender's mapped chunk, where its next document goes; null if it has none. */
    MappedBytesStore currentStore()
    {
        final Wire wire = appender.wire();
        return wire != null && wire.bytes().bytesStore() instanceof MappedBytesStore store ? store : null;
    }

    /**
     * Maps up to {@code maxBytes} of the journal's next pages writable into the appender's own
     * mapping, ahead of the next append ({@link WritableAhead}); only pages the pretoucher has
     * already loaded. Called by the writer itself in its idle moments (the compact thread model,
     * whose pretoucher has no thread); a pretouch thread does the same on its own thread.
     *
     * @return whether it mapped anything.
     */
    public boolean mapAhead(final long maxBytes)
    {
        if (pretoucher == null || file == null || chunk == null)
        {
            return false;
        }
        return writableAhead.map(chunk, writtenTo, pretoucher.loadedTo(file), maxBytes);
    }

    /**
     * @return the queue index of the last document written, for snapshots to point into the journal.
     */
    public long lastIndex()
    {
        return appender.lastIndexAppended();
    }

    /** @return the cycle file the last document went to (the one a periodic force is for). */
    public File currentFile()
    {
        return appender.currentFile();
    }

    /**
     * Forces what was written to the storage device (when the queue was opened with sync on).
     */
    public void sync()
    {
        appender.sync();
    }

    /**
     * Drops the batch not yet written. The engine halted: every command in it was answered as not
     * journaled ({@code JOURNAL_FAILED}), so writing it later, on close, would bring back on restart
     * commands their callers were told had failed (a failed write leaves its batch here).
     */
    public void discard()
    {
        batchLength = 0;
        batchRecords = 0;
        codec.encodeInto(batch, Integer.BYTES);
    }

    @Override
    public void close()
    {
        flush();
        appender.close();
    }
}

package io.omnistock.core.journal;

import io.omnistock.core.command.CommandSlot;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Reads command records in order, checking each one: the journal starts with an omnistock header
 * of a known format version, every record passes its CRC, sequences run without gaps, and the
 * journal ends only where the queue does. Any violation is a {@link JournalException} naming where
 * it happened, never a silent skip.
 *
 * <p>Each record is decoded in its own format: the one its frame names (format 3 on), else the
 * header's. A journal's formats only move forward; a frame naming a format this build does not
 * read, or an older one than a record before it, is refused, never guessed around.
 *
 * <p>A document is checked whole (every frame within it, every record's CRC) before any of its
 * records is returned, so a damaged batch never gives half its commands. A damaged document with
 * nothing valid after it is the journal's torn tail (a power loss that wrote back only part of the
 * last batch): reading ends before it and {@link #damagedTail()} names it; its owner decides what
 * to do (the engine sets it aside, the tools report it). Damage with anything valid after it is
 * corruption, refused as always; {@link JournalEnd} reads the file below Chronicle to tell which.
 */
public final class JournalReader implements AutoCloseable
{
    /** A reader stuck at the end checks the queue's last index on one poll in this many. */
    private static final int END_CHECKS = 256;

    private final ChronicleQueue queue;
    /** Whether this reader follows a live journal ({@link #tailing}). */
    private final boolean tailing;
    private final ExcerptTailer tailer;
    private final JournalCodec codec = new JournalCodec();
    private final byte[] bytes = codec.buffer().byteArray();
    private boolean headerSeen;
    /** The header's format: the format of every record whose frame names none. */
    private int headerFormat;
    /** The logic version the header says the journal starts in; 0 until the header is read. */
    private int initialLogicVersion;
    /** The newest format met so far: formats never move back. */
    private int newestFormat;
    /** The format the last frame named, 0 for none. */
    private int lastFrameFormat;
    private long expectedSequence;
    private long lastIndex = -1;
    private int lastLength;
    private final byte[] document = new byte[JournalWriter.MAX_DOCUMENT_BYTES];
    private final org.agrona.concurrent.UnsafeBuffer documentBuffer = new org.agrona.concurrent.UnsafeBuffer(document);
    private int documentLength;
    private int frameAt;
    /** The index the reader last found the journal's end at, and the polls since it checked there. */
    private long endSeenAt = Long.MIN_VALUE;
    private int endPolls;
    /** Where the last data document read sits: its cycle file, header position and length. */
    private Path documentFile;
    private int documentCycle;
    private long documentHeaderAt = -1;
    /** Whole records of the last document read; kept when it turns out damaged, to report them. */
    private int intactRecords;
    /** The damaged last document reading stopped before, once found. */
    private DamagedTail damagedTail;
    private boolean endInspected;
    /** Where {@link #nextRecord()} decodes; made on first use, so the engine's readers do not pay for it. */
    private CommandSlot record;

    public JournalReader(final ChronicleQueue queue)
    {
        this(queue, false);
    }

    private JournalReader(final ChronicleQueue queue, final boolean tailing)
    {
        this.queue = queue;
        this.tailing = tailing;
        tailer = queue.createTailer();
    }

    /**
     * A reader that follows a live journal (event streams, feeds): at the end it says so at once
     * and asks the queue whether documents lie beyond on one poll in {@link #END_CHECKS} only, so
     * a document it cannot read with more after it is still reported as corruption, a few polls
     * later. Asking on the first poll at each new end, as a whole-journal read must, costs a
     * tailer (tens of microseconds) per batch the engine writes: a daemon's feeds thread spent
     * 16 of its 19 CPU samples there under a flash sale (JFR, 64 connections).
     */
    public static JournalReader tailing(final ChronicleQueue queue)
    {
        return new JournalReader(queue, true);
    }

    /**
     * Positions the reader just after the record carrying {@code sequence} in the document at
     * {@code index} (a snapshot's journal position).
     *
     * @return whether that record was found with that sequence; if not, the reader is back at the start.
     */
    public boolean seekAfter(final long index, final long sequence)
    {
        if (readHeader() && tailer.moveToIndex(index))
        {
            documentLength = 0;
            frameAt = 0;
            if (readDocument())
            {
                // Every record a document gives passed its CRC when the document was read (checkDocument).
                while (frameAt < documentLength && readRecord())
                {
                    if (codec.isCommand() && codec.sequence() == sequence)
                    {
                        headerSeen = true;
                        expectedSequence = sequence + 1;
                        return true;
                    }
                }
            }
        }
        tailer.toStart();
        documentLength = 0;
        frameAt = 0;
        damagedTail = null;
        headerSeen = false;
        newestFormat = 0;
        expectedSequence = 0;
        return false;
    }

    /**
     * @return the sequence of the last command record the journal holds now, or 0 if it holds none;
     *     read from the journal's last document, not the whole journal.
     */
    public static long lastSequence(final ChronicleQueue queue)
    {
        long sequence = 0;
        try (JournalReader reader = new JournalReader(queue))
        {
            final long last = queue.lastIndex();
            if (last >= 0 && reader.readHeader() && reader.tailer.moveToIndex(last) && reader.readDocument())
            {
                // A document holds its records in sequence order.
                while (reader.frameAt < reader.documentLength && reader.readRecord())
                {
                    if (reader.codec.isCommand())
                    {
                        sequence = reader.codec.sequence();
                    }
                }
            }
        }
        return sequence;
    }

    /**
     * Moves a {@link #tailing} reader past everything the journal holds now without reading it: a
     * follower with nobody to tell (feeds without subscribers) need not decode a flash sale's
     * journal for nothing. The next record read is the first appended after this call; its sequence
     * is not checked against a previous one. A journal that holds nothing yet is left as it is.
     */
    public void toEnd()
    {
        if (!readHeader())
        {
            return;
        }
        tailer.toEnd();
        documentLength = 0;
        frameAt = 0;
        expectedSequence = 0;
        endSeenAt = Long.MIN_VALUE;
        endPolls = 0;
    }

    /**
     * Reads the next command record: the read-only way in for readers outside the engine.
     *
     * @return the record, valid until the next read; {@code null} at the end of the journal.
     * @throws JournalException if the journal is foreign, corrupt or has a gap.
     */
    public JournalRecord nextRecord()
    {
        if (record == null)
        {
            record = new CommandSlot();
        }
        return next(record) ? record : null;
    }

    /**
     * Reads the next command record into {@code into}: its input, stamp and journaled outcome. The
     * engine's own way in (recovery, replay feed the slot to the business logic); readers use
     * {@link #nextRecord()}.
     *
     * @return {@code false} at the end of the journal.
     * @throws JournalException if the journal is foreign, corrupt or has a gap.
     */
    public boolean next(final CommandSlot into)
    {
        while (readRecord())
        {
            if (!headerSeen)
            {
                checkHeader();
                continue;
            }
            // Every record's checksum was checked with its document's, before the first was returned.
            if (!codec.isCommand())
            {
                throw new JournalException("journal record at index " + Long.toHexString(lastIndex) +
                    " has an unknown record type " + codec.buffer().getByte(0));
            }
            final long sequence = codec.sequence();
            if (expectedSequence != 0 && sequence != expectedSequence)
            {
                throw new JournalException("journal sequence jumps from " + (expectedSequence - 1) + " to " +
                    sequence + " at index " + Long.toHexString(lastIndex));
            }
            codec.decode(into);
            expectedSequence = sequence + 1;
            return true;
        }
        return false;
    }

    /**
     * Reads the journal's header if it has not been read: records decode in the format version
     * only the header names, so a reader that jumps into the journal must read it first.
     *
     * @return false if the journal holds nothing.
     */
    private boolean readHeader()
    {
        if (headerSeen)
        {
            return true;
        }
        if (!readRecord())
        {
            return false;
        }
        checkHeader();
        return true;
    }

    /**
     * The first record must be an omnistock header of a version this build reads (intact: its CRC
     * was checked with its document's).
     */
    private void checkHeader()
    {
        if (!codec.isHeader() || codec.headerMagic() != JournalCodec.MAGIC)
        {
            throw new JournalException(
                "the journal does not start with an omnistock header: not an omnistock journal, or its first record is corrupt");
        }
        final int version = codec.headerVersion();
        codec.useVersion(version);
        final boolean tagged = version >= JournalCodec.FIRST_TAGGED_FORMAT;
        if (tagged ? lastFrameFormat != version : lastFrameFormat != 0)
        {
            throw new JournalException("the journal's header names format " + version + " but its frame names " +
                (lastFrameFormat == 0 ? "none" : "format " + lastFrameFormat) + ": the journal is corrupt");
        }
        final int logic = codec.headerLogicVersion(lastLength);
        if (logic < 1)
        {
            throw new JournalException("the journal's header names logic version " + logic + ": the journal is corrupt");
        }
        headerFormat = version;
        newestFormat = version;
        initialLogicVersion = logic;
        headerSeen = true;
    }

    /**
     * Moves to the next record: the next frame of the current document, or the first of the next.
     */
    private boolean readRecord()
    {
        while (frameAt >= documentLength)
        {
            if (!readDocument())
            {
                return false;
            }
        }
        // The document's frames were checked when it was read (checkDocument).
        final int frame = documentBuffer.getInt(frameAt, ByteOrder.LITTLE_ENDIAN);
        final int length = frame & JournalCodec.FRAME_LENGTH_MASK;
        useFormat(frame >>> JournalCodec.FRAME_FORMAT_SHIFT);
        codec.buffer().putBytes(0, documentBuffer, frameAt + Integer.BYTES, length);
        lastLength = length;
        frameAt += Integer.BYTES + length;
        return true;
    }

    /**
     * Decodes the next record in the format its frame names, or (a bare frame, before format 3)
     * in the header's. The header's own frame is read before the journal's format is known.
     */
    private void useFormat(final int framed)
    {
        lastFrameFormat = framed;
        if (framed > JournalCodec.FORMAT_VERSION)
        {
            throw new JournalException("journal record at index " + Long.toHexString(lastIndex) + " is in format " +
                framed + ", but this build reads formats " + JournalCodec.OLDEST_VERSION + " to " +
                JournalCodec.FORMAT_VERSION + ": it was written by a newer build; run that build (or a later one)");
        }
        if (framed != 0 && framed < JournalCodec.FIRST_TAGGED_FORMAT)
        {
            throw new JournalException("journal record at index " + Long.toHexString(lastIndex) + " has a frame naming format " +
                framed + ", but formats before " + JournalCodec.FIRST_TAGGED_FORMAT + " named none: the journal is corrupt");
        }
        if (!headerSeen)
        {
            return;
        }
        if (framed == 0 && headerFormat >= JournalCodec.FIRST_TAGGED_FORMAT)
        {
            throw new JournalException("journal record at index " + Long.toHexString(lastIndex) +
                " has a frame that names no format, in a journal begun in format " + headerFormat +
                ", whose frames all do: the journal is corrupt");
        }
        final int format = framed == 0 ? headerFormat : framed;
        if (format < newestFormat)
        {
            throw new JournalException("journal record at index " + Long.toHexString(lastIndex) + " is in format " +
                format + " after records in format " + newestFormat + ": formats never move back; the journal is corrupt");
        }
        newestFormat = format;
        codec.useVersion(format);
    }

    private boolean readDocument()
    {
        // The queue's last index, read before a retry of a document that was not there: see below.
        long lastBeforeRetry = Long.MIN_VALUE;
        while (true)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    // The end of the journal, unless the queue holds documents beyond this one: then
                    // this one is unreadable (a damaged header) and stopping would silently drop the
                    // rest. A writer may be appending meanwhile, so first look again: a document the
                    // queue counted before that second look is complete and must be there.
                    final long wanted = tailer.index();
                    if (lastBeforeRetry >= wanted)
                    {
                        throw new JournalException("journal document at index " + Long.toHexString(wanted) +
                            " cannot be read, but the journal goes on to index " + Long.toHexString(lastBeforeRetry) +
                            ": the journal is corrupt");
                    }
                    // Asking the queue costs tens of microseconds. A whole-journal read asks when it
                    // gets to the end (it must not end early); a tailing reader not until its
                    // END_CHECKS-th poll at that end. Both ask again on every END_CHECKS-th poll.
                    if (tailing && wanted != endSeenAt)
                    {
                        endSeenAt = wanted;
                        endPolls = 0;
                        return false;
                    }
                    if (wanted == endSeenAt && (++endPolls & (END_CHECKS - 1)) != 0)
                    {
                        return false;
                    }
                    lastBeforeRetry = queue.lastIndex();
                    if (lastBeforeRetry < wanted)
                    {
                        endSeenAt = wanted;
                        return false;
                    }
                    continue;
                }
                if (dc.isMetaData())
                {
                    continue;
                }
                final Bytes<?> in = dc.wire().bytes();
                final long remaining = in.readRemaining();
                lastIndex = dc.index();
                documentFile = tailer.currentFile() == null ? null : tailer.currentFile().toPath();
                documentCycle = tailer.cycle();
                documentHeaderAt = in.readPosition() - Integer.BYTES;
                if (remaining > document.length)
                {
                    throw new JournalException("journal document at index " + Long.toHexString(lastIndex) + " is " +
                        remaining + " bytes, longer than any omnistock batch: not an omnistock journal, or corrupt");
                }
                documentLength = (int)remaining;
                in.read(document, 0, documentLength);
                frameAt = 0;
            }
            final String damage = checkDocument();
            if (damage == null)
            {
                return true;
            }
            return stopAtDamagedTail(damage);
        }
    }

    /**
     * Checks the document just read whole: each frame lies within it and each record passes its
     * CRC. A torn write leaves zeros or cut bytes, which fail here before any record is used.
     *
     * @return what is wrong with it, or null if nothing is.
     */
    private String checkDocument()
    {
        intactRecords = 0;
        for (int at = 0; at < documentLength; intactRecords++)
        {
            if (documentLength - at < Integer.BYTES)
            {
                return "it ends inside a record frame";
            }
            final int frame = documentBuffer.getInt(at, ByteOrder.LITTLE_ENDIAN);
            final int length = frame & JournalCodec.FRAME_LENGTH_MASK;
            if (length <= 0 || length > JournalCodec.maxRecordLength() || length > documentLength - at - Integer.BYTES)
            {
                return "its record " + (intactRecords + 1) + " has a record frame of " + length + " bytes, " +
                    (documentLength - at - Integer.BYTES) + " bytes being left";
            }
            if (frame >>> JournalCodec.FRAME_FORMAT_SHIFT > JournalCodec.FORMAT_VERSION)
            {
                // A newer build's record, not damage: refused as such when it is read (useFormat).
                return null;
            }
            if (!codec.checksumMatches(documentBuffer, at + Integer.BYTES, length))
            {
                return "its record " + (intactRecords + 1) + " fails its checksum (expected sequence " +
                    (Math.max(1, expectedSequence) + intactRecords) + ")";
            }
            at += Integer.BYTES + length;
        }
        return null;
    }

    /**
     * A damaged document ends the journal if nothing valid follows it: no document Chronicle
     * counts after it, and after its end in its file only Chronicle's own complete metadata
     * (index arrays) before the first empty header word or the end-of-file marker.
     *
     * @return false: the end of the journal.
     * @throws JournalException if something valid follows it: corruption, as always.
     */
    private boolean stopAtDamagedTail(final String damage)
    {
        if (!headerSeen)
        {
            // No whole document before it: a foreign queue, or a journal whose header is corrupt.
            throw new JournalException("journal document at index " + Long.toHexString(lastIndex) + " is damaged: " +
                damage + ": not an omnistock journal, or corrupt");
        }
        final long queueLast = queue.lastIndex();
        if (queueLast != lastIndex || documentFile == null ||
            !JournalEnd.nothingAfter(documentFile, documentHeaderAt + Integer.BYTES + documentLength))
        {
            throw new JournalException("journal document at index " + Long.toHexString(lastIndex) + " is damaged: " +
                damage + ", but the journal goes on after it" +
                (queueLast != lastIndex ? " to index " + Long.toHexString(queueLast) : "") + ": the journal is corrupt");
        }
        damagedTail = new DamagedTail(documentFile, documentHeaderAt,
            JournalEnd.readInt(documentFile, documentHeaderAt), lastIndex, Math.max(0, expectedSequence - 1), intactRecords, damage);
        documentLength = 0;
        frameAt = 0;
        return false;
    }

    /**
     * @return the damaged last document reading stopped before, or null if the journal ends
     *     cleanly; call once {@link #next} has returned false. At a clean end it also looks past
     *     the last document read, for a document Chronicle does not count (a header left not
     *     complete, or an empty header where the queue's write position says one was written):
     *     the queue's next append would go after it and leave it unreadable in the middle.
     */
    public DamagedTail damagedTail()
    {
        if (damagedTail == null && !endInspected && documentFile != null &&
            queue instanceof SingleChronicleQueue scq && documentCycle == scq.lastCycle())
        {
            endInspected = true;
            damagedTail = JournalEnd.uncountedTail(scq, documentFile, documentHeaderAt + Integer.BYTES + documentLength,
                Math.max(0, expectedSequence - 1));
        }
        return damagedTail;
    }

    /**
     * Copies the record last read, as journaled, for a reader that compares it later (a replay reads
     * ahead of the command it verifies).
     *
     * @param into an array to copy into, or null.
     * @return {@code into} if it holds the record, else a new array that does; the record's length is
     *     {@link #lastRecordLength()}.
     */
    public byte[] copyLastRecord(final byte[] into)
    {
        final byte[] copy = into != null && into.length >= lastLength ? into :
            new byte[Math.max(lastLength, into == null ? 256 : into.length * 2)];
        System.arraycopy(bytes, 0, copy, 0, lastLength);
        return copy;
    }

    /** @return the length in bytes of the record last read. */
    public int lastRecordLength()
    {
        return lastLength;
    }

    /**
     * @return the format of the record last read (the header comes first, so it is known once a
     *     record has been read).
     */
    public int formatVersion()
    {
        return codec.version();
    }

    /**
     * @return the logic version the journal's header says the journal starts in (1 for formats 1
     *     and 2, whose headers name none), or 0 before the header has been read.
     */
    public int initialLogicVersion()
    {
        return initialLogicVersion;
    }

    /**
     * @return the queue index of the record last read.
     */
    public long lastIndex()
    {
        return lastIndex;
    }

    @Override
    public void close()
    {
        tailer.close();
    }
}

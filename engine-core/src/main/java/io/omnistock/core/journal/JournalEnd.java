package io.omnistock.core.journal;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;
import net.openhft.chronicle.wire.Wires;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How a journal's last cycle file ends, read below Chronicle's API (header words in the file, the
 * queue's write position): for {@link JournalReader} to tell a torn tail, which ends the journal,
 * from damage with something valid after it, which is corruption. Chronicle counts only complete
 * documents, so what a crash left half written is visible here only.
 */
final class JournalEnd
{
    /** Chronicle metadata documents (index arrays) stepped over when looking past the last document. */
    private static final int END_WALK_STEPS = 64;

    private JournalEnd()
    {
    }

    /**
     * @return whether nothing valid follows {@code from} in {@code file}: only Chronicle's own
     *     complete metadata (index arrays) before the first empty header word or the end-of-file marker.
     */
    static boolean nothingAfter(final Path file, final long from)
    {
        return endsAt(file, pastMetadata(file, from));
    }

    /**
     * Looks past the last document read (it ends at {@code from} in {@code file}, the queue's last
     * cycle), for a document Chronicle does not count: a header left not complete, or an empty
     * header where the queue's write position says one was written.
     *
     * @param lastSequence the sequence of the last command read, for the report.
     * @return that document as the journal's damaged tail, or null at a clean end.
     * @throws JournalException if such a document has something valid after it.
     */
    static DamagedTail uncountedTail(final SingleChronicleQueue queue, final Path file, final long from,
        final long lastSequence)
    {
        // The write position first: a writer completes a header before it moves the write
        // position onto it, so a header still empty once the position names it is damage, not a
        // document being written.
        final long written = writePosition(queue);
        final long at = pastMetadata(file, from);
        final int header = readInt(file, at);
        if (header == 0 && written > at)
        {
            throw new JournalException("the journal's document at byte offset " + at + " of " + file +
                " is empty, but the queue's write position names a document after it, at byte offset " + written +
                ": the journal goes on after an unreadable document; the journal is corrupt");
        }
        if (header == 0 && written == at)
        {
            return new DamagedTail(file, at, header, -1, lastSequence, 0,
                "its header is empty, though the queue's write position names it as written");
        }
        if (header != 0 && header != Wires.END_OF_DATA && Wires.isNotComplete(header))
        {
            if (!nothingAfter(file, at + Integer.BYTES + Wires.lengthOf(header)))
            {
                throw new JournalException("the journal's document at byte offset " + at + " of " + file +
                    " was left not complete, but the journal goes on after it: the journal is corrupt");
            }
            return new DamagedTail(file, at, header, -1, lastSequence, 0, "Chronicle's header of it was left not complete");
        }
        return null; // the clean end, or a document appended meanwhile
    }

    /** @return the queue's write position in the last cycle (the header of its last document), or -1. */
    private static long writePosition(final SingleChronicleQueue queue)
    {
        final SingleChronicleQueueStore store = queue.storeForCycle(queue.lastCycle(), queue.epoch(), false, null);
        if (store == null)
        {
            return -1;
        }
        try
        {
            return store.writePosition();
        }
        finally
        {
            queue.closeStore(store);
        }
    }

    /**
     * @return the position of the first of Chronicle's header words from {@code from} on (4-byte
     *     aligned, as Chronicle pads) that is not a complete metadata document (an index array).
     */
    private static long pastMetadata(final Path file, final long from)
    {
        long at = (from + 3) & ~3L;
        for (int step = 0; step < END_WALK_STEPS; step++)
        {
            final int header = readInt(file, at);
            if (header == 0 || !Wires.isReadyMetaData(header))
            {
                return at;
            }
            at = (at + Integer.BYTES + Wires.lengthOf(header) + 3) & ~3L;
        }
        return at;
    }

    /** @return whether the journal's file ends at this header word: empty, or the end-of-file marker. */
    private static boolean endsAt(final Path file, final long at)
    {
        final int header = readInt(file, at);
        return header == 0 || header == Wires.END_OF_DATA;
    }

    /** @return the little-endian int at {@code position} of the file, 0 past its end. */
    static int readInt(final Path file, final long position)
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            return DamagedTailRepair.readInt(channel, position);
        }
        catch (final IOException e)
        {
            throw new JournalException("cannot read " + file + " at byte " + position + ": " + e.getMessage());
        }
    }
}

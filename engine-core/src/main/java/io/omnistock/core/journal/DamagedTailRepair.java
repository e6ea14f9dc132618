package io.omnistock.core.journal;

import net.openhft.chronicle.wire.Wires;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Sets a journal's damaged last document aside so that the journal ends cleanly before it: the
 * whole cycle file is copied next to it first (never deleted), then the damaged document's
 * Chronicle header word alone is rewritten as a complete metadata document of the same extent.
 * Only the engine does this, at start, holding the journal's lock and with the queue closed.
 *
 * <p>Why a metadata header, as observed with Chronicle Queue 2026.4 (DamagedTailRecoveryTest and
 * the tools' TornTailToolTest cut and zero the last document at many offsets). Chronicle's header
 * word is the length in the low 30 bits, bit 30 META_DATA and bit 31 NOT_COMPLETE; the queue's
 * write position (in the cycle file's header) names the header of the last data document written.
 * <ul>
 *   <li>A complete data header over damaged bytes: readers return the bytes and
 *       {@code lastIndex()} counts the document; an append goes after it. Left so, the journal
 *       would hold a corrupt record in its middle.</li>
 *   <li>A NOT_COMPLETE header with a length: readers stop there and {@code lastIndex()} does not
 *       count it, but when the write position names it the next append skips it by its length
 *       and writes after it, leaving an unreadable document in the middle (issue 19, item 5).</li>
 *   <li>A zero header where the write position names a document: readers stop there; the next
 *       append skips 4 bytes (a zero length) and writes behind a header that stays zero (with
 *       assertions on, Chronicle fails an assertion instead), so every later document is
 *       unreadable.</li>
 *   <li>Rewritten as {@code META_DATA | length} (complete): readers and {@code moveToIndex} skip it,
 *       {@code lastIndex()} ends before it, the next append skips it by its length, takes the
 *       index the damaged document had and writes its index entry over the old one (also when
 *       that index falls on an index-spacing boundary), and restarts read on through it. The
 *       damaged bytes stay where they were. A zero header gets the length of the non-zero bytes
 *       after it (at most one document's worth), so the next append starts on zeros.</li>
 * </ul>
 */
public final class DamagedTailRepair
{
    /** The most a document's bytes can span after its header: the reader's limit, plus padding. */
    private static final int MAX_EXTENT = JournalWriter.MAX_DOCUMENT_BYTES + Integer.BYTES;
    private static final DateTimeFormatter STAMP =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private DamagedTailRepair()
    {
    }

    /**
     * @return the copy of the cycle file as it was, beside it: {@code <file>.damaged-at-<offset>-<time>}
     *     (not a {@code .cq4} name, so Chronicle and the tools never take it for part of the journal).
     */
    public static Path setAside(final DamagedTail tail, final Instant now)
    {
        final Path file = tail.file();
        final Path copy = file.resolveSibling(file.getFileName() + ".damaged-at-" + tail.offset() + "-" + STAMP.format(now));
        try
        {
            Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
            force(copy);
            forceDirectory(file.getParent());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
            {
                final int header = readInt(channel, tail.offset());
                if (header != tail.headerWord())
                {
                    throw new JournalException("the damaged document at byte offset " + tail.offset() + " of " + file +
                        " changed while it was being set aside (header " + Integer.toHexString(tail.headerWord()) +
                        ", now " + Integer.toHexString(header) + "): is another process writing the journal?");
                }
                final long length = header == 0 ? nonZeroExtent(channel, tail.offset() + Integer.BYTES) :
                    Wires.lengthOf(header);
                final ByteBuffer word = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(0, Wires.META_DATA | (int)length);
                // One aligned 4-byte write: a crash leaves either the old header or the new one.
                channel.write(word, tail.offset());
                channel.force(false);
            }
        }
        catch (final IOException e)
        {
            throw new JournalException("cannot set aside the damaged end of journal file " + file + ": " + e);
        }
        return copy;
    }

    /** @return how far from {@code from} the last non-zero byte lies, within one document's span. */
    private static long nonZeroExtent(final FileChannel channel, final long from) throws IOException
    {
        final ByteBuffer bytes = ByteBuffer.allocate(MAX_EXTENT);
        while (bytes.hasRemaining() && channel.read(bytes, from + bytes.position()) > 0)
        {
            // read on
        }
        for (int i = bytes.position() - 1; i >= 0; i--)
        {
            if (bytes.get(i) != 0)
            {
                return i + 1;
            }
        }
        return 0;
    }

    /** @return the little-endian int at {@code position}, 0 past the file's end. */
    static int readInt(final FileChannel channel, final long position) throws IOException
    {
        final ByteBuffer word = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        while (word.hasRemaining() && channel.read(word, position + word.position()) > 0)
        {
            // read on
        }
        return word.hasRemaining() ? 0 : word.getInt(0);
    }

    private static void force(final Path file) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.force(true);
        }
    }

    private static void forceDirectory(final Path dir)
    {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ))
        {
            channel.force(true);
        }
        catch (final IOException e)
        {
            // Not every file system lets a directory be opened and forced; the copy itself is forced.
        }
    }
}

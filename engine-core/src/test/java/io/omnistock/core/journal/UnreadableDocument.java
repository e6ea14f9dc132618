package io.omnistock.core.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/** Makes one document in the middle of a closed journal unreadable, for tests in and outside this package. */
public final class UnreadableDocument
{
    private UnreadableDocument()
    {
    }

    /**
     * Sets the "not complete" bit in the header of the n-th data document after the omnistock
     * header's, as a torn or bit-flipped header leaves it. Chronicle's header word: bit 31 not
     * complete, bit 30 metadata, the low 30 bits the length; documents are 4-byte aligned.
     */
    public static void mark(final Path journal, final int n) throws IOException
    {
        final Path cycle;
        try (Stream<Path> files = Files.list(journal))
        {
            cycle = files.filter(f -> f.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        final byte[] content = Files.readAllBytes(cycle);
        final int magic = new String(content, StandardCharsets.ISO_8859_1).indexOf("OMNISTOK");
        // Chronicle's header word, then our frame length, then the record type: magic follows.
        int doc = magic - 9;
        final ByteBuffer buffer = ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++)
        {
            doc = (doc + Integer.BYTES + (buffer.getInt(doc) & 0x3FFF_FFFF) + 3) & ~3;
            while ((buffer.getInt(doc) & 0x4000_0000) != 0)
            {
                // Skip Chronicle's own metadata documents (its index).
                doc = (doc + Integer.BYTES + (buffer.getInt(doc) & 0x3FFF_FFFF) + 3) & ~3;
            }
        }
        try (FileChannel channel = FileChannel.open(cycle, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.wrap(new byte[] {(byte)(content[doc + 3] | 0x80)}), doc + 3);
        }
    }
}

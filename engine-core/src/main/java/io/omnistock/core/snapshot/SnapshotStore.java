package io.omnistock.core.snapshot;

import io.omnistock.core.state.EngineState;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * Snapshot files: {@code snapshot-<sequence>.snap}, each the full state after a journal sequence
 * and the journal position of that command. Layout: magic, format version, sequence, journal
 * index, the state, then a CRC32C of everything before it. Written to a temporary file, forced
 * to disk and renamed atomically, so a crash never leaves a half snapshot under a real name; a
 * snapshot that fails its CRC anyway is reported and skipped in favour of an older one.
 */
public final class SnapshotStore
{
    /** "OMNISNAP" as a big-endian long (DataOutput is big-endian). */
    static final long MAGIC = 0x4F4D4E49534E4150L;
    /**
     * The format written: 8 adds the forecast master data (after the webhooks); 7 adds the API key and webhook tables (after the logic version); 6 each idempotency
     * entry's request fingerprint; 5 the logic version; 4 linked a request to the transfer made from it.
     */
    public static final int FORMAT_VERSION = 8;
    /** The oldest format still read: 3, whose requests are linked to their transfers on load. */
    static final int OLDEST_VERSION = 3;
    private static final String PREFIX = "snapshot-";
    private static final String SUFFIX = ".snap";

    private final Path dir;
    private final int keep;

    /**
     * @param dir  where snapshots live; created on first write.
     * @param keep how many of the newest snapshots to keep; older ones are deleted after a write.
     */
    public SnapshotStore(final Path dir, final int keep)
    {
        if (keep < 1)
        {
            throw new IllegalArgumentException("keep at least one snapshot");
        }
        this.dir = dir;
        this.keep = keep;
    }

    /**
     * A snapshot found on disk and loaded.
     *
     * @param file         the file.
     * @param sequence     the journal sequence of the last command the snapshot contains.
     * @param journalIndex the journal queue index of that command, or -1.
     * @param state        the loaded state.
     */
    public record Loaded(Path file, long sequence, long journalIndex, EngineState state)
    {
    }

    /**
     * @return the file written.
     */
    public Path write(final EngineState state, final long journalIndex)
    {
        try
        {
            Files.createDirectories(dir);
            final Path target = dir.resolve(fileName(state.lastSequence()));
            final Path tmp = dir.resolve(target.getFileName() + ".tmp");
            try
            {
                writeTemporary(tmp, state, journalIndex);
            }
            catch (final IOException | RuntimeException e)
            {
                // A snapshot that failed part way (a full disk) must not leave its half behind: pruning
                // only knows finished snapshots, so repeated failures would fill the disk.
                Files.deleteIfExists(tmp);
                throw e;
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            pruneOlderThanNewest();
            return target;
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot write snapshot to " + dir, e);
        }
    }

    private static void writeTemporary(final Path tmp, final EngineState state, final long journalIndex)
        throws IOException
    {
        final CRC32C crc = new CRC32C();
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING))
        {
            final OutputStream raw = java.nio.channels.Channels.newOutputStream(channel);
            final DataOutputStream out = new DataOutputStream(
                new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16), crc));
            out.writeLong(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeLong(state.lastSequence());
            out.writeLong(journalIndex);
            state.writeTo(out);
            out.flush();
            final DataOutputStream trailer = new DataOutputStream(new BufferedOutputStream(raw, 8));
            trailer.writeInt((int)crc.getValue());
            trailer.flush();
            channel.force(true);
        }
    }

    /**
     * Loads the newest snapshot that passes its checks. Each one that does not is described in
     * {@code problems} and skipped.
     *
     * @param freshState makes the empty state to load into.
     * @param problems   receives a sentence per rejected snapshot.
     * @return the loaded snapshot, or {@code null} when there is none usable.
     */
    public Loaded loadNewest(final Supplier<EngineState> freshState, final List<String> problems)
    {
        for (final Path file : newestFirst())
        {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                SnapshotInput in = new SnapshotInput(channel, verifyChecksum(channel) - Integer.BYTES))
            {
                return load(file, in, freshState.get());
            }
            catch (final IOException | RuntimeException e)
            {
                problems.add("snapshot " + file.getFileName() + " rejected: " + e.getMessage());
            }
        }
        return null;
    }

    /** @return the file's size, once its trailer matches the CRC32C of everything before it. */
    private static long verifyChecksum(final FileChannel channel) throws IOException
    {
        final long size = channel.size();
        if (size < 32)
        {
            throw new IOException("truncated (" + size + " bytes)");
        }
        final ByteBuffer trailer = ByteBuffer.allocate(Integer.BYTES);
        while (trailer.hasRemaining())
        {
            if (channel.read(trailer, size - Integer.BYTES + trailer.position()) < 0)
            {
                throw new EOFException("truncated");
            }
        }
        if (trailer.getInt(0) != SnapshotInput.crc32c(channel, size - Integer.BYTES))
        {
            throw new IOException("checksum mismatch: the file is corrupt or torn");
        }
        return size;
    }

    private static Loaded load(final Path file, final SnapshotInput in, final EngineState state) throws IOException
    {
        if (in.readLong() != MAGIC)
        {
            throw new IOException("not an omnistock snapshot (wrong magic number)");
        }
        final int version = in.readInt();
        if (version < OLDEST_VERSION || version > FORMAT_VERSION)
        {
            throw new IOException("snapshot format version " + version + " is not supported (this build reads " +
                OLDEST_VERSION + " to " + FORMAT_VERSION + ")");
        }
        final long sequence = in.readLong();
        final long journalIndex = in.readLong();
        state.readFrom(in, version);
        if (state.lastSequence() != sequence)
        {
            throw new IOException("header sequence " + sequence + " disagrees with state " + state.lastSequence());
        }
        return new Loaded(file, sequence, journalIndex, state);
    }

    /**
     * @return snapshot files, newest (highest sequence) first.
     */
    public List<Path> newestFirst()
    {
        if (!Files.isDirectory(dir))
        {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir))
        {
            final List<Path> snapshots = new ArrayList<>(files
                .filter(p -> p.getFileName().toString().startsWith(PREFIX) && p.getFileName().toString().endsWith(SUFFIX))
                .toList());
            snapshots.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
            return snapshots;
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot list snapshots in " + dir, e);
        }
    }

    private void pruneOlderThanNewest() throws IOException
    {
        final List<Path> snapshots = newestFirst();
        for (int i = keep; i < snapshots.size(); i++)
        {
            Files.deleteIfExists(snapshots.get(i));
        }
    }

    private static String fileName(final long sequence)
    {
        // Zero-padded so that name order is sequence order.
        return String.format("%s%020d%s", PREFIX, sequence, SUFFIX);
    }
}

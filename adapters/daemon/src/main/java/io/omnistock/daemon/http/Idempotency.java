package io.omnistock.daemon.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Idempotency keys. A key becomes the engine command id (64 bits of SHA-256 over the API key's
 * name and the key), so the engine itself refuses to apply a retried write twice, across restarts
 * too. What request each key was first used for (a fingerprint of method, path and body) is kept
 * here and in a file, written before the command reaches the engine: a key reused for a different
 * request is refused, concurrently and after a restart alike. The first response to each key is
 * kept in memory, so a retry gets it back byte for byte; after a restart the engine's answer
 * stands in: the first outcome, marked {@code "replayed": true}.
 *
 * <p>The {@code capacity} most recent keys are remembered; the file is rewritten to those when it
 * holds twice as many records.
 */
public final class Idempotency implements AutoCloseable
{
    public static final String HEADER = "Idempotency-Key";
    static final String FILE = "idempotency-keys.bin";
    private static final int MAX_KEY_LENGTH = 255;
    /** A record: command id, then the first 128 bits of the request's SHA-256. */
    private static final int RECORD = 3 * Long.BYTES;

    private final int capacity;
    private final Path file;
    private final ConcurrentHashMap<Long, Entry> entries = new ConcurrentHashMap<>();
    /** Command ids in the order they were first used; guarded by {@code this}, as is the file. */
    private final ArrayDeque<Long> order = new ArrayDeque<>();
    private final ByteBuffer record = ByteBuffer.allocate(RECORD).order(ByteOrder.LITTLE_ENDIAN);
    private FileChannel channel;
    private long records;

    /** What a request was: the first 128 bits of SHA-256 over its method, path and body. */
    public record Fingerprint(long high, long low)
    {
    }

    /** A key's first request, and the response to it once there is one. */
    public static final class Entry
    {
        private final Fingerprint fingerprint;
        private volatile Response response;

        Entry(final Fingerprint fingerprint)
        {
            this.fingerprint = fingerprint;
        }

        /** @return the first response, or null while it is being made or after a restart. */
        public Response response()
        {
            return response;
        }
    }

    /** A remembered first response. */
    public record Response(int status, byte[] body)
    {
    }

    private Idempotency(final int capacity, final Path file)
    {
        this.capacity = capacity;
        this.file = file;
    }

    /**
     * Opens the key file in {@code dataDir}, remembering the most recent {@code capacity} keys in it.
     * A torn last record (a crash mid-write) is dropped: its command never reached the engine.
     */
    public static Idempotency open(final Path dataDir, final int capacity) throws IOException
    {
        final Idempotency keys = new Idempotency(capacity, dataDir.resolve(FILE));
        keys.load();
        return keys;
    }

    private void load() throws IOException
    {
        if (Files.exists(file))
        {
            final ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            while (all.remaining() >= RECORD)
            {
                final long commandId = all.getLong();
                final Fingerprint fingerprint = new Fingerprint(all.getLong(), all.getLong());
                if (entries.put(commandId, new Entry(fingerprint)) == null)
                {
                    order.add(commandId);
                }
                evictBeyondCapacity();
            }
        }
        rewrite();
    }

    /**
     * @param key the Idempotency-Key header, or null (the write then gets a fresh random id).
     * @return the engine command id for this write.
     */
    public long commandId(final Principal principal, final String key)
    {
        if (key == null)
        {
            // Any unpredictable, unrepeated id will do: it is never a secret, so no SecureRandom cost.
            long id;
            do
            {
                id = ThreadLocalRandom.current().nextLong();
            }
            while (id == 0);
            return id;
        }
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c > 0x20 && c < 0x7F))
        {
            throw ApiError.badRequest("INVALID_IDEMPOTENCY_KEY",
                "Idempotency-Key must be 1 to 255 printable ASCII characters without spaces");
        }
        return nonZero(sha256Long(principal.name() + '\n' + key));
    }

    /**
     * Claims a key for a request before its command is submitted. The check and the claim are one
     * step, so of two concurrent requests with one key only one can be the first.
     *
     * @return null when this is the key's first use (now recorded), else the key's first request,
     *     which was this same request.
     * @throws ApiError 422 IDEMPOTENCY_KEY_REUSED when the key was first used for another request.
     */
    public Entry claim(final long commandId, final Fingerprint fingerprint)
    {
        if (capacity == 0)
        {
            return null;
        }
        final Entry mine = new Entry(fingerprint);
        final Entry first = entries.putIfAbsent(commandId, mine);
        if (first == null)
        {
            try
            {
                record(commandId, fingerprint);
            }
            catch (final IOException e)
            {
                // The command must not run with its key unrecorded: after a restart, a retry could
                // then not tell a different request from the same one.
                entries.remove(commandId, mine);
                throw new UncheckedIOException("cannot record the Idempotency-Key in " + file, e);
            }
            return null;
        }
        if (!first.fingerprint.equals(fingerprint))
        {
            throw new ApiError(422, "IDEMPOTENCY_KEY_REUSED", "this Idempotency-Key was used for a different request");
        }
        return first;
    }

    /** Keeps the first response to a claimed key, for retries to get back byte for byte. */
    public void remember(final long commandId, final Response response)
    {
        final Entry entry = entries.get(commandId);
        if (entry != null && entry.response == null)
        {
            entry.response = response;
        }
    }

    private synchronized void record(final long commandId, final Fingerprint fingerprint) throws IOException
    {
        if (records >= 2L * capacity)
        {
            rewrite();
        }
        write(channel, commandId, fingerprint);
        records++;
        order.add(commandId);
        evictBeyondCapacity();
    }

    private void evictBeyondCapacity()
    {
        while (order.size() > capacity)
        {
            entries.remove(order.poll());
        }
    }

    /** Writes the remembered keys to a new file and swaps it in, so the file never holds a partial state. */
    private void rewrite() throws IOException
    {
        if (channel != null)
        {
            channel.close();
        }
        final Path next = file.resolveSibling(FILE + ".next");
        try (FileChannel out = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING))
        {
            for (final Long commandId : order)
            {
                write(out, commandId, entries.get(commandId).fingerprint);
            }
            out.force(true);
        }
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        records = order.size();
    }

    private void write(final FileChannel out, final long commandId, final Fingerprint fingerprint) throws IOException
    {
        record.clear();
        record.putLong(commandId).putLong(fingerprint.high()).putLong(fingerprint.low()).flip();
        while (record.hasRemaining())
        {
            out.write(record);
        }
    }

    @Override
    public synchronized void close() throws IOException
    {
        if (channel != null)
        {
            channel.close();
            channel = null;
        }
    }

    /**
     * @return a distinct command id for the i-th command of a multi-command write. The SplitMix64
     *     finaliser is a bijection, so one write's ids never collide with each other; it is cheap
     *     enough for a million-line load.
     */
    public static long derive(final long commandId, final long i)
    {
        long z = commandId + (i + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return nonZero(z ^ (z >>> 31));
    }

    static Fingerprint fingerprint(final String method, final String path, final byte[] body)
    {
        final MessageDigest request = request(method, path);
        request.update(body);
        return fingerprint(request);
    }

    /** @return a digest of the request line, for a body streamed through it to complete. */
    static MessageDigest request(final String method, final String path)
    {
        final MessageDigest sha = sha256();
        sha.update((method + ' ' + path + '\n').getBytes(StandardCharsets.UTF_8));
        return sha;
    }

    /** @return the fingerprint of a request whose body has gone through its {@link #request} digest. */
    static Fingerprint fingerprint(final MessageDigest request)
    {
        final ByteBuffer digest = ByteBuffer.wrap(request.digest());
        return new Fingerprint(digest.getLong(), digest.getLong());
    }

    private static long sha256Long(final String text)
    {
        return ByteBuffer.wrap(sha256().digest(text.getBytes(StandardCharsets.UTF_8))).getLong();
    }

    private static long nonZero(final long id)
    {
        return id == 0 ? 1 : id;
    }

    private static MessageDigest sha256()
    {
        try
        {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException e)
        {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

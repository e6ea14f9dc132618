package io.omnistock.daemon.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Idempotency keys. A key becomes the engine command id (64 bits of SHA-256 over the API key's
 * name and the key), so the engine itself refuses to apply a retried write twice, across restarts
 * too. What request each key was first used for (a fingerprint of method, path, query string,
 * caller and body) is kept here and in a file, written before the command reaches the engine: a key
 * reused for a different request is refused, concurrently and after a restart alike. Records of the
 * first file format hold a fingerprint without the query string and caller; they are still read,
 * and checked the way they were written, until they age out. The first response to each key is
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
    /** A record of the first format (a file without {@link #MAGIC}): command id, then a legacy fingerprint. */
    static final int RECORD_1 = 3 * Long.BYTES;
    /** Starts a file of the second format. */
    static final long MAGIC = 0x3230_4B44_4953_4F00L;
    /** A record of the second format: command id, fingerprint, then 1 (legacy) or 2 (current). */
    static final int RECORD_2 = RECORD_1 + 1;
    private static final byte LEGACY = 1;
    private static final byte CURRENT = 2;

    private final int capacity;
    private final Path file;
    private final ConcurrentHashMap<Long, Entry> entries = new ConcurrentHashMap<>();
    /** Command ids in the order they were first used; guarded by {@code this}, as is the file. */
    private final ArrayDeque<Long> order = new ArrayDeque<>();
    private final ByteBuffer record = ByteBuffer.allocate(RECORD_2).order(ByteOrder.LITTLE_ENDIAN);
    private FileChannel channel;
    private long records;

    /** What a request was: the first 128 bits of a SHA-256 over it. */
    public record Fingerprint(long high, long low)
    {
    }

    /**
     * A request's fingerprints: {@code current} over method, path, query string, caller and body;
     * {@code legacy} over method, path and body, as records of the first format were written.
     */
    public record Fingerprints(Fingerprint current, Fingerprint legacy)
    {
    }

    /** A key's first request, and the response to it once there is one. */
    public static final class Entry
    {
        private final Fingerprint fingerprint;
        /** Whether the fingerprint is a legacy one, written before the query string and caller counted. */
        private final boolean legacy;
        private volatile Response response;

        Entry(final Fingerprint fingerprint, final boolean legacy)
        {
            this.fingerprint = fingerprint;
            this.legacy = legacy;
        }

        boolean matches(final Fingerprints request)
        {
            return fingerprint.equals(legacy ? request.legacy() : request.current());
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
            final boolean second = all.remaining() >= Long.BYTES && all.getLong(0) == MAGIC;
            if (second)
            {
                all.position(Long.BYTES);
            }
            while (all.remaining() >= (second ? RECORD_2 : RECORD_1))
            {
                final long commandId = all.getLong();
                final Fingerprint fingerprint = new Fingerprint(all.getLong(), all.getLong());
                final boolean legacy = !second || all.get() == LEGACY;
                if (entries.put(commandId, new Entry(fingerprint, legacy)) == null)
                {
                    order.add(commandId);
                }
                evictBeyondCapacity();
            }
        }
        // Always in the second format from here on; legacy records keep their mark.
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
    public Entry claim(final long commandId, final Fingerprints request)
    {
        if (capacity == 0)
        {
            return null;
        }
        final Entry mine = new Entry(request.current(), false);
        final Entry first = entries.putIfAbsent(commandId, mine);
        if (first == null)
        {
            try
            {
                record(commandId, mine);
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
        if (!first.matches(request))
        {
            throw new ApiError(422, "IDEMPOTENCY_KEY_REUSED", "this Idempotency-Key was used for a different " +
                "request (another method, path, query string, API key or body)");
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

    private synchronized void record(final long commandId, final Entry entry) throws IOException
    {
        if (records >= 2L * capacity)
        {
            rewrite();
        }
        write(channel, commandId, entry);
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
            final ByteBuffer magic = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(MAGIC).flip();
            while (magic.hasRemaining())
            {
                out.write(magic);
            }
            for (final Long commandId : order)
            {
                write(out, commandId, entries.get(commandId));
            }
            out.force(true);
        }
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        records = order.size();
    }

    private void write(final FileChannel out, final long commandId, final Entry entry) throws IOException
    {
        record.clear();
        record.putLong(commandId).putLong(entry.fingerprint.high()).putLong(entry.fingerprint.low())
            .put(entry.legacy ? LEGACY : CURRENT).flip();
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

    /**
     * The digests of one request, fed its body as it is read. The query string is taken as sent
     * (its order counts) and the caller by its API key's name, the identity its command ids carry.
     */
    static final class RequestDigest
    {
        private final MessageDigest current = sha256();
        private final MessageDigest legacy = sha256();

        RequestDigest(final String method, final String path, final String query, final String caller)
        {
            legacy.update((method + ' ' + path + '\n').getBytes(StandardCharsets.UTF_8));
            // Lengths first, so no field's text can pass for another's.
            for (final String field : new String[] {method, path, query, caller})
            {
                final byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
                current.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
                current.update(bytes);
            }
        }

        static RequestDigest of(final Call call)
        {
            return new RequestDigest(call.method(), call.requestPath(), call.queryString(),
                call.principal() == null ? "" : call.principal().name());
        }

        RequestDigest update(final byte[] body, final int offset, final int length)
        {
            current.update(body, offset, length);
            legacy.update(body, offset, length);
            return this;
        }

        /** @return {@code in}, with every byte read from it going through both digests. */
        InputStream digesting(final InputStream in)
        {
            return new DigestInputStream(new DigestInputStream(in, current), legacy);
        }

        Fingerprints fingerprints()
        {
            return new Fingerprints(fingerprint(current), fingerprint(legacy));
        }

        private static Fingerprint fingerprint(final MessageDigest digest)
        {
            final ByteBuffer bytes = ByteBuffer.wrap(digest.digest());
            return new Fingerprint(bytes.getLong(), bytes.getLong());
        }
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

package io.omnistock.daemon.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Idempotency keys. A key becomes the engine command id (64 bits of SHA-256 over the API key's
 * name and the key), so the engine itself refuses to apply a retried write twice, across restarts
 * too. What request each key was first used for travels with its command: the request's
 * fingerprint (64 bits of SHA-256 over method, path, query string, caller and body) is journaled
 * inside the command and kept in the engine's idempotency window beside the id, so a key reused
 * for a different request is refused by the engine ({@code IDEMPOTENCY_KEY_REUSED}, 422) with
 * nothing applied, concurrently and after any restart alike, and the check survives whatever its
 * command survives, at no cost of its own (journal format 4, logic version 3).
 *
 * <p>The first response to each key is kept in memory ({@code capacity} most recent; a capacity
 * from 2,048 on is split in stripes by command id, each keeping its own most recent), so a retry
 * gets it back byte for byte; after a restart the engine's answer stands in: the first outcome,
 * marked {@code "replayed": true}.
 *
 * <p>Builds before journal format 4 kept fingerprints in {@code idempotency-keys.bin} instead (two
 * record formats, see {@link #RECORD_1} and {@link #RECORD_2}). Such a file is read once at start
 * and checked, never written: its keys' commands carry no fingerprint for the engine to compare.
 * Once as many new keys have been used as the file could hold ({@code capacity}), every record in
 * it would have aged out of it, and it is deleted.
 */
public final class Idempotency
{
    public static final String HEADER = "Idempotency-Key";
    /** The fingerprint file of builds before journal format 4; read, never written. */
    static final String FILE = "idempotency-keys.bin";
    private static final int MAX_KEY_LENGTH = 255;
    /** A record of the first format (a file without {@link #MAGIC}): command id, then a legacy fingerprint. */
    static final int RECORD_1 = 3 * Long.BYTES;
    /** Starts a file of the second format. */
    static final long MAGIC = 0x3230_4B44_4953_4F00L;
    /** A record of the second format: command id, fingerprint, then 1 (legacy) or 2 (current). */
    static final int RECORD_2 = RECORD_1 + 1;
    private static final byte LEGACY = 1;

    private final int capacity;
    private final Path file;
    /**
     * The remembered first responses, in stripes chosen by command id, each a {@link ResponseArena}
     * under its own lock. A ConcurrentHashMap of boxed ids with a lock-free ring beside it was 14% of
     * the I/O threads' CPU samples on batches of 256 keyed orders (async-profiler, docs/benchmarks.md
     * run 49: its counter cells and nodes); a primitive map of entry objects made one object per
     * response that the collector's refinement then tracked (run 52); the arena makes none. One
     * stripe under one lock had the two I/O threads queue on it, so a large capacity is split in up
     * to {@link #MAX_STRIPES} stripes.
     */
    private final ResponseArena[] stripes;
    private static final int MAX_STRIPES = 16;
    /** The fewest responses a stripe keeps: a small capacity stays one stripe, exactly the most recent. */
    private static final int MIN_STRIPE = 1024;
    /** The file's fingerprints, by command id, until they have aged out; then null. */
    private volatile Map<Long, FileRecord> fileRecords;
    /** Keys claimed since start, while {@link #fileRecords} is checked. */
    private final AtomicLong keysSinceStart = new AtomicLong();

    /** What a request was: the first 128 bits of a SHA-256 over it. */
    public record Fingerprint(long high, long low)
    {
    }

    /**
     * A request's fingerprints: {@code current} over method, path, query string, caller and body,
     * whose first 64 bits the engine keeps ({@link #engine()}); {@code legacy} over method, path
     * and body, as the first file format wrote them (null once no such record is checked).
     */
    public record Fingerprints(Fingerprint current, Fingerprint legacy)
    {
        /** @return the fingerprint the command carries into the journal; never 0 (0 means none). */
        public long engine()
        {
            return nonZero(current.high());
        }
    }

    /** A record of an earlier build's fingerprint file. */
    private record FileRecord(Fingerprint fingerprint, boolean legacy)
    {
        boolean matches(final Fingerprints request)
        {
            return fingerprint.equals(legacy ? request.legacy() : request.current());
        }
    }

    private Idempotency(final int capacity, final Path file)
    {
        this.capacity = capacity;
        this.file = file;
        int count = 1;
        while (count < MAX_STRIPES && (long)capacity / (count * 2L) >= MIN_STRIPE)
        {
            count *= 2;
        }
        this.stripes = new ResponseArena[count];
        for (int i = 0; i < count; i++)
        {
            stripes[i] = new ResponseArena((capacity + count - 1) / count);
        }
    }

    /**
     * Remembers the most recent {@code capacity} first responses, and reads the fingerprint file
     * an earlier build left in {@code dataDir}, if any. A torn last record (a crash mid-write) is
     * dropped: its command never reached the engine.
     */
    public static Idempotency open(final Path dataDir, final int capacity) throws IOException
    {
        final Idempotency keys = new Idempotency(capacity, dataDir.resolve(FILE));
        keys.loadFile();
        return keys;
    }

    private void loadFile() throws IOException
    {
        if (!Files.exists(file))
        {
            return;
        }
        if (capacity == 0)
        {
            // Keys were not checked with a capacity of 0, nor will they be.
            Files.delete(file);
            return;
        }
        final ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        final boolean second = all.remaining() >= Long.BYTES && all.getLong(0) == MAGIC;
        if (second)
        {
            all.position(Long.BYTES);
        }
        // The file's newest records are the ones its build still remembered.
        final LinkedHashMap<Long, FileRecord> records = new LinkedHashMap<>();
        while (all.remaining() >= (second ? RECORD_2 : RECORD_1))
        {
            final long commandId = all.getLong();
            final Fingerprint fingerprint = new Fingerprint(all.getLong(), all.getLong());
            final boolean legacy = !second || all.get() == LEGACY;
            records.putIfAbsent(commandId, new FileRecord(fingerprint, legacy));
        }
        final Iterator<Long> oldest = records.keySet().iterator();
        for (int excess = records.size() - capacity; excess > 0; excess--)
        {
            oldest.next();
            oldest.remove();
        }
        fileRecords = records.isEmpty() ? null : Map.copyOf(records);
        if (fileRecords == null)
        {
            Files.delete(file);
        }
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
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !printableAscii(key))
        {
            throw ApiError.badRequest("INVALID_IDEMPOTENCY_KEY",
                "Idempotency-Key must be 1 to 255 printable ASCII characters without spaces");
        }
        return nonZero(Sha256.ofThisThread().text(principal.name()).update((byte)'\n').text(key).finish64());
    }

    /** A loop, not {@code chars().allMatch}: a stream and a lambda per keyed write (JFR, docs/benchmarks.md run 46). */
    private static boolean printableAscii(final String key)
    {
        for (int i = 0; i < key.length(); i++)
        {
            final char c = key.charAt(i);
            if (c <= 0x20 || c >= 0x7F)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks a key's request against what is known here before its command is submitted: a
     * remembered first response, or an earlier build's fingerprint file. A key not known here goes
     * to the engine, which decides it atomically with the command.
     *
     * @return the key's first response when remembered, else null.
     * @throws ApiError 422 IDEMPOTENCY_KEY_REUSED when the key is known for another request.
     */
    public ResponseArena.Found check(final long commandId, final Fingerprints request)
    {
        if (capacity == 0)
        {
            return null;
        }
        final Map<Long, FileRecord> records = fileRecords;
        if (records != null)
        {
            final FileRecord record = records.get(commandId);
            if (keysSinceStart.incrementAndGet() >= capacity)
            {
                forgetFile();
            }
            if (record != null && !record.matches(request))
            {
                throw reused();
            }
        }
        final ResponseArena stripe = stripe(commandId);
        final ResponseArena.Found first;
        synchronized (stripe)
        {
            first = stripe.get(commandId);
        }
        if (first != null && first.fingerprint() != request.engine())
        {
            throw reused();
        }
        return first;
    }

    /** @return whether requests need their legacy fingerprint computed (an earlier build's file is checked). */
    boolean checksLegacyFingerprints()
    {
        return fileRecords != null;
    }

    static ApiError reused()
    {
        return new ApiError(422, "IDEMPOTENCY_KEY_REUSED", "this Idempotency-Key was used for a different " +
            "request (another method, path, query string, API key or body); nothing was applied");
    }

    /**
     * Keeps the first response to a key, for retries to get back byte for byte (copied: {@code body}
     * stays the caller's). A response over a quarter of its stripe's room is not kept.
     */
    public void remember(final long commandId, final long fingerprint, final int status, final byte[] body)
    {
        if (capacity == 0)
        {
            return;
        }
        final ResponseArena stripe = stripe(commandId);
        synchronized (stripe)
        {
            stripe.put(commandId, fingerprint, status, body);
        }
    }

    /** Command ids are hashes (of keys, or SplitMix64 outputs), so their low bits pick a stripe evenly. */
    private ResponseArena stripe(final long commandId)
    {
        return stripes[(int)commandId & (stripes.length - 1)];
    }

    private synchronized void forgetFile()
    {
        if (fileRecords == null)
        {
            return;
        }
        fileRecords = null;
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot delete the aged-out " + file, e);
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
     * @return the fingerprints of a request whose body is read whole ({@link Call#digestBody}), digested
     *     at once on the calling thread's {@link Sha256}.
     */
    Fingerprints fingerprints(final Call call)
    {
        if (checksLegacyFingerprints())
        {
            final RequestDigest digest = RequestDigest.of(call, this);
            call.digestBody(digest);
            return digest.fingerprints();
        }
        final Sha256 current = RequestDigest.head(Sha256.ofThisThread(), call.method(), call.requestPath(),
            call.queryString(), caller(call));
        call.digestBody(current);
        return new Fingerprints(current.finish128(), null);
    }

    private static String caller(final Call call)
    {
        return call.principal() == null ? "" : call.principal().name();
    }

    /**
     * The digests of one request, fed its body as it is read. The query string is taken as sent
     * (its order counts) and the caller by its API key's name, the identity its command ids carry.
     */
    static final class RequestDigest implements Call.BodyDigest
    {
        private final Sha256 current = new Sha256();
        /** Only while an earlier build's file is checked: a second SHA-256 per request otherwise saved. */
        private final Sha256 legacy;

        RequestDigest(final String method, final String path, final String query, final String caller,
            final boolean withLegacy)
        {
            legacy = withLegacy ? new Sha256().text(method).update((byte)' ').text(path).update((byte)'\n') : null;
            head(current, method, path, query, caller);
        }

        /** @return {@code digest}, fed what a request's fingerprint covers before its body. */
        static Sha256 head(final Sha256 digest, final String method, final String path, final String query,
            final String caller)
        {
            // Lengths first, so no field's text can pass for another's.
            return digest.field(method).field(path).field(query).field(caller);
        }

        static RequestDigest of(final Call call, final Idempotency keys)
        {
            return new RequestDigest(call.method(), call.requestPath(), call.queryString(), caller(call),
                keys.checksLegacyFingerprints());
        }

        RequestDigest update(final byte[] body, final int offset, final int length)
        {
            current.body(body, offset, length);
            if (legacy != null)
            {
                legacy.body(body, offset, length);
            }
            return this;
        }

        @Override
        public void body(final byte[] bytes, final int offset, final int length)
        {
            update(bytes, offset, length);
        }

        /** @return {@code in}, with every byte read from it going through the digests. */
        InputStream digesting(final InputStream in)
        {
            final InputStream digested = current.digesting(in);
            return legacy == null ? digested : legacy.digesting(digested);
        }

        Fingerprints fingerprints()
        {
            return new Fingerprints(current.finish128(), legacy == null ? null : legacy.finish128());
        }

    }

    private static long nonZero(final long id)
    {
        return id == 0 ? 1 : id;
    }
}

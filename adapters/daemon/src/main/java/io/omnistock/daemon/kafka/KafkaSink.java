package io.omnistock.daemon.kafka;

import io.omnistock.api.EventKind;
import io.omnistock.api.EventView;
import io.omnistock.api.InventoryEngine;
import io.omnistock.core.journal.Journal;
import io.omnistock.core.journal.JournalReader;
import io.omnistock.core.journal.JournalRecord;
import io.omnistock.daemon.events.EventJson;
import io.omnistock.daemon.events.JournalPositions;
import io.omnistock.daemon.http.OrderIds;
import io.omnistock.daemon.json.EventJsonLayout;
import io.omnistock.daemon.metrics.DaemonMetrics;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The optional Kafka sink: one loop, on a thread of its own, reads the journal from its cursor as a
 * webhook delivery loop does and publishes each wanted event as one record (keyed by SKU code, the
 * event stream's JSON as value, the journal sequence in a header) with an idempotent producer
 * (acks=all). The cursor moves only over what the broker acknowledged ({@link AckWatermark}) and is
 * written to {@link KafkaCursor} at most {@link #CURSOR_FLUSH_MILLIS} after it moves and on close:
 * at least once, never a gap. A failed record ends the producer session: a new producer starts after
 * a backoff from the cursor, re-sending what followed it. A broker that is down holds up this loop
 * only: the engine never waits for it.
 */
public final class KafkaSink implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSink.class);
    static final long CURSOR_FLUSH_MILLIS = 500;
    /** The record header carrying the command's journal sequence, as decimal text. */
    public static final String SEQUENCE_HEADER = "omnistock-sequence";
    /** The event's place among its command's events (0, 1, ...): with the sequence, an event's identity. */
    public static final String EVENT_HEADER = "omnistock-event";
    /** The event kind, so a consumer can filter without parsing the value. */
    public static final String KIND_HEADER = "omnistock-kind";
    /** Commands sent and not yet all acknowledged at most: past it the loop waits (a broker that is down). */
    static final int MAX_PENDING_COMMANDS = 65_536;
    private static final long RETRY_INITIAL_MILLIS = 500;
    private static final long RETRY_MAX_MILLIS = 30_000;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final long FIRST_IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long LAST_IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long NOT_LEADING_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** The producer settings the sink sets itself: the guarantees depend on them. */
    private static final Set<String> OWN = Set.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
        ProducerConfig.TRANSACTIONAL_ID_CONFIG);

    /**
     * The settings ({@code kafka.*}).
     *
     * @param kinds    the event kinds published; empty: every kind.
     * @param channel  the channel code whose order, allocation and reservation events are published
     *                 (other channels' are left out), or null for every channel's.
     * @param producer producer settings passed through ({@code kafka.properties.*} without the prefix):
     *                 TLS, SASL, batching, compression...
     */
    public record Settings(String bootstrapServers, String topic, Set<EventKind> kinds, String channel,
        Map<String, String> producer)
    {
        public Settings
        {
            kinds = kinds.isEmpty() ? EnumSet.allOf(EventKind.class) : EnumSet.copyOf(kinds);
            producer = Map.copyOf(new TreeMap<>(producer));
        }

        /**
         * Checks what can be checked without a broker: the bootstrap list's form, the topic's name and
         * every producer setting as Kafka parses it, with the guarantees' settings kept.
         *
         * @throws IllegalArgumentException naming the setting ({@code kafka.*}) that is wrong.
         */
        public Settings check()
        {
            checkBootstrap(bootstrapServers);
            if (topic == null || topic.isEmpty())
            {
                throw new IllegalArgumentException("kafka.topic must name the topic to publish to when " +
                    "kafka.bootstrap-servers is set");
            }
            try
            {
                Topic.validate(topic);
            }
            catch (final RuntimeException e)
            {
                throw new IllegalArgumentException("kafka.topic '" + topic + "' is not a topic name: " + e.getMessage());
            }
            for (final String key : producer.keySet())
            {
                if (OWN.contains(key))
                {
                    throw new IllegalArgumentException("kafka.properties." + key + " cannot be set: " +
                        (key.equals(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) ? "use kafka.bootstrap-servers" :
                            "the sink sets it itself"));
                }
                if (!ProducerConfig.configNames().contains(key))
                {
                    throw new IllegalArgumentException("kafka.properties." + key + " is not a Kafka producer setting");
                }
            }
            requireValue(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, Set.of("true"), "the sequence anchors " +
                "idempotence: retries must not duplicate or reorder records");
            requireValue(ProducerConfig.ACKS_CONFIG, Set.of("all", "-1"), "the cursor moves only over records " +
                "every in-sync replica holds");
            try
            {
                // Parsed as the producer will (types, ranges, enums), without its log of every value.
                ProducerConfig.configDef().parse(properties());
            }
            catch (final org.apache.kafka.common.config.ConfigException e)
            {
                throw new IllegalArgumentException("kafka.properties: " + e.getMessage());
            }
            return this;
        }

        private void requireValue(final String key, final Set<String> allowed, final String why)
        {
            final String value = producer.get(key);
            if (value != null && !allowed.contains(value.trim().toLowerCase(Locale.ROOT)))
            {
                throw new IllegalArgumentException("kafka.properties." + key + " must be " + String.join(" or ", allowed) +
                    " (or left out), got '" + value + "': " + why);
            }
        }

        /** @return the producer's properties: those passed through, then the sink's own. */
        public Properties properties()
        {
            final Properties p = new Properties();
            p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "omnistock-daemon");
            p.putAll(producer);
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            return p;
        }
    }

    /** host:port[,host:port...], an IPv6 address in brackets; names are resolved by the producer, not here. */
    private static void checkBootstrap(final String servers)
    {
        for (final String entry : servers.split(",", -1))
        {
            final String e = entry.trim();
            final int colon = e.lastIndexOf(':');
            final String host = colon < 0 ? "" : e.substring(0, colon);
            int port = -1;
            try
            {
                port = colon < 0 ? -1 : Integer.parseInt(e.substring(colon + 1));
            }
            catch (final NumberFormatException notANumber)
            {
                // Reported below.
            }
            final boolean bracketed = host.startsWith("[") && host.endsWith("]") && host.length() > 2;
            if (host.isEmpty() || port < 1 || port > 65_535 || (host.contains(":") && !bracketed) ||
                host.contains("/") || host.contains(" "))
            {
                throw new IllegalArgumentException("kafka.bootstrap-servers must be host:port pairs, comma-separated " +
                    "(an IPv6 address in brackets), got '" + servers + "'");
            }
        }
    }

    private final Path journalDir;
    private final InventoryEngine engine;
    private final LongSupplier lastSequence;
    private final BooleanSupplier publishes;
    private final Settings settings;
    private final Function<Properties, Producer<byte[], byte[]>> producers;
    private final KafkaCursor store;
    private final AtomicLong cursor;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final JournalPositions positions = new JournalPositions();
    private final ScheduledExecutorService flusher;
    private final Thread thread;
    private volatile String lastError;
    private volatile boolean stopped;
    private long writtenCursor;
    private int channelId = -1;
    private boolean closed;

    private KafkaSink(final Path dataDir, final Path journalDir, final InventoryEngine engine, final LongSupplier lastSequence,
        final BooleanSupplier publishes, final Settings settings, final Function<Properties, Producer<byte[], byte[]>> producers,
        final long cursor)
    {
        this.journalDir = journalDir;
        this.engine = engine;
        this.lastSequence = lastSequence;
        this.publishes = publishes;
        this.settings = settings;
        this.producers = producers;
        this.store = new KafkaCursor(dataDir);
        this.cursor = new AtomicLong(cursor);
        this.writtenCursor = cursor;
        this.thread = new Thread(this::run, "omnistock-kafka");
        thread.setDaemon(true);
        this.flusher = Executors.newSingleThreadScheduledExecutor(r ->
        {
            final Thread t = new Thread(r, "omnistock-kafka-cursor");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Reads the cursor; {@link #start()} starts publishing from it. Without a cursor for this topic the
     * sink starts at the journal's present: the events of commands after the last one applied.
     *
     * @param publishes whether this process publishes now: always for the embedded engine; in cluster
     *                  mode while its member leads, so that one member publishes.
     */
    public static KafkaSink open(final Path dataDir, final Path journalDir, final InventoryEngine engine,
        final LongSupplier lastSequence, final BooleanSupplier publishes, final Settings settings) throws IOException
    {
        return open(dataDir, journalDir, engine, lastSequence, publishes, settings, KafkaProducer::new);
    }

    /** With a producer factory of the caller's (a test's MockProducer). */
    static KafkaSink open(final Path dataDir, final Path journalDir, final InventoryEngine engine,
        final LongSupplier lastSequence, final BooleanSupplier publishes, final Settings settings,
        final Function<Properties, Producer<byte[], byte[]>> producers) throws IOException
    {
        final KafkaCursor store = new KafkaCursor(dataDir);
        final KafkaCursor.Stored stored = store.read();
        final long journalEnd;
        try (ChronicleQueue queue = Journal.open(journalDir, false))
        {
            journalEnd = JournalReader.lastSequence(queue);
        }
        long cursor = journalEnd;
        if (stored != null && stored.topic().equals(settings.topic()))
        {
            cursor = stored.sequence();
            if (cursor > journalEnd)
            {
                // Waiting for the journal to reach the cursor would skip, unseen, every command up to it.
                LOG.warn("kafka: the cursor {} is past the journal's last sequence {} (a data directory restored " +
                    "from an older copy?); publishing from {} on, so the topic gets sequences up to {} again, for " +
                    "other commands than before", cursor, journalEnd, journalEnd + 1, cursor);
                cursor = journalEnd;
            }
        }
        else if (stored != null)
        {
            LOG.warn("kafka: {} holds the cursor of topic {}, not {}: publishing to {} from the journal's present " +
                "(sequence {}) on", store.file(), stored.topic(), settings.topic(), settings.topic(), journalEnd + 1);
        }
        final KafkaSink sink = new KafkaSink(dataDir, journalDir, engine, lastSequence, publishes, settings, producers, cursor);
        sink.store.write(settings.topic(), cursor);
        return sink;
    }

    public void start()
    {
        thread.start();
        flusher.scheduleWithFixedDelay(this::flushCursor, CURSOR_FLUSH_MILLIS, CURSOR_FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        LOG.info("kafka: publishing to topic {} at {} from sequence {}", settings.topic(), settings.bootstrapServers(),
            cursor.get() + 1);
    }

    /** @return the last journal sequence all of whose wanted events the topic acknowledged. */
    public long cursor()
    {
        return cursor.get();
    }

    /** @return why the last record or producer failed, or null after a success. */
    public String lastError()
    {
        return lastError;
    }

    public DaemonMetrics.KafkaFigures figures()
    {
        return new DaemonMetrics.KafkaFigures(published.get(), failed.get(), Math.max(0, lastSequence.getAsLong() - cursor.get()));
    }

    /** Stops the loop, gives the records sent a moment to be acknowledged, and writes the cursor. */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        stopped = true;
        LockSupport.unpark(thread);
        join(TimeUnit.SECONDS.toMillis(2));
        if (thread.isAlive())
        {
            // Blocked in send (waiting for metadata from a broker that is down): wake it.
            thread.interrupt();
            join(CLOSE_TIMEOUT.toMillis() + 2_000);
        }
        flusher.shutdownNow();
        flushCursor();
    }

    private void join(final long millis)
    {
        try
        {
            thread.join(millis);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void run()
    {
        // Failed sessions in a row that got nothing through: the pause doubles with each.
        int failures = 0;
        while (!stopped)
        {
            final boolean progressed = session();
            if (stopped)
            {
                return;
            }
            failures = progressed ? 1 : failures + 1;
            pause(Math.min(RETRY_MAX_MILLIS, RETRY_INITIAL_MILLIS << Math.min(failures - 1, 16)));
        }
    }

    /**
     * One producer: publishes from the cursor until a record fails or the sink stops.
     *
     * @return whether the cursor moved during it (a failure after progress retries soon again).
     */
    private boolean session()
    {
        final long from = cursor.get();
        final AckWatermark watermark = new AckWatermark(cursor);
        failure.set(null);
        Producer<byte[], byte[]> producer = null;
        try (ChronicleQueue queue = Journal.open(journalDir, false); JournalReader reader = JournalReader.tailing(queue))
        {
            final Map.Entry<Long, Long> near = positions.atOrBefore(from);
            if (near != null)
            {
                reader.seekAfter(near.getValue(), near.getKey());
            }
            producer = producers.apply(settings.properties());
            final EventJson json = new EventJson(engine);
            long idlePark = FIRST_IDLE_PARK_NANOS;
            while (!stopped && failure.get() == null)
            {
                if (!publishes.getAsBoolean() || watermark.pending() >= MAX_PENDING_COMMANDS)
                {
                    LockSupport.parkNanos(NOT_LEADING_PARK_NANOS);
                    continue;
                }
                final JournalRecord slot = reader.nextRecord();
                if (slot == null)
                {
                    LockSupport.parkNanos(idlePark);
                    idlePark = Math.min(2 * idlePark, LAST_IDLE_PARK_NANOS);
                    continue;
                }
                idlePark = FIRST_IDLE_PARK_NANOS;
                positions.sample(slot.sequence(), reader.lastIndex());
                if (slot.sequence() > from)
                {
                    publish(producer, watermark, slot, json);
                }
            }
        }
        catch (final RuntimeException e)
        {
            if (!stopped)
            {
                failure.compareAndSet(null, e);
            }
        }
        finally
        {
            close(producer, watermark);
        }
        final Exception e = failure.get();
        if (e != null && !stopped)
        {
            lastError = "after sequence " + cursor.get() + ": " + e;
            LOG.warn("kafka: publishing failed after sequence {} ({}); a new producer publishes from there " +
                "after a pause", cursor.get(), e.toString());
        }
        return cursor.get() > from;
    }

    /** On a failure the records not yet sent are aborted at once; on a stop they get a moment to be acknowledged. */
    private void close(final Producer<byte[], byte[]> producer, final AckWatermark watermark)
    {
        if (failure.get() != null)
        {
            watermark.abandon();
        }
        if (producer == null)
        {
            return;
        }
        // An interrupt from close() has done its work (woken a blocked send): the producer may now wait.
        Thread.interrupted();
        try
        {
            producer.close(watermark.abandoned() ? Duration.ZERO : CLOSE_TIMEOUT);
        }
        catch (final RuntimeException e)
        {
            LOG.warn("kafka: closing the producer failed: {}", e.toString());
        }
        watermark.abandon();
    }

    /** Sends the command's wanted events, one record each, in the command's order. */
    private void publish(final Producer<byte[], byte[]> producer, final AckWatermark watermark, final JournalRecord slot,
        final EventJson json)
    {
        int wanted = 0;
        for (int i = 0; i < slot.eventCount(); i++)
        {
            final EventView events = slot.event(i);
            wanted += wants(events) ? 1 : 0;
        }
        final long sequence = slot.sequence();
        watermark.sent(sequence, wanted);
        final byte[] sequenceText = Long.toString(sequence).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < slot.eventCount() && failure.get() == null; i++)
        {
            final EventView events = slot.event(i);
            if (!wants(events))
            {
                continue;
            }
            final StringBuilder value = new StringBuilder(256);
            json.write(value, slot, events);
            final String sku = events.sku() >= 0 ? engine.skuCode(events.sku()) : null;
            final RecordHeaders headers = new RecordHeaders();
            headers.add(new RecordHeader(SEQUENCE_HEADER, sequenceText));
            headers.add(new RecordHeader(EVENT_HEADER, Integer.toString(i).getBytes(StandardCharsets.US_ASCII)));
            headers.add(new RecordHeader(KIND_HEADER, events.kind().name().getBytes(StandardCharsets.US_ASCII)));
            // Events without a SKU share the empty key: they keep journal order among themselves.
            final byte[] key = (sku == null ? "" : sku).getBytes(StandardCharsets.UTF_8);
            final ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(settings.topic(), null, slot.timestamp(), key,
                value.toString().getBytes(StandardCharsets.UTF_8), headers);
            try
            {
                producer.send(record, (metadata, error) ->
                {
                    if (error == null)
                    {
                        published.incrementAndGet();
                        watermark.acked(sequence);
                    }
                    else if (!watermark.abandoned())
                    {
                        failed.incrementAndGet();
                        failure.compareAndSet(null, error);
                    }
                });
            }
            catch (final RuntimeException e)
            {
                // Refused before it was queued: no metadata within max.block.ms (no such topic, no broker), too large...
                if (!stopped)
                {
                    failed.incrementAndGet();
                }
                throw e;
            }
        }
    }

    /** As a webhook subscription filters: a kind it names, and for a channel sink its channel's. */
    private boolean wants(final EventView e)
    {
        if (!settings.kinds().contains(e.kind()))
        {
            return false;
        }
        if (settings.channel() == null || !EventJsonLayout.isChannelEvent(e.kind()))
        {
            return true;
        }
        if (channelId < 0)
        {
            // Looked up until the channel is defined: the sink may be configured before it is.
            channelId = engine.channelId(settings.channel());
        }
        return channelId >= 0 && OrderIds.channel(EventJsonLayout.channelScopedId(e)) == channelId;
    }

    private void pause(final long millis)
    {
        final long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (long left; !stopped && (left = until - System.nanoTime()) > 0; )
        {
            LockSupport.parkNanos(left);
        }
    }

    private synchronized void flushCursor()
    {
        final long now = cursor.get();
        if (now == writtenCursor)
        {
            return;
        }
        try
        {
            store.write(settings.topic(), now);
            writtenCursor = now;
        }
        catch (final IOException | RuntimeException e)
        {
            LOG.warn("kafka: could not write {}; trying again (a restart re-sends from the last cursor written)",
                store.file(), e);
        }
    }
}

package io.omnistock.daemon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kafka sink end to end: a real single-node KRaft broker in a child JVM on its own classpath
 * ({@link KafkaBroker}), the real daemon configured with the sink, orders over HTTP, and the topic
 * read back with kafka-clients' consumer. Every event the daemon's own event stream serves is in
 * the topic with the same JSON, its sequence in a header, in journal order per key; a graceful
 * restart re-sends nothing; a broker stopped and started again mid-run, and a kill -9, lose nothing
 * (a kill -9 may re-send, as at least once allows: same sequence, same event, same value).
 */
class KafkaSinkIT
{
    private static final String TOPIC = "omnistock-events";
    private static final String KINDS = "STOCK_CHANGED,ORDER_CHANGED,ALLOCATION_CHANGED";
    private static final List<String> SKUS = List.of("TEA", "RICE", "MILK");

    @TempDir
    Path dir;

    /** One record as read back: where it sits, and what the sink put in it. */
    record Published(int partition, long offset, String key, long sequence, int event, String kind, String value)
    {
        String id()
        {
            return sequence + ":" + event;
        }
    }

    private int orders;
    private final long startNanos = System.nanoTime();

    /** Where the minute goes, in the test's output: the broker's and the daemon's starts and stops dominate. */
    private void phase(final String what)
    {
        System.out.println("KafkaSinkIT +" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos) + " ms: " + what);
    }

    private void order(final Client admin) throws Exception
    {
        orders++;
        admin.ok("/v1/orders", "{\"orderId\":" + orders + ",\"channel\":\"app\",\"type\":\"regular\",\"lat\":31.2,\"lon\":121.4,\"lines\":[" +
            "{\"sku\":\"" + SKUS.get(orders % 3) + "\",\"quantity\":1},{\"sku\":\"" + SKUS.get((orders + 1) % 3) +
            "\",\"quantity\":2}]}");
    }

    @Test
    void publishesEveryEventInOrderPerKeyThroughRestartsOfTheDaemonAndTheBroker() throws Exception
    {
        final Path config = dir.resolve("omnistock.properties");
        final Path data = dir.resolve("data");
        final Map<String, String> env = Map.of("OMNISTOCK_SNAPSHOT_INTERVAL_SECONDS", "0");
        try (KafkaBroker broker = new KafkaBroker(dir.resolve("kafka")).start())
        {
            phase("broker formatted and started");
            broker.createTopic(TOPIC, 3);
            Files.writeString(config, "kafka.bootstrap-servers=" + broker.bootstrap() + "\nkafka.topic=" + TOPIC +
                "\nkafka.kinds=" + KINDS + "\nkafka.properties.linger.ms=5\nkafka.properties.client.id=kafka-sink-it\n");

            try (DaemonProcess daemon = new DaemonProcess(data, env).config(config).start())
            {
                final Client admin = new Client(daemon, daemon.adminKey());
                admin.ok("/v1/locations", "{\"code\":\"S1\",\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}");
                admin.ok("/v1/channels", "{\"code\":\"app\",\"holdTtlSeconds\":900}");
                for (final String sku : SKUS)
                {
                    admin.ok("/v1/skus", "{\"code\":\"" + sku + "\"}");
                    admin.ok("/v1/movements", "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"" + sku +
                        "\",\"quantity\":500}");
                }
                for (int i = 0; i < 6; i++)
                {
                    order(admin);
                }
                awaitPublished(admin);
                phase("first daemon published");
                assertEquals(143, daemon.terminate(), "a graceful stop (SIGTERM)");
                assertTrue(daemon.log().contains("stopped; journal flushed"), daemon.log());
            }
            final List<Published> beforeRestart = consume(broker);
            assertEquals(beforeRestart.size(), beforeRestart.stream().map(Published::id).distinct().count(),
                "after a graceful stop nothing was published twice");
            assertTrue(Files.exists(data.resolve("kafka-cursor.json")));

            try (DaemonProcess daemon = new DaemonProcess(data, env).config(config).start())
            {
                final Client admin = new Client(daemon, daemon.adminKey());
                for (int i = 0; i < 4; i++)
                {
                    order(admin);
                }
                awaitPublished(admin);

                phase("second daemon published");
                // The broker goes away mid-run: the engine answers as before; the sink waits and catches up.
                broker.stop();
                phase("broker stopped");
                for (int i = 0; i < 6; i++)
                {
                    final long startNanos = System.nanoTime();
                    order(admin);
                    final long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
                    assertTrue(millis < 2_000, "an order took " + millis + " ms while the broker was down");
                }
                assertTrue(PeriodicSnapshotIT.metric(admin, "omnistock_kafka_lag") >= 6, "the sink is behind");
                broker.start();
                phase("broker started again");
                awaitPublished(admin);
                phase("caught up");
                order(admin);
                order(admin);
                daemon.kill9();
            }

            try (DaemonProcess daemon = new DaemonProcess(data, env).config(config).start())
            {
                final Client admin = new Client(daemon, daemon.adminKey());
                order(admin);
                order(admin);
                awaitPublished(admin);
                assertTrue(PeriodicSnapshotIT.metric(admin, "omnistock_kafka_records_total{outcome=\"published\"}") > 0);

                phase("third daemon published");
                final List<Published> all = consume(broker);
                final TreeMap<Long, Map<Integer, Published>> distinct = checkDuplicatesAreTheSame(all);
                final List<Published> once = distinct.values().stream().flatMap(m -> new TreeMap<>(m).values().stream()).toList();
                checkOrderPerKey(all);

                // The daemon's own event stream, read from the journal, is what the topic must hold.
                final List<EventStreamIT.Sse> stream = CompletableFuture.supplyAsync(() ->
                {
                    try
                    {
                        return EventStreamIT.read(admin, "/v1/events?from=0&kinds=" + KINDS.toLowerCase(), null, once.size());
                    }
                    catch (final Exception e)
                    {
                        throw new IllegalStateException(e);
                    }
                }).get(30, TimeUnit.SECONDS);
                assertEquals(stream.stream().map(EventStreamIT.Sse::id).toList(), once.stream().map(Published::id).toList(),
                    "every event, once");
                for (int i = 0; i < once.size(); i++)
                {
                    assertEquals(stream.get(i).data(), once.get(i).value(), "the event stream's JSON");
                    assertEquals(stream.get(i).kind(), once.get(i).kind());
                }
                final long last = (long)PeriodicSnapshotIT.metric(admin, "omnistock_last_sequence");
                assertEquals(last, once.get(once.size() - 1).sequence(), "up to the last command");
                assertEquals(orders, once.stream().filter(p -> p.kind().equals("ORDER_CHANGED")).map(p ->
                    json(p.value()).get("orderId").asLong()).distinct().count(), "every order's events");
            }
        }
    }

    /** A sink that cannot work is refused when the settings are read, naming the setting, before anything starts. */
    @Test
    void aSinkWithoutATopicOrWithABadBootstrapListStopsTheStart() throws Exception
    {
        final Path config = dir.resolve("bad.properties");
        for (final String[] bad : new String[][] {
            {"kafka.bootstrap-servers=127.0.0.1:9092\n", "kafka.topic"},
            {"kafka.bootstrap-servers=127.0.0.1\nkafka.topic=t\n", "kafka.bootstrap-servers"}})
        {
            Files.writeString(config, bad[0]);
            try (DaemonProcess daemon = new DaemonProcess(dir.resolve("data-" + bad[1]), Map.of()).config(config))
            {
                daemon.startWithoutWaiting();
                assertTrue(daemon.awaitExit(60) != 0, "the start is refused");
                assertTrue(daemon.log().contains(bad[1]), daemon.log());
                assertTrue(!Files.exists(dir.resolve("data-" + bad[1]).resolve("journal")), "nothing was written");
            }
        }
    }

    private static JsonNode json(final String text)
    {
        try
        {
            return Client.JSON.readTree(text);
        }
        catch (final Exception e)
        {
            throw new IllegalStateException(text, e);
        }
    }

    /** Waits until the sink has published (the broker acknowledged) everything the journal holds. */
    private static void awaitPublished(final Client admin) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (PeriodicSnapshotIT.metric(admin, "omnistock_kafka_lag") > 0)
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("the sink did not catch up within 60 s:\n" + admin.get("/metrics").raw().body());
            }
            Thread.sleep(50);
        }
    }

    /** @return every record of the topic, partition by partition, in offset order. */
    private static List<Published> consume(final KafkaBroker broker)
    {
        final Map<String, Object> settings = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        final List<Published> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings))
        {
            final List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(20)).stream()
                .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(20));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(p -> consumer.position(p, Duration.ofSeconds(10)) < ends.get(p)))
            {
                assertTrue(System.nanoTime() < deadline, "the topic could not be read to its end");
                for (final ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200)))
                {
                    records.add(new Published(r.partition(), r.offset(), new String(r.key(), StandardCharsets.UTF_8),
                        Long.parseLong(header(r, "omnistock-sequence")), Integer.parseInt(header(r, "omnistock-event")),
                        header(r, "omnistock-kind"), new String(r.value(), StandardCharsets.UTF_8)));
                }
            }
        }
        records.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition()) :
            Long.compare(a.offset(), b.offset()));
        return records;
    }

    private static String header(final ConsumerRecord<byte[], byte[]> r, final String name)
    {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.US_ASCII);
    }

    /**
     * @return the records by sequence and event, each once; a record published twice (at least once)
     *     is the same record again: same key, kind and value.
     */
    private static TreeMap<Long, Map<Integer, Published>> checkDuplicatesAreTheSame(final List<Published> all)
    {
        final TreeMap<Long, Map<Integer, Published>> distinct = new TreeMap<>();
        for (final Published p : all)
        {
            final JsonNode value = json(p.value());
            assertEquals(p.sequence(), value.get("sequence").asLong(), "the header's sequence is the event's");
            assertEquals(p.kind(), value.get("kind").asText());
            assertEquals(value.path("sku").asText(""), p.key(), "keyed by SKU code");
            final Published first = distinct.computeIfAbsent(p.sequence(), s -> new HashMap<>()).putIfAbsent(p.event(), p);
            if (first != null)
            {
                assertEquals(List.of(first.key(), first.kind(), first.value()), List.of(p.key(), p.kind(), p.value()),
                    "a record published again is the same record");
            }
        }
        return distinct;
    }

    /**
     * Per key, in the topic's order, (sequence, event) grows; a record at or below the highest seen is
     * one published again, and is skipped as a consumer deduplicating by it would.
     */
    private static void checkOrderPerKey(final List<Published> all)
    {
        final Map<String, Integer> partitionOfKey = new HashMap<>();
        final Map<String, Published> highest = new HashMap<>();
        final Map<String, List<String>> seen = new HashMap<>();
        for (final Published p : all)
        {
            assertEquals(p.partition(), (int)partitionOfKey.computeIfAbsent(p.key(), k -> p.partition()), "one key, one partition");
            final Published top = highest.get(p.key());
            final boolean newer = top == null || p.sequence() > top.sequence() ||
                p.sequence() == top.sequence() && p.event() > top.event();
            if (newer)
            {
                highest.put(p.key(), p);
            }
            else
            {
                assertTrue(seen.get(p.key()).contains(p.id()), "an older record that was not published before: " + p);
            }
            seen.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p.id());
        }
        assertTrue(partitionOfKey.keySet().containsAll(SKUS), "every SKU's events: " + partitionOfKey.keySet());
    }
}

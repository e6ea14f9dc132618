package io.omnistock.daemon.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnistock.api.Capabilities;
import io.omnistock.api.Command;
import io.omnistock.api.Commands;
import io.omnistock.api.EventKind;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import io.omnistock.daemon.http.OrderIds;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sink's loop against the embedded engine's journal and Kafka's MockProducer (acks completed by hand). */
class KafkaSinkTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private OmnistockEngine engine;
    /** Every producer the sink made, in order: a failure makes a new one. */
    private final List<MockProducer<byte[], byte[]>> producers = new CopyOnWriteArrayList<>();
    /** Producers a test prepared, handed out first. */
    private final java.util.Queue<MockProducer<byte[], byte[]>> prepared = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Function<Properties, Producer<byte[], byte[]>> factory = p ->
    {
        final MockProducer<byte[], byte[]> next = prepared.poll();
        final MockProducer<byte[], byte[]> producer = next != null ? next :
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        producers.add(producer);
        return producer;
    };

    @BeforeEach
    void start() throws Exception
    {
        engine = OmnistockEngine.start(EngineConfig.builder().journalDir(dir.resolve("journal")).build());
        submit(Commands.defineLocation(1, "S1", Tier.STORE, 31_000_000, 121_000_000, Capabilities.ALL));
        submit(Commands.defineSku(2, "TEA", StockUnit.PIECE));
        submit(Commands.defineSku(3, "RICE", StockUnit.PIECE));
    }

    @AfterEach
    void stop()
    {
        engine.close();
    }

    private KafkaSink open(final Set<EventKind> kinds, final String channel, final BooleanSupplier publishes) throws Exception
    {
        return KafkaSink.open(dir, dir.resolve("journal"), engine, engine.gauges()::lastSequence, publishes,
            new KafkaSink.Settings("127.0.0.1:9092", "events", kinds, channel, Map.of()).check(), factory);
    }

    private long submit(final Command command) throws Exception
    {
        final var result = engine.submit(command).get(10, TimeUnit.SECONDS);
        assertEquals(ReasonCode.OK, result.reason());
        return engine.gauges().lastSequence();
    }

    private static String header(final ProducerRecord<byte[], byte[]> r, final String name)
    {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.US_ASCII);
    }

    private static void await(final String what, final BooleanSupplier done) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(5);
        }
    }

    private MockProducer<byte[], byte[]> producer(final int i)
    {
        return producers.get(i);
    }

    @Test
    void publishesEachWantedEventKeyedBySkuWithItsSequenceAndMovesTheCursorOnlyOverAcks() throws Exception
    {
        try (KafkaSink sink = open(Set.of(EventKind.STOCK_CHANGED), null, () -> true))
        {
            final long start = sink.cursor();
            sink.start();
            final long tea = submit(Commands.receive(10, 0, 0, 5));
            final long rice = submit(Commands.receive(11, 0, 1, 7));
            await("two records", () -> !producers.isEmpty() && producer(0).history().size() == 2);
            final List<ProducerRecord<byte[], byte[]>> sent = producer(0).history();
            assertEquals("TEA", new String(sent.get(0).key(), StandardCharsets.UTF_8));
            assertEquals("RICE", new String(sent.get(1).key(), StandardCharsets.UTF_8));
            assertEquals(Long.toString(tea), header(sent.get(0), KafkaSink.SEQUENCE_HEADER));
            assertEquals(Long.toString(rice), header(sent.get(1), KafkaSink.SEQUENCE_HEADER));
            assertEquals("STOCK_CHANGED", header(sent.get(0), KafkaSink.KIND_HEADER));
            assertEquals("events", sent.get(0).topic());
            final JsonNode value = JSON.readTree(sent.get(0).value());
            assertEquals(tea, value.get("sequence").asLong());
            assertEquals("TEA", value.get("sku").asText());
            assertEquals(5, value.get("onHand").asLong());

            Thread.sleep(100);
            assertEquals(start, sink.cursor(), "nothing acknowledged, the cursor stays");
            assertEquals(2, sink.figures().lag());
            producer(0).completeNext();
            await("the cursor at the first", () -> sink.cursor() == tea);
            producer(0).completeNext();
            await("the cursor at the second", () -> sink.cursor() == rice);
            assertEquals(2, sink.figures().published());
            assertEquals(0, sink.figures().lag());
        }
    }

    /** A record given up on ends the producer: a new one publishes again from the cursor, nothing skipped. */
    @Test
    void aFailedRecordRepublishesFromTheCursorWithANewProducer() throws Exception
    {
        try (KafkaSink sink = open(Set.of(EventKind.STOCK_CHANGED), null, () -> true))
        {
            sink.start();
            final long first = submit(Commands.receive(10, 0, 0, 1));
            final long second = submit(Commands.receive(11, 0, 1, 1));
            final long third = submit(Commands.receive(12, 0, 0, 1));
            await("three records", () -> !producers.isEmpty() && producer(0).history().size() == 3);
            producer(0).completeNext();
            producer(0).errorNext(new NotEnoughReplicasException("on purpose"));
            await("a second producer", () -> producers.size() == 2 && producer(1).history().size() == 2);
            assertEquals(first, sink.cursor());
            assertEquals(1, sink.figures().failed());
            assertNotNull(sink.lastError());
            assertTrue(producer(0).closed(), "the failed producer is closed");
            assertEquals(List.of(Long.toString(second), Long.toString(third)),
                producer(1).history().stream().map(r -> header(r, KafkaSink.SEQUENCE_HEADER)).toList());
            producer(1).completeNext();
            producer(1).completeNext();
            await("the cursor at the third", () -> sink.cursor() == third);
        }
    }

    /** A send refused at once (no metadata within max.block.ms: no such topic, no broker) is retried the same way. */
    @Test
    void aSendRefusedAtOnceIsRetriedWithANewProducer() throws Exception
    {
        try (KafkaSink sink = open(Set.of(EventKind.STOCK_CHANGED), null, () -> true))
        {
            final MockProducer<byte[], byte[]> refusing = new MockProducer<>(false, null, new ByteArraySerializer(),
                new ByteArraySerializer());
            refusing.sendException = new org.apache.kafka.common.errors.TimeoutException("on purpose: no metadata");
            prepared.add(refusing);
            final long first = submit(Commands.receive(10, 0, 0, 1));
            sink.start();
            await("a second producer with the record", () -> producers.size() == 2 && producer(1).history().size() == 1);
            assertTrue(refusing.history().isEmpty());
            assertEquals(1, sink.figures().failed());
            assertTrue(sink.lastError().contains("no metadata"), sink.lastError());
            producer(1).completeNext();
            await("the cursor", () -> sink.cursor() == first);
        }
    }

    /** Kinds and a channel narrow what is published, as for a webhook subscription. */
    @Test
    void publishesTheNamedKindsOfItsChannelOnly() throws Exception
    {
        submit(Commands.receive(10, 0, 0, 50));
        submit(Commands.defineChannel(20, "app", 600_000));
        submit(Commands.defineChannel(21, "mall", 600_000));
        try (KafkaSink sink = open(Set.of(EventKind.RESERVATION_CHANGED), "app", () -> true))
        {
            sink.start();
            final int app = engine.channelId("app");
            final int mall = engine.channelId("mall");
            submit(Commands.reserve(30, OrderIds.reservationId(mall, 1), 0, 0, 2));
            final long appReservation = submit(Commands.reserve(31, OrderIds.reservationId(app, 1), 0, 0, 3));
            await("the app's reservation", () -> !producers.isEmpty() && producer(0).history().size() == 1);
            Thread.sleep(100);
            final List<ProducerRecord<byte[], byte[]>> sent = producer(0).history();
            assertEquals(1, sent.size(), "the mall's reservation and the stock changes are left out");
            assertEquals(Long.toString(appReservation), header(sent.get(0), KafkaSink.SEQUENCE_HEADER));
            assertEquals("app", JSON.readTree(sent.get(0).value()).get("channel").asText());
            assertEquals(appReservation - 1, sink.cursor(), "passed over the mall's command, waiting for the app's ack");
        }
    }

    /** In cluster mode a member publishes while it leads only; a restart resumes from the cursor written. */
    @Test
    void publishesWhileItLeadsAndResumesFromItsCursorAfterARestart() throws Exception
    {
        final AtomicBoolean leads = new AtomicBoolean(false);
        final long first;
        try (KafkaSink sink = open(Set.of(EventKind.STOCK_CHANGED), null, leads::get))
        {
            sink.start();
            first = submit(Commands.receive(10, 0, 0, 1));
            Thread.sleep(300);
            assertTrue(producers.isEmpty() || producer(0).history().isEmpty(), "a member that does not lead publishes nothing");
            leads.set(true);
            await("the record", () -> !producers.isEmpty() && producer(0).history().size() == 1);
            producer(0).completeNext();
            await("the cursor", () -> sink.cursor() == first);
        }
        final long second = submit(Commands.receive(11, 0, 1, 1));
        try (KafkaSink again = open(Set.of(EventKind.STOCK_CHANGED), null, () -> true))
        {
            assertEquals(first, again.cursor(), "the cursor written at close");
            again.start();
            await("the record after the restart", () -> producers.size() == 2 && producer(1).history().size() == 1);
            assertEquals(Long.toString(second), header(producer(1).history().get(0), KafkaSink.SEQUENCE_HEADER));
        }
    }
}

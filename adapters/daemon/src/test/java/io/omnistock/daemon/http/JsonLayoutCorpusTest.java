package io.omnistock.daemon.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.omnistock.api.AlertKind;
import io.omnistock.api.Command;
import io.omnistock.api.CommandResult;
import io.omnistock.api.CommandType;
import io.omnistock.api.Commands;
import io.omnistock.api.EventKind;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.command.OutputEvents;
import io.omnistock.core.journal.Journal;
import io.omnistock.core.journal.JournalReader;
import io.omnistock.daemon.events.EventJson;
import io.omnistock.daemon.json.EventJsonLayout;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JSON of every command's result and every event kind, as the schema's generated layout writes it
 * ({@link ResultJson}, {@link EventJson}), over a realistic run: the golden journal of
 * format 5 (engine-core's, every journaled command type accepted and rejected) replayed as commands into
 * a live engine, each record retried once (a replay), a query of each kind after it, the API key and
 * webhook commands the golden journal predates, and a rejection of every type; then every event of the
 * live engine's journal. Compared with the corpus the hand-written writers this layout replaced wrote
 * ({@code json-corpus.txt}; the commit that added the layout asserted both byte for byte over the same run):
 * clients read these bytes (docs/openapi.yaml).
 * {@code -Djson.corpus.record=true} rewrites the corpus (only for a deliberate change of the JSON).
 */
class JsonLayoutCorpusTest
{
    private static final Path GOLDEN = Path.of("..", "..", "engine-core", "src", "test", "resources", "golden",
        "journal-v5", "journal.txt");
    private static final Path CORPUS = Path.of("src", "test", "resources", "json-corpus.txt");
    /** The golden scenario's start: engine time stays there, so no hold expires on the timer. */
    private static final long START_MILLIS = 1_793_491_200_000L;

    @Test
    void resultsAndEventsAreWrittenAsBeforeForEveryCommandTypeAndEventKind(@TempDir final Path dir) throws Exception
    {
        restore(GOLDEN, dir.resolve("golden"));
        final StringBuilder corpus = new StringBuilder();
        final Set<CommandType> types = EnumSet.noneOf(CommandType.class);
        final Set<EventKind> kinds = EnumSet.noneOf(EventKind.class);
        final EngineConfig config = EngineConfig.builder()
            .journalDir(dir.resolve("live"))
            .snapshotDir(null)
            .expectedPositions(64)
            .expectedReservations(64)
            .clock(() -> START_MILLIS)
            .build();
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            final ResultJson results = new ResultJson(engine);
            for (final CommandResult r : run(engine, dir.resolve("golden")))
            {
                types.add(r.type());
                for (final boolean candidates : new boolean[] {true, false})
                {
                    for (final boolean books : new boolean[] {true, false})
                    {
                        final String now = json(g -> results.write(g, r, candidates, books));
                        corpus.append("result ").append(candidates ? 'c' : '-').append(books ? 'b' : '-').append(' ')
                            .append(now).append('\n');
                    }
                }
            }
            final EventJson events = new EventJson(engine);
            final StringBuilder now = new StringBuilder();
            engine.close();
            final RecordAction compare = record ->
            {
                final OutputEvents e = record.events;
                for (int i = 0; i < e.count(); i++)
                {
                    e.moveTo(i);
                    kinds.add(e.kind());
                    now.setLength(0);
                    events.write(now, record, e);
                    if (EventJsonLayout.isChannelEvent(e.kind()))
                    {
                        // The id filters go by (stream, webhooks, Kafka) names the channel the JSON shows.
                        assertTrue(now.indexOf(",\"channel\":\"" + engine.channelCode(
                            OrderIds.channel(EventJsonLayout.channelScopedId(e))) + '"') > 0, now.toString());
                    }
                    corpus.append("event ").append(now).append('\n');
                }
            };
            records(dir.resolve("live"), compare);
            compare.accept(unusual());
        }
        assertEquals(EnumSet.allOf(CommandType.class), types, "every command type's result");
        assertEquals(EnumSet.allOf(EventKind.class), kinds, "every event kind");
        if (Boolean.getBoolean("json.corpus.record"))
        {
            Files.createDirectories(CORPUS.getParent());
            Files.writeString(CORPUS, corpus, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(CORPUS, StandardCharsets.UTF_8), corpus.toString(), "the recorded corpus");
    }

    /**
     * Every golden record again as a command, retried once; after it a query of each kind about what it
     * names; then the commands the golden journal predates, accepted, and one rejection of every type.
     */
    private static List<CommandResult> run(final OmnistockEngine engine, final Path golden) throws Exception
    {
        final List<CommandResult> results = new ArrayList<>();
        final long[] queryId = {1L << 50};
        records(golden, record ->
        {
            final Command replay = w -> replay((CommandSlot)w, record);
            results.add(submit(engine, replay));
            results.add(submit(engine, replay));
            if (record.location >= 0 && record.sku >= 0)
            {
                results.add(submit(engine, Commands.queryPosition(++queryId[0], record.location, record.sku)));
            }
            if (record.sku >= 0)
            {
                results.add(submit(engine, Commands.queryAvailability(++queryId[0], record.sku)));
            }
            if (record.orderId > 0)
            {
                results.add(submit(engine, Commands.queryOrder(++queryId[0], record.orderId)));
            }
            if (record.type == CommandType.ROUTE_ORDER)
            {
                final long id = ++queryId[0];
                results.add(submit(engine, w ->
                {
                    final CommandSlot slot = (CommandSlot)w;
                    replay(slot, record);
                    slot.type = CommandType.QUERY_PROMISE;
                    slot.commandId = id;
                }));
            }
        });
        results.add(submit(engine, Commands.putApiKey(++queryId[0], "ops", 1, 2, 3, 4, 1, -1, 0)));
        results.add(submit(engine, Commands.revokeApiKey(++queryId[0], "ops")));
        results.add(submit(engine, Commands.putWebhook(++queryId[0], 7, "https://hooks.example/x", 1, -1, 1, 2, 3)));
        results.add(submit(engine, Commands.rotateWebhookSecret(++queryId[0], 7, 4, 5, 6, START_MILLIS + 60_000)));
        results.add(submit(engine, Commands.webhookDelivered(++queryId[0], 7, 3)));
        results.add(submit(engine, Commands.deleteWebhook(++queryId[0], 7)));
        for (final CommandType type : CommandType.values())
        {
            results.add(CommandResult.rejected(++queryId[0], type, ReasonCode.UNKNOWN_SKU));
        }
        return results;
    }

    /** Describes {@code record}'s command into the ring's {@code slot}, which keeps its listener. */
    private static void replay(final CommandSlot slot, final CommandSlot record)
    {
        final var listener = slot.listener;
        slot.copyInputFrom(record);
        slot.listener = listener;
    }

    private static CommandResult submit(final OmnistockEngine engine, final Command command) throws Exception
    {
        return engine.submit(command).get(30, TimeUnit.SECONDS);
    }

    /**
     * A record with the events the replayed golden journal does not make: every alert, a lateral
     * transfer suggestion, negative on hand, requests from the supplier and from a location, a transfer in every state and one the daemon does not know.
     */
    private static CommandSlot unusual()
    {
        final CommandSlot record = new CommandSlot();
        record.clearInput();
        record.adjust(Long.MIN_VALUE, 0, 0, -5, io.omnistock.api.AdjustmentReason.values()[0]);
        record.sequence = 1_000;
        record.timestamp = START_MILLIS + 1;
        for (final AlertKind alert : AlertKind.values())
        {
            record.events.addAlert(0, 0, alert);
        }
        record.events.addLateralSuggestion(0, 0, 1, 12);
        record.events.addStock(0, 0, -5, 3, 0, 2);
        record.events.addReplenishment(0, 0, 24, -1, 1, 0, 0, 2);
        record.events.addReplenishment(0, 0, 24, 1, 1, 0, 0, 2);
        for (int state = 0; state <= 5; state++)
        {
            record.events.addTransfer(77, 1, 0, 4, state);
        }
        return record;
    }

    /** What is done with each record of a journal, in order: the record is valid only during the call. */
    @FunctionalInterface
    private interface RecordAction
    {
        void accept(CommandSlot record) throws Exception;
    }

    private static void records(final Path dir, final RecordAction action) throws Exception
    {
        try (ChronicleQueue queue = Journal.open(dir, false); JournalReader reader = new JournalReader(queue))
        {
            final CommandSlot record = new CommandSlot();
            while (reader.next(record))
            {
                action.accept(record);
            }
        }
    }

    /** What writes one JSON value. */
    @FunctionalInterface
    interface Encoding
    {
        void write(JsonGenerator g) throws IOException;
    }

    /** One buffer for every answer, as an I/O thread has: its generator writes answer after answer. */
    private static final AnswerBytes ANSWERS = new AnswerBytes(512);

    /** @return what {@code encoding} writes, through the generator every answer is written with. */
    static synchronized String json(final Encoding encoding) throws IOException
    {
        ANSWERS.reset();
        final JsonGenerator g = ANSWERS.json();
        encoding.write(g);
        g.flush();
        return new String(ANSWERS.toByteArray(), StandardCharsets.UTF_8);
    }

    /** Writes engine-core's golden journal dump (one Chronicle document a line: index and bytes, hex) back as a queue. */
    private static void restore(final Path dump, final Path journalDir) throws IOException
    {
        final long[] cycleStartMillis = new long[1];
        try (ChronicleQueue queue = SingleChronicleQueueBuilder.binary(journalDir)
            .timeProvider(() -> cycleStartMillis[0])
            .build();
             ExcerptAppender appender = queue.createAppender())
        {
            final long cycleMillis = queue.rollCycle().lengthInMillis();
            for (final String line : Files.readAllLines(dump))
            {
                if (line.startsWith("#") || line.isBlank())
                {
                    continue;
                }
                final int space = line.indexOf(' ');
                final long index = Long.parseUnsignedLong(line.substring(0, space), 16);
                cycleStartMillis[0] = queue.rollCycle().toCycle(index) * cycleMillis;
                try (DocumentContext dc = appender.writingDocument())
                {
                    dc.wire().bytes().write(HexFormat.of().parseHex(line, space + 1, line.length()));
                }
            }
        }
    }
}

package io.omnistock.tools;

import io.omnistock.api.Capabilities;
import io.omnistock.api.Commands;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import io.omnistock.core.journal.Journal;
import io.omnistock.tools.OmnistockCliTest.Run;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.omnistock.tools.OmnistockCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tools on the journal of an engine that keeps appending while they read: each must finish
 * with a consistent prefix of the journal (exit 0, no corrupt-journal error, no half record).
 */
class LiveJournalTest
{
    private static final long START = Instant.parse("2026-11-22T08:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    private static final long MAX_COMMANDS = 60_000;

    @Test
    void everyToolReadsAJournalThatIsStillBeingWritten() throws Exception
    {
        final Path journal = dir.resolve("journal");
        final AtomicLong now = new AtomicLong(START);
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        final AtomicLong submitted = new AtomicLong();
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().journalDir(journal)
            .clock(now::get).build()))
        {
            final int app = engine.submit(Commands.defineChannel(1, "app", 600_000)).get().assignedId();
            final int store = engine.submit(Commands.defineLocation(2, "S1", Tier.STORE, 0, 0, Capabilities.ALL))
                .get().assignedId();
            final int milk = engine.submit(Commands.defineSku(3, "MILK", StockUnit.PIECE)).get().assignedId();
            engine.submit(Commands.receive(4, store, milk, 1_000_000)).get();
            final Thread writer = new Thread(() ->
            {
                try
                {
                    long id = 5;
                    long order = 1;
                    // Bounded: every tool run replays the whole journal into a state of its own, and an
                    // unbounded writer on a fast machine left 100,000s of open orders for each (a CI run
                    // ran out of its 2 GB heap). The journal is still being written while the tools read.
                    while (!stop.get() && id < MAX_COMMANDS)
                    {
                        final List<CompletableFuture<?>> batch = new ArrayList<>();
                        for (int i = 0; i < 64; i++)
                        {
                            now.addAndGet(10);
                            batch.add(switch ((int)(id % 4))
                            {
                                case 0 -> engine.submit(Commands.receive(id, store, milk, 3));
                                case 1 -> engine.submit(Commands.sale(id, store, milk, 1));
                                case 2 -> engine.submit(Commands.routeOrder(id, new Order(order++, app,
                                    FulfilmentType.PICKUP, 0, 0, store, 0, 0, 0, List.of(new OrderLine(milk, 1)))));
                                default -> engine.submit(Commands.confirmOrder(id, order - 1));
                            });
                            id++;
                        }
                        for (final CompletableFuture<?> f : batch)
                        {
                            f.get();
                        }
                        submitted.set(id - 1);
                    }
                }
                catch (final Throwable t)
                {
                    writerFailure.set(t);
                }
            }, "live-journal-writer");
            writer.start();
            try
            {
                final String j = journal.toString();
                final Pattern replayed = Pattern.compile("commands replayed: (\\d+)");
                final long deadline = System.nanoTime() + 8_000_000_000L;
                int rounds = 0;
                long lastSeen = 0;
                while (System.nanoTime() < deadline || rounds < 3)
                {
                    rounds++;
                    final Run replay = run("replay", "--journal", j, "--verify", "--no-progress");
                    assertEquals(0, replay.code(), replay.err());
                    final Matcher m = replayed.matcher(replay.out());
                    assertTrue(m.find(), replay.out());
                    final long n = Long.parseLong(m.group(1));
                    assertTrue(n >= lastSeen, "the prefix grows: " + n + " after " + lastSeen);
                    lastSeen = n;
                    for (final String[] args : new String[][] {
                        {"explain", "--journal", j, "--order", "1"},
                        {"history", "--journal", j, "--sku", "MILK", "--location", "S1"},
                        {"at", "--journal", j, "--time", "2030-01-01", "availability", "--sku", "MILK"},
                        {"kpi", "--journal", j},
                        {"replenishment", "--journal", j},
                    })
                    {
                        final Run r = run(args);
                        assertEquals(0, r.code(), args[0] + ": " + r.err());
                        assertTrue(r.err().isEmpty(), args[0] + ": " + r.err());
                    }
                    final Path csv = dir.resolve("events-" + rounds + ".csv");
                    final Run export = run("export", "--journal", j, "--format", "csv", "--out", csv.toString());
                    assertEquals(0, export.code(), export.err());
                    final List<String> lines = Files.readAllLines(csv);
                    final int columns = ExportCommand.COLUMNS.length;
                    for (final String line : lines)
                    {
                        assertEquals(columns, line.split(",", -1).length, line);
                    }
                }
                assertTrue(lastSeen > 4, "the tools saw the journal grow: " + lastSeen);
            }
            finally
            {
                stop.set(true);
                writer.join();
            }
            assertNull(writerFailure.get());
            assertTrue(submitted.get() > 100, "the engine kept appending: " + submitted.get());
        }
    }

    /**
     * A document still being written at the tail (its header claimed, not yet complete) is where a
     * live journal ends, not a corrupt document followed by others.
     */
    @Test
    void aDocumentStillBeingWrittenAtTheTailIsTheEndNotCorruption() throws Exception
    {
        final Path journal = dir.resolve("journal");
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().journalDir(journal)
            .clock(() -> START).build()))
        {
            final int store = engine.submit(Commands.defineLocation(1, "S1", Tier.STORE, 0, 0, Capabilities.ALL))
                .get().assignedId();
            final int milk = engine.submit(Commands.defineSku(2, "MILK", StockUnit.PIECE)).get().assignedId();
            engine.submit(Commands.receive(3, store, milk, 10)).get();
        }
        final String j = journal.toString();
        final Run before = run("replay", "--journal", j, "--no-progress");
        assertEquals(0, before.code(), before.err());
        try (ChronicleQueue queue = Journal.open(journal, false); ExcerptAppender appender = queue.createAppender())
        {
            try (DocumentContext dc = appender.writingDocument())
            {
                dc.wire().bytes().write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
                for (final String[] args : new String[][] {
                    {"replay", "--journal", j, "--verify", "--no-progress"},
                    {"explain", "--journal", j, "--order", "1"},
                    {"history", "--journal", j, "--sku", "MILK"},
                    {"at", "--journal", j, "--time", "2030-01-01", "availability", "--sku", "MILK"},
                    {"kpi", "--journal", j},
                    {"replenishment", "--journal", j},
                    {"export", "--journal", j, "--format", "ndjson"},
                })
                {
                    final Run r = run(args);
                    assertTrue(r.code() == 0 || (args[0].equals("explain") && r.code() == OmnistockCli.EXIT_NOT_FOUND),
                        args[0] + " exits " + r.code() + ": " + r.err());
                    assertTrue(!r.err().contains("corrupt"), args[0] + ": " + r.err());
                }
                final Run replay = run("replay", "--journal", j, "--no-progress");
                assertTrue(replay.out().contains("commands replayed: 3"), replay.out());
                dc.rollbackOnClose();
            }
        }
    }
}

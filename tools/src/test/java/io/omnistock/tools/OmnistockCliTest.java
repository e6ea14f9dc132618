package io.omnistock.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.EventKind;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import io.omnistock.core.journal.Journal;
import io.omnistock.core.journal.JournalCodec;
import io.omnistock.core.state.LogicVersion;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs a real engine to produce a journal, then the CLI in-process over it.
 */
class OmnistockCliTest
{
    private static final long START = Instant.parse("2026-11-22T08:00:00Z").toEpochMilli();

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    static Path journal;
    static long checksum;
    static long lastSequence;
    static long eventCount;
    static long receiveNorth;
    static long route500;
    static long route501;
    static long expiry501;
    static long route502;
    static long cancel502;
    static long confirm500;

    record Run(int code, String out, String err)
    {
    }

    static Run run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = OmnistockCli.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void produceJournal() throws Exception
    {
        journal = shared.resolve("journal");
        final AtomicLong now = new AtomicLong(START);
        final List<String> expired = new CopyOnWriteArrayList<>();
        final AtomicLong events = new AtomicLong();
        final EngineConfig config = EngineConfig.builder()
            .journalDir(journal)
            .clock(now::get)
            .eventListener(e ->
            {
                events.incrementAndGet();
                if (e.kind() == EventKind.ORDER_CHANGED && e.orderState() == io.omnistock.api.OrderState.EXPIRED)
                {
                    expired.add(e.orderId() + "@" + e.sequence());
                }
            })
            .build();
        try (OmnistockEngine engine = OmnistockEngine.start(config))
        {
            long id = 1;
            final int channel = ok(engine.submit(Commands.defineChannel(id++, "app", 60_000)).get()).assignedId();
            final int north = ok(engine.submit(Commands.defineLocation(id++, "S-NORTH", Tier.STORE, 31_000_000,
                121_000_000, Capabilities.ALL)).get()).assignedId();
            final int south = ok(engine.submit(Commands.defineLocation(id++, "S-SOUTH", Tier.STORE, 31_050_000,
                121_000_000, Capabilities.ALL)).get()).assignedId();
            final int dc = ok(engine.submit(Commands.defineLocation(id++, "DC-EAST", Tier.WAREHOUSE, 31_000_000,
                121_300_000, Capabilities.SHIPS_PARCELS)).get()).assignedId();
            final int milk = ok(engine.submit(Commands.defineSku(id++, "MILK", StockUnit.PIECE)).get()).assignedId();
            final int tea = ok(engine.submit(Commands.defineSku(id++, "TEA, green", StockUnit.PIECE)).get()).assignedId();
            receiveNorth = ok(engine.submit(Commands.receive(id++, north, milk, 10)).get()).sequence();
            ok(engine.submit(Commands.receive(id++, south, milk, 20)).get());
            ok(engine.submit(Commands.receive(id++, dc, tea, 5)).get());
            now.addAndGet(1_000);
            route500 = ok(engine.submit(Commands.routeOrder(id++, order(500, channel, milk, 2))).get()).sequence();
            confirm500 = ok(engine.submit(Commands.confirmOrder(id++, 500)).get()).sequence();
            now.addAndGet(1_000);
            route501 = ok(engine.submit(Commands.routeOrder(id++, order(501, channel, milk, 3))).get()).sequence();
            now.addAndGet(60_001); // 501 is due
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (expired.isEmpty() && System.nanoTime() < deadline)
            {
                Thread.sleep(2);
            }
            assertEquals(1, expired.size(), "order 501 expires");
            expiry501 = Long.parseLong(expired.get(0).split("@")[1]);
            route502 = ok(engine.submit(Commands.routeOrder(id++, order(502, channel, milk, 1))).get()).sequence();
            cancel502 = ok(engine.submit(Commands.cancelOrder(id++, 502)).get()).sequence();
            // A rejected command is journaled too.
            final CommandResult rejected = engine.submit(Commands.confirmOrder(id++, 999)).get();
            assertNotEquals(ReasonCode.OK, rejected.reason());
            lastSequence = rejected.sequence();
            checksum = engine.stateChecksum().get();
        }
        eventCount = events.get();
    }

    private static Order order(final long orderId, final int channel, final int sku, final long quantity)
    {
        return new Order(orderId, channel, FulfilmentType.REGULAR, 31_000_000, 121_000_000, -1, 100, 0, 0,
            List.of(new OrderLine(sku, quantity)));
    }

    private static CommandResult ok(final CommandResult r)
    {
        assertEquals(ReasonCode.OK, r.reason(), r.toString());
        return r;
    }

    @Test
    void replayVerifyReportsTheLiveEnginesChecksum()
    {
        final Run r = run("replay", "--journal", journal.toString(), "--verify");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(String.format("state checksum:   %016x", checksum)), r.out());
        assertTrue(r.out().contains("commands replayed: " + lastSequence), r.out());
        assertTrue(r.out().contains("last sequence:    " + lastSequence), r.out());
        assertTrue(r.out().contains("last engine time: 2026-11-22T08:01:02.001Z"), r.out());
        assertTrue(r.out().contains("verified:         yes"), r.out());
    }

    /** A journal begun under logic version 1 and switched to the newest by a newer engine: replay names both stretches. */
    @Test
    void replaySaysWhichLogicVersionAndFormatEachStretchOfTheJournalUsed(@TempDir final Path dir) throws Exception
    {
        final Path logicJournal = dir.resolve("journal");
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().journalDir(logicJournal)
            .logicVersion(1).build()))
        {
            ok(engine.submit(Commands.defineSku(1, "MILK", StockUnit.PIECE)).get());
            ok(engine.submit(Commands.defineSku(2, "TEA", StockUnit.PIECE)).get());
        }
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().journalDir(logicJournal).build()))
        {
            assertEquals(LogicVersion.LATEST, engine.recoveryReport().logicVersion());
            ok(engine.submit(Commands.defineSku(3, "COFFEE", StockUnit.PIECE)).get());
        }
        final Run r = run("replay", "--journal", logicJournal.toString(), "--verify");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("logic version:    " + LogicVersion.LATEST), r.out());
        // The switch (sequence 3) is itself decided under the rules before it.
        final int format = JournalCodec.FORMAT_VERSION;
        assertTrue(r.out().contains("sequences 1-3: journal format " + format + ", logic version 1"), r.out());
        assertTrue(r.out().contains("sequences 4-4: journal format " + format + ", logic version " + LogicVersion.LATEST),
            r.out());
    }

    @Test
    void replayToASequenceStopsThereWithAnotherChecksum()
    {
        final Run r = run("replay", "--journal", journal.toString(), "--to", Long.toString(route500));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("commands replayed: " + route500), r.out());
        assertTrue(r.out().contains("last sequence:    " + route500), r.out());
        assertFalse(r.out().contains(String.format("%016x", checksum)), r.out());
    }

    @Test
    void explainShowsTheChosenLocationTheRunnersUpAndTheLifecycle()
    {
        final Run r = run("explain", "--journal", journal.toString(), "--order", "500");
        assertEquals(0, r.code(), r.err());
        final String out = r.out();
        assertTrue(out.contains("#" + route500 + "  2026-11-22T08:00:01Z  ROUTE_ORDER"), out);
        assertTrue(out.contains("#" + confirm500 + " "), out);
        assertTrue(out.matches("(?s).*line 0\\s+MILK\\s+x 2\\s+at S-NORTH.*"), out);
        assertTrue(out.matches("(?s).*candidates:\\s+S-NORTH\\s+SELECTED.*"), out);
        assertTrue(out.matches("(?s).*S-SOUTH\\s+RANKED_LOWER\\s+5,5\\d\\d m.*"), out);
        assertTrue(out.contains("lifecycle: HELD (#" + route500 + " ROUTE_ORDER) -> CONFIRMED (#" + confirm500 + " CONFIRM_ORDER)\n"), out);
        assertFalse(out.contains("CANCEL"), out);
    }

    @Test
    void explainFollowsAnExpiryAndACancel()
    {
        final Run expired = run("explain", "--journal", journal.toString(), "--order", "501");
        assertEquals(0, expired.code(), expired.err());
        assertTrue(expired.out().contains("#" + expiry501 + "  2026-11-22T08:01:02.001Z  EXPIRE_HOLDS"), expired.out());
        assertTrue(expired.out().contains("lifecycle: HELD (#" + route501 + " ROUTE_ORDER) -> EXPIRED (#" + expiry501 + " EXPIRE_HOLDS)\n"),
            expired.out());
        final Run cancelled = run("explain", "--journal", journal.toString(), "--order", "502");
        assertTrue(cancelled.out().contains("lifecycle: HELD (#" + route502 + " ROUTE_ORDER) -> CANCELLED (#" + cancel502 + " CANCEL_ORDER)\n"),
            cancelled.out());
        final Run unknown = run("explain", "--journal", journal.toString(), "--order", "12345");
        assertEquals(OmnistockCli.EXIT_NOT_FOUND, unknown.code());
        assertTrue(unknown.err().contains("no record about order 12345"), unknown.err());
    }

    @Test
    void historyListsEveryCommandThatTouchedTheSkuAtTheLocation()
    {
        final Run r = run("history", "--journal", journal.toString(), "--sku", "MILK", "--location", "S-NORTH");
        assertEquals(0, r.code(), r.err());
        final List<String> rows = r.out().lines().skip(1).toList();
        assertEquals(List.of(receiveNorth, route500, route501, expiry501, route502, cancel502),
            rows.stream().map(l -> Long.parseLong(l.trim().split("\\s+")[0])).toList(), r.out());
        // sequence, time, type, id, reason, location, position, on hand, reserved, in transit, available
        assertEquals(List.of("RECEIVE", "OK", "S-NORTH", "after", "10", "0", "0", "10"), columns(rows.get(0)));
        assertEquals(List.of("ROUTE_ORDER", "OK", "S-NORTH", "after", "10", "2", "0", "8"), columns(rows.get(1)));
        assertEquals(List.of("ROUTE_ORDER", "OK", "S-NORTH", "after", "10", "5", "0", "5"), columns(rows.get(2)));
        assertEquals(List.of("EXPIRE_HOLDS", "OK", "S-NORTH", "after", "10", "2", "0", "8"), columns(rows.get(3)));
        assertEquals(List.of("CANCEL_ORDER", "OK", "S-NORTH", "after", "10", "2", "0", "8"), columns(rows.get(5)));
    }

    @Test
    void historyFiltersByTime()
    {
        final Run r = run("history", "--journal", journal.toString(), "--sku", "MILK",
            "--from", "2026-11-22T08:00:01Z", "--to", "2026-11-22T08:00:02Z");
        assertEquals(0, r.code(), r.err());
        final List<Long> seqs = r.out().lines().skip(1).map(String::trim).filter(l -> !l.isEmpty())
            .map(l -> Long.parseLong(l.split("\\s+")[0])).toList();
        assertEquals(List.of(route500), seqs, r.out()); // the confirm has no SKU; 501 is a second later
        final Run unknown = run("history", "--journal", journal.toString(), "--sku", "NOPE");
        assertEquals(OmnistockCli.EXIT_NOT_FOUND, unknown.code());
        assertTrue(unknown.err().contains("SKU NOPE is not defined"), unknown.err());
        final Run badTime = run("history", "--journal", journal.toString(), "--sku", "MILK", "--from", "yesterday");
        assertEquals(OmnistockCli.EXIT_USAGE, badTime.code());
    }

    @Test
    void exportCsvHasOneRowPerEventAndAQuotedHeaderedTable() throws IOException
    {
        final Path file = dir.resolve("events.csv");
        final Run r = run("export", "--journal", journal.toString(), "--format", "csv", "--out", file.toString());
        assertEquals(0, r.code(), r.err());
        final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(String.join(",", ExportCommand.COLUMNS), lines.get(0));
        assertEquals(eventCount, lines.size() - 1, "one row per output event");
        assertTrue(lines.stream().anyMatch(l -> l.contains("SKU_DEFINED,,\"TEA, green\",")), String.join("\n", lines));
        for (final String line : lines)
        {
            final String unquoted = line.replace("\"TEA, green\"", "TEA");
            assertEquals(17, unquoted.split(",", -1).length, line);
        }
        assertTrue(lines.contains(receiveNorth + ",2026-11-22T08:00:00Z,7,RECEIVE,STOCK_CHANGED,S-NORTH,MILK,,,10,0,0,0,10,0,,"),
            String.join("\n", lines));
    }

    @Test
    void exportNdjsonParses() throws IOException
    {
        final Run r = run("export", "--journal", journal.toString(), "--format", "ndjson");
        assertEquals(0, r.code(), r.err());
        final ObjectMapper mapper = new ObjectMapper();
        final List<String> lines = r.out().lines().toList();
        assertEquals(eventCount, lines.size());
        boolean sawExpiry = false;
        for (final String line : lines)
        {
            final JsonNode node = mapper.readTree(line);
            assertEquals(17, node.size(), line);
            if ("EXPIRED".equals(node.get("order_state").asText()))
            {
                assertEquals(expiry501, node.get("sequence").asLong());
                assertEquals(501, node.get("reservation_or_order_id").asLong());
                assertEquals("EXPIRE_HOLDS", node.get("command_type").asText());
                sawExpiry = true;
            }
        }
        assertTrue(sawExpiry);
        final JsonNode defined = mapper.readTree(lines.get(0));
        assertEquals("CHANNEL_DEFINED", defined.get("event_kind").asText());
        assertTrue(defined.get("on_hand").isNull(), "stock columns do not apply to a definition");
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"sku\":\"TEA, green\"")));
    }

    @Test
    void jsonStringsAreEscaped() throws IOException
    {
        final StringBuilder sb = new StringBuilder();
        final String nasty = "a\"b\\c\nd\u0001e\u2028f";
        Rows.jsonString(sb, nasty);
        assertEquals(nasty, new ObjectMapper().readValue(sb.toString(), String.class));
    }

    @Test
    void aMissingDirectoryIsOneLineAndExitCodeThree()
    {
        final Run r = run("replay", "--journal", dir.resolve("nowhere").toString());
        assertEquals(OmnistockCli.EXIT_JOURNAL, r.code());
        assertOneLine(r.err(), "does not exist");
        assertFalse(Files.exists(dir.resolve("nowhere")), "the tool must not create the directory");
    }

    @Test
    void anEmptyDirectoryIsNotAJournal()
    {
        final Run r = run("export", "--journal", dir.toString(), "--format", "csv");
        assertEquals(OmnistockCli.EXIT_JOURNAL, r.code());
        assertOneLine(r.err(), "no journal in");
        assertEquals("", r.out());
    }

    @Test
    void everyToolTakesTheDataDirectoryHoldingTheJournalAsWell()
    {
        final String data = shared.toString(); // the journal is data/journal, as the daemon and demo lay it out
        for (final List<String> args : List.of(
            List.of("explain", "--order", "500"),
            List.of("history", "--sku", "MILK"),
            List.of("export", "--format", "ndjson"),
            List.of("at", "--time", "2026-11-22T08:00:01Z", "availability", "--sku", "MILK"),
            List.of("kpi"),
            List.of("replenishment")))
        {
            final Run fromJournal = run(withJournal(args, journal.toString()));
            final Run fromData = run(withJournal(args, data));

            assertEquals(0, fromData.code(), args + ": " + fromData.err());
            assertEquals(fromJournal.out(), fromData.out(), args.toString());
        }
        final Run replay = run("replay", "--journal", data, "--verify");
        assertEquals(0, replay.code(), replay.err());
        assertTrue(replay.out().contains("journal:          " + journal + "\n")
            || replay.out().contains("journal:          " + journal + System.lineSeparator()), replay.out());
        assertTrue(replay.out().contains(String.format("state checksum:   %016x", checksum)), replay.out());
    }

    @Test
    void aDataDirectoryWithoutAJournalNamesBothPlaces() throws IOException
    {
        Files.createDirectories(dir.resolve("journal"));

        final Run r = run("kpi", "--journal", dir.toString());

        assertEquals(OmnistockCli.EXIT_JOURNAL, r.code());
        assertOneLine(r.err(), "no journal in " + dir + ": neither it nor " + dir.resolve("journal"));
    }

    private static String[] withJournal(final List<String> args, final String journalOrData)
    {
        final List<String> all = new ArrayList<>(args);
        all.addAll(1, List.of("--journal", journalOrData));
        return all.toArray(String[]::new);
    }

    @Test
    void aForeignQueueIsRefused()
    {
        refusesForeignQueue("x");
        refusesForeignQueue("a text document long enough to pass for a record frame");
    }

    private void refusesForeignQueue(final String text)
    {
        final Path foreign = dir.resolve("foreign-" + text.length());
        try (ChronicleQueue queue = Journal.open(foreign, false); ExcerptAppender appender = queue.createAppender())
        {
            appender.writeText(text);
        }
        for (final String sub : new String[] {"replay", "explain", "history", "export"})
        {
            final String[] extra = switch (sub)
            {
                case "explain" -> new String[] {"--order", "1"};
                case "history" -> new String[] {"--sku", "MILK"};
                case "export" -> new String[] {"--format", "ndjson"};
                default -> new String[0];
            };
            final String[] args = Stream.concat(Stream.of(sub, "--journal", foreign.toString()), Arrays.stream(extra))
                .toArray(String[]::new);
            final Run r = run(args);
            assertEquals(OmnistockCli.EXIT_JOURNAL, r.code(), sub + ": " + r.err());
            assertOneLine(r.err(), "not an omnistock journal");
        }
    }

    @Test
    void aCorruptRecordIsReportedWithItsPosition() throws IOException
    {
        final Path copy = dir.resolve("corrupt");
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(journal))
        {
            for (final Path p : files.filter(Files::isRegularFile).toList())
            {
                Files.copy(p, copy.resolve(p.getFileName()));
            }
        }
        final Path cq4;
        try (Stream<Path> files = Files.list(copy))
        {
            cq4 = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        final byte[] bytes = Files.readAllBytes(cq4);
        final int at = indexOf(bytes, "S-SOUTH".getBytes(StandardCharsets.UTF_8));
        assertTrue(at > 0, "code not found in the journal file");
        bytes[at + 3] ^= 0x5A;
        Files.write(cq4, bytes);
        final Run r = run("replay", "--journal", copy.toString(), "--verify");
        assertEquals(OmnistockCli.EXIT_JOURNAL, r.code(), r.out());
        assertOneLine(r.err(), "fails its checksum (expected sequence 3)");
        assertFalse(r.err().contains("not an omnistock journal"), "records before it were fine: " + r.err());
        final Run h = run("history", "--journal", copy.toString(), "--sku", "MILK");
        assertEquals(OmnistockCli.EXIT_JOURNAL, h.code());
        assertOneLine(h.err(), "the journal is corrupt");
        assertFalse(h.err().contains("not an omnistock journal"), h.err());
    }

    @Test
    void anUnwritableOutputFileIsOneLine()
    {
        final Path file = dir.resolve("no-such-dir").resolve("events.csv");
        final Run r = run("export", "--journal", journal.toString(), "--format", "csv", "--out", file.toString());
        assertEquals(OmnistockCli.EXIT_NOT_FOUND, r.code());
        assertOneLine(r.err(), "cannot write " + file + ": no such directory");
    }

    /** Stdout whose reader went away after {@code accepted} bytes, as `| head -1` does. */
    private static java.io.OutputStream closedPipeAfter(final int accepted)
    {
        return new java.io.OutputStream()
        {
            private int written;

            @Override
            public void write(final int b) throws IOException
            {
                if (written++ >= accepted)
                {
                    throw new IOException("Broken pipe");
                }
            }
        };
    }

    @Test
    void exportToAClosedPipeFailsWithOneLine()
    {
        final StringWriter err = new StringWriter();
        final int code = OmnistockCli.commandLine(new PrintWriter(closedPipeAfter(200)), new PrintWriter(err))
            .execute("export", "--journal", journal.toString(), "--format", "csv");
        assertEquals(OmnistockCli.EXIT_NOT_FOUND, code, err.toString());
        assertOneLine(err.toString(), "omnistock export: cannot write to standard output");
        // The process's stdout keeps the operating system's reason.
        final StringWriter err2 = new StringWriter();
        final int code2 = OmnistockCli.execute(new OmnistockCli.Stdout(closedPipeAfter(200)), new PrintWriter(err2),
            "export", "--journal", journal.toString(), "--format", "ndjson");
        assertEquals(OmnistockCli.EXIT_NOT_FOUND, code2, err2.toString());
        assertOneLine(err2.toString(), "omnistock export: cannot write to standard output: Broken pipe");
    }

    @Test
    void everyToolFailsWhenStdoutCannotBeWritten()
    {
        for (final String[] args : new String[][] {
            {"history", "--journal", journal.toString(), "--sku", "MILK"},
            {"replay", "--journal", journal.toString(), "--no-progress"},
            {"kpi", "--journal", journal.toString()}})
        {
            final StringWriter err = new StringWriter();
            final int code = OmnistockCli.execute(new PrintWriter(closedPipeAfter(10)), new PrintWriter(err), args);
            assertEquals(OmnistockCli.EXIT_NOT_FOUND, code, args[0] + ": " + err);
            assertOneLine(err.toString(), "omnistock " + args[0] + ": cannot write to standard output");
        }
    }

    @Test
    void aTimeRangeThatEndsBeforeItStartsIsAUsageError()
    {
        final Run later = run("history", "--journal", journal.toString(), "--sku", "MILK",
            "--from", "2026-11-23", "--to", "2026-11-22");
        assertEquals(OmnistockCli.EXIT_USAGE, later.code(), later.err());
        assertOneLine(later.err(), "omnistock history: --from 2026-11-23T00:00:00Z is not before --to " +
            "2026-11-22T00:00:00Z: the range is empty");
        assertEquals("", later.out());
        final Run same = run("history", "--journal", journal.toString(), "--sku", "MILK",
            "--from", "2026-11-22T08:00:00Z", "--to", "2026-11-22T16:00:00+08:00");
        assertEquals(OmnistockCli.EXIT_USAGE, same.code(), same.err());
        // An open end is fine either way.
        assertEquals(0, run("history", "--journal", journal.toString(), "--sku", "MILK", "--from", "2026-11-23").code());
        assertEquals(0, run("history", "--journal", journal.toString(), "--sku", "MILK", "--to", "2026-11-22").code());
    }

    @Test
    void usageErrorsExitWithTwo()
    {
        assertEquals(OmnistockCli.EXIT_USAGE, run("replay").code());
        assertEquals(OmnistockCli.EXIT_USAGE, run("export", "--journal", "x", "--format", "xml").code());
        assertEquals(OmnistockCli.EXIT_USAGE, run("frobnicate").code());
        assertEquals(OmnistockCli.EXIT_USAGE, run().code());
        assertEquals(0, run("--help").code());
    }

    @Test
    void aSequenceOrTimeThatDoesNotParseIsAUsageError()
    {
        final Run huge = run("replay", "--journal", journal.toString(), "--to", "99999999999999999999");
        assertEquals(OmnistockCli.EXIT_USAGE, huge.code(), huge.err());
        assertOneLine(huge.err(), "omnistock replay: --to 99999999999999999999 is beyond the largest sequence, " +
            Long.MAX_VALUE);
        final Run empty = run("replay", "--journal", journal.toString(), "--to", "");
        assertEquals(OmnistockCli.EXIT_USAGE, empty.code(), empty.err());
        assertOneLine(empty.err(), "omnistock replay: --to: '' is not an ISO-8601 instant");
        final Run zero = run("replay", "--journal", journal.toString(), "--to", "0");
        assertEquals(OmnistockCli.EXIT_USAGE, zero.code(), zero.err());
        // Times that parse but lie beyond the engine's millisecond clock: usage errors too, never an overflow.
        for (final String[] args : new String[][] {
            {"replay", "--journal", journal.toString(), "--to", "+1000000000-12-31T00:00:00Z"},
            {"history", "--journal", journal.toString(), "--sku", "MILK", "--to", "+1000000000-12-31T00:00:00Z"},
            {"at", "--journal", journal.toString(), "--time", "-1000000000-01-01T00:00:00Z", "availability",
                "--sku", "MILK"},
            {"replenishment", "--journal", journal.toString(), "--time", "+1000000000-12-31T00:00:00Z"}})
        {
            final Run far = run(args);
            assertEquals(OmnistockCli.EXIT_USAGE, far.code(), far.err());
            assertTrue(far.err().contains("outside the engine's clock"), far.err());
        }
        final Run order = run("explain", "--journal", journal.toString(), "--order", "99999999999999999999");
        assertEquals(OmnistockCli.EXIT_USAGE, order.code(), order.err());
        assertTrue(order.err().startsWith("Invalid value for option '--order'"), order.err());
    }

    @Test
    void progressGoesToStderrOnOneLineAndIsClearedAtTheEnd()
    {
        final Run quiet = run("replay", "--journal", journal.toString());
        assertEquals("", quiet.err(), "a short replay shows no progress");
        final Run r = run("replay", "--journal", journal.toString(), "--progress-every-chunk");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().startsWith("\rreplaying: " + lastSequence + " commands, "), r.err());
        assertTrue(r.err().endsWith("\r\033[K"), r.err());
        assertFalse(r.err().contains("\n"), r.err());
        assertTrue(r.out().contains(String.format("state checksum:   %016x", checksum)), r.out());
    }

    @Test
    void progressLineShowsRateAndEta()
    {
        final String line = ReplayCommand.progressLine(1_000_000, 2_000_000_000L, 0.25);
        assertEquals("replaying: 1,000,000 commands, 500,000/s, 25%, ETA 6s", line.replace('\u00a0', ','));
    }

    private static void assertOneLine(final String err, final String fragment)
    {
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.contains(fragment), err);
        assertFalse(err.contains("\tat "), err);
    }

    private static List<String> columns(final String row)
    {
        final String[] c = row.trim().split("\\s+");
        return List.of(c[2], c[4], c[5], c[6], c[7], c[8], c[9], c[10]);
    }

    private static int indexOf(final byte[] haystack, final byte[] needle)
    {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++)
        {
            for (int j = 0; j < needle.length; j++)
            {
                if (haystack[i + j] != needle[j])
                {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

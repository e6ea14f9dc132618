package io.omnistock.daemon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnistock.api.CommandType;
import io.omnistock.api.Commands;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.journal.Journal;
import io.omnistock.core.journal.JournalReader;
import io.omnistock.pos.LineKind;
import io.omnistock.pos.PosIngestor;
import io.omnistock.pos.PosLine;
import io.omnistock.pos.PosTransaction;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * POS line amounts end to end (issue 23): four weeks of till transactions go through the POS adapter
 * into the journal, tea with its line amounts (500.00 for 20 to 22, far above its 1.00 price), rice with
 * none (priced 5.00); the real daemon's forecast job then classes tea A and rice B, where the prices
 * alone would class them the other way round. A till's upload over HTTP journals its amount once,
 * a re-upload nothing more.
 */
class SaleAmountsIT
{
    private static final long DAY_MILLIS = 86_400_000L;

    @TempDir
    Path dir;

    @Test
    void theForecastJobClassesByTheTillsAmounts() throws Exception
    {
        final Path data = dir.resolve("data");
        final LocalDate today = LocalDate.now(ZoneOffset.UTC);
        final AtomicLong now = new AtomicLong(today.minusDays(28).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli()
            + 36_000_000);
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().journalDir(data.resolve("journal"))
            .snapshotDir(data.resolve("snapshots")).clock(now::get).journalPretouch(false).build()))
        {
            long id = 1;
            ok(engine, Commands.defineLocation(id++, "ST1", Tier.STORE, 31_210_000, 121_410_000, 0));
            ok(engine, Commands.defineSku(id++, "TEA", StockUnit.PIECE));
            ok(engine, Commands.defineSku(id++, "RICE", StockUnit.PIECE));
            final int store = engine.locationId("ST1");
            ok(engine, Commands.setSkuPrice(id++, engine.skuId("TEA"), 100, 60, 0));
            ok(engine, Commands.setSkuPrice(id++, engine.skuId("RICE"), 500, 300, 0));
            ok(engine, Commands.receive(id++, store, engine.skuId("TEA"), 100_000));
            ok(engine, Commands.receive(id++, store, engine.skuId("RICE"), 100_000));
            final PosIngestor till = new PosIngestor(engine);
            for (int day = 0; day < 28; day++)
            {
                final long units = 20 + day % 3;
                assertEquals(2, till.ingest(new PosTransaction("ST1-POS1-" + day, "ST1", "POS1", Instant.ofEpochMilli(now.get()),
                    null, List.of(new PosLine(1, LineKind.SALE, "TEA", units, StockUnit.PIECE, 50_000),
                        new PosLine(2, LineKind.SALE, "RICE", units, StockUnit.PIECE)))).get(30, TimeUnit.SECONDS).applied());
                now.addAndGet(DAY_MILLIS);
            }
        }
        try (DaemonProcess daemon = new DaemonProcess(data, Map.of("OMNISTOCK_FORECAST_INTERVAL_SECONDS", "1")).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey()).checkingContract();
            final JsonNode classes = awaitClasses(admin);
            assertEquals("A", abc(classes, "TEA"), "tea sold for 50,000 a day: " + classes);
            assertEquals("B", abc(classes, "RICE"), "rice at 21 x 500 a day: the share before it is above 80%: " + classes);

            final String upload = "{\"transactionId\":\"ST1-POS1-HTTP\",\"store\":\"ST1\",\"terminal\":\"POS1\","
                + "\"businessTime\":\"" + Instant.now() + "\",\"lines\":[{\"line\":1,\"kind\":\"SALE\",\"sku\":\"TEA\","
                + "\"quantity\":3,\"unit\":\"EA\",\"amount\":777}]}";
            assertEquals(1, admin.ok("/v1/pos/transactions", upload).at("/transactions/0/applied").asInt());
            final JsonNode again = admin.ok("/v1/pos/transactions", upload);
            assertEquals(0, again.at("/transactions/0/applied").asInt(), again.toString());
        }
        // The journal holds one amount per history day and one for the upload, whatever the re-upload.
        final List<Long> amounts = new ArrayList<>();
        try (ChronicleQueue queue = Journal.open(data.resolve("journal"), false); JournalReader reader = new JournalReader(queue))
        {
            final CommandSlot slot = new CommandSlot();
            while (reader.next(slot))
            {
                if (slot.type == CommandType.RECORD_SALE_AMOUNT && slot.reason == ReasonCode.OK)
                {
                    amounts.add(slot.reservationId);
                }
            }
        }
        assertEquals(29, amounts.size(), amounts.toString());
        assertEquals(777, amounts.get(28));
    }

    private static String abc(final JsonNode classes, final String sku)
    {
        for (final JsonNode c : classes.get("classes"))
        {
            if (c.get("sku").asText().equals(sku))
            {
                return c.get("abc").asText();
            }
        }
        throw new AssertionError(sku + " is not classed: " + classes);
    }

    private static JsonNode awaitClasses(final Client admin) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true)
        {
            final Client.Response r = admin.get("/v1/forecast/classes?location=ST1");
            if (r.status() == 200 && r.body().get("classes").size() == 2)
            {
                return r.body();
            }
            assertTrue(System.nanoTime() < deadline, "no classes within 60 s: " + r.body());
            Thread.sleep(250);
        }
    }

    private static void ok(final OmnistockEngine engine, final io.omnistock.api.Command command) throws Exception
    {
        assertEquals(ReasonCode.OK, engine.submit(command).get(30, TimeUnit.SECONDS).reason());
    }
}

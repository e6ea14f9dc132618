package io.omnistock.daemon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnistock.api.Commands;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The forecast job inside the real daemon: eight weeks of a store's sales are journaled first (an
 * embedded engine on the daemon's data directory, its clock in the past), then the daemon runs the
 * job every second. Its forecasts and classes are served read-only, its levels entered the engine
 * as journaled commands (a restart replays them), and with the job off the reads say so.
 */
class ForecastJobIT
{
    @TempDir
    Path dir;

    @Test
    void forecastsAndClassesAreServedAndTheLevelsJournaled() throws Exception
    {
        final Path data = dir.resolve("data");
        final LocalDate today = LocalDate.now(ZoneOffset.UTC);
        final AtomicLong now = new AtomicLong(today.minusDays(56).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli()
            + 36_000_000);
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().journalDir(data.resolve("journal"))
            .snapshotDir(data.resolve("snapshots")).clock(now::get).journalPretouch(false).build()))
        {
            long id = 1;
            ok(engine, Commands.defineLocation(id++, "ST1", Tier.STORE, 31_210_000, 121_410_000, 0));
            ok(engine, Commands.defineSku(id++, "MILK-1L", StockUnit.PIECE));
            final int store = engine.locationId("ST1");
            final int milk = engine.skuId("MILK-1L");
            ok(engine, Commands.setSkuPrice(id++, milk, 1_299, 800, 1));
            ok(engine, Commands.receive(id++, store, milk, 100_000));
            for (int day = 0; day < 56; day++)
            {
                ok(engine, Commands.sale(id++, store, milk, day % 7 >= 5 ? 30 : 20));
                now.addAndGet(86_400_000L);
            }
        }
        try (DaemonProcess daemon = new DaemonProcess(data, Map.of("OMNISTOCK_FORECAST_INTERVAL_SECONDS", "1")).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey()).checkingContract();
            final JsonNode forecasts = awaitForecast(admin);
            // The forecast starts on the journal's last day: the history's last sale (yesterday), or
            // today once the daemon journaled something today.
            final String firstDay = forecasts.get("firstDay").asText();
            assertTrue(firstDay.equals(today.toString()) || firstDay.equals(today.minusDays(1).toString()), firstDay);
            final JsonNode milk = forecasts.get("forecasts").get(0);
            assertEquals("MILK-1L", milk.get("sku").asText());
            assertEquals("MODEL", milk.get("basis").asText());
            assertEquals(28, milk.get("days").size());
            final JsonNode day0 = milk.get("days").get(0);
            assertEquals(firstDay, day0.get("date").asText());
            assertTrue(day0.get("lower").asDouble() <= day0.get("mean").asDouble() &&
                day0.get("mean").asDouble() <= day0.get("upper").asDouble(), day0.toString());
            assertTrue(milk.get("reorderLevel").asLong() > 0 && milk.get("orderUpTo").asLong() > milk.get("reorderLevel").asLong(),
                milk.toString());
            final JsonNode classes = admin.get("/v1/forecast/classes?location=ST1").body();
            assertEquals("A", classes.at("/classes/0/abc").asText(), classes.toString());
            assertEquals(404, admin.get("/v1/forecasts?sku=NOPE").status());
            // The job runs every second: compare a position's and the network's forecast of one run.
            JsonNode position = admin.get("/v1/forecasts?sku=MILK-1L").body();
            JsonNode network = admin.get("/v1/forecasts/network?sku=MILK-1L").body();
            for (int tries = 0; tries < 50 && position.get("sequence").asLong() != network.get("sequence").asLong(); tries++)
            {
                position = admin.get("/v1/forecasts?sku=MILK-1L").body();
                network = admin.get("/v1/forecasts/network?sku=MILK-1L").body();
            }
            assertEquals(position.get("sequence").asLong(), network.get("sequence").asLong());
            assertEquals("MILK-1L", network.at("/forecasts/0/sku").asText(), network.toString());
            assertEquals(1, network.at("/forecasts/0/positions").asInt());
            assertEquals(28, network.at("/forecasts/0/days").size());
            assertEquals(position.at("/forecasts/0/days/3/mean").asDouble(), network.at("/forecasts/0/days/3/mean").asDouble(),
                1e-9, "one store: its forecast is the network's");
            // By tier: the store's tier holds it, a tier without sales holds nothing, a made-up tier is refused.
            final JsonNode stores = admin.get("/v1/forecasts/network?sku=MILK-1L&tier=store").body();
            assertEquals("store", stores.get("tier").asText(), stores.toString());
            assertEquals(1, stores.at("/forecasts/0/positions").asInt(), stores.toString());
            assertEquals(0, admin.get("/v1/forecasts/network?tier=warehouse").body().get("forecasts").size());
            final Client.Response badTier = admin.get("/v1/forecasts/network?tier=moon");
            assertEquals(422, badTier.status());
            assertEquals("INVALID_TIER", badTier.body().at("/error/code").asText(), badTier.body().toString());
            // A planner's override, picked up by a later run.
            admin.ok("/v1/forecast/overrides", "{\"location\":\"ST1\",\"sku\":\"MILK-1L\",\"minLevel\":300," +
                "\"maxLevel\":700,\"expiresAt\":\"" + Instant.now().plusSeconds(86_400) + "\"}");
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            JsonNode overridden;
            do
            {
                Thread.sleep(200);
                overridden = admin.get("/v1/forecasts?location=ST1&sku=MILK-1L").body().at("/forecasts/0");
            }
            while (!overridden.path("basis").asText().equals("LEVELS_OVERRIDE") && System.nanoTime() < deadline);
            assertEquals(300, overridden.get("reorderLevel").asLong(), overridden.toString());
        }
        // With the job off, nothing is served, and nothing is forecast again.
        try (DaemonProcess daemon = new DaemonProcess(data).start())
        {
            final Client admin = new Client(daemon, daemon.adminKey()).checkingContract();
            final Client.Response off = admin.get("/v1/forecasts");
            assertEquals(503, off.status(), off.body().toString());
            assertEquals("NO_FORECAST", off.code());
        }
        // The levels the job set are ordinary journaled policy commands: recovery brings them back.
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().journalDir(data.resolve("journal"))
            .snapshotDir(data.resolve("snapshots")).journalPretouch(false).build()))
        {
            final long[] levels = new long[2];
            engine.read(state ->
            {
                final int entry = state.replenishment().entryOf(state.ledger().find(engine.locationId("ST1"),
                    engine.skuId("MILK-1L")));
                levels[0] = state.replenishment().reorderLevel(entry);
                levels[1] = state.replenishment().orderUpToLevel(entry);
            }).get(30, TimeUnit.SECONDS);
            assertEquals(300, levels[0]);
            assertEquals(700, levels[1]);
        }
    }

    private static JsonNode awaitForecast(final Client admin) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true)
        {
            final Client.Response r = admin.get("/v1/forecasts");
            if (r.status() == 200 && r.body().get("forecasts").size() > 0)
            {
                return r.body();
            }
            assertTrue(System.nanoTime() < deadline, "no forecast within 60 s: " + r.body());
            Thread.sleep(250);
        }
    }


    private static void ok(final OmnistockEngine engine, final io.omnistock.api.Command command) throws Exception
    {
        assertEquals(ReasonCode.OK, engine.submit(command).get(30, TimeUnit.SECONDS).reason());
    }
}

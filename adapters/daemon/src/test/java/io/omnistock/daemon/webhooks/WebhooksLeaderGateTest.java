package io.omnistock.daemon.webhooks;

import com.sun.net.httpserver.HttpServer;
import io.omnistock.api.Capabilities;
import io.omnistock.api.Command;
import io.omnistock.api.Commands;
import io.omnistock.api.EventKind;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Delivery waits on the condition cluster mode ties to leadership ({@code ClusterMember::leads}):
 * a member that does not lead sends nothing and keeps its cursor; once it leads it delivers from there.
 */
class WebhooksLeaderGateTest
{
    @TempDir
    Path dir;

    @Test
    void deliversOnlyWhileItLeadsAndFromItsCursor() throws Exception
    {
        final List<String> ids = new CopyOnWriteArrayList<>();
        final HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange ->
        {
            exchange.getRequestBody().readAllBytes();
            ids.add(exchange.getRequestHeaders().getFirst("Omnistock-Webhook-Id"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        final Path journal = dir.resolve("journal");
        final AtomicBoolean leads = new AtomicBoolean(false);
        final Webhooks.Settings settings = new Webhooks.Settings("127.0.0.0/8", 10, Duration.ofSeconds(2),
            Duration.ofMillis(20), Duration.ofMillis(100), Duration.ZERO);
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().journalDir(journal).build());
             Webhooks hooks = Webhooks.open(dir, journal, engine, engine.gauges()::lastSequence, leads::get, settings,
                 InetAddress::getAllByName))
        {
            submit(engine, Commands.defineLocation(1, "S1", Tier.STORE, 31_000_000, 121_000_000, Capabilities.ALL));
            submit(engine, Commands.defineSku(2, "B", StockUnit.PIECE));
            hooks.start();
            final Subscription s = hooks.create(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/h"),
                Set.of(EventKind.STOCK_CHANGED), null, -1);
            final long from = hooks.get(s.id()).cursor();
            for (int i = 3; i <= 5; i++)
            {
                submit(engine, Commands.receive(i, 0, 0, 1));
            }
            Thread.sleep(500);
            assertEquals(List.of(), ids, "a member that does not lead delivers nothing");
            assertEquals(from, hooks.get(s.id()).cursor(), "and its cursor stays");
            assertEquals(3, hooks.get(s.id()).lag());

            leads.set(true);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (hooks.get(s.id()).delivered() < 3 && System.nanoTime() < deadline)
            {
                Thread.sleep(10);
            }
            assertEquals(List.of(Long.toString(from + 1), Long.toString(from + 2), Long.toString(from + 3)), ids);
            assertEquals(0, hooks.get(s.id()).lag());
        }
        finally
        {
            receiver.stop(0);
        }
    }

    private static void submit(final OmnistockEngine engine, final Command command) throws Exception
    {
        assertEquals(ReasonCode.OK, engine.submit(command).get(10, TimeUnit.SECONDS).reason());
    }
}

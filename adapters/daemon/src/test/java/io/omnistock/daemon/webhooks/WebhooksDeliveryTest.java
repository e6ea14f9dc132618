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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Delivery loops against the embedded engine's journal and a receiver on loopback. */
class WebhooksDeliveryTest
{
    private static final Webhooks.Settings SETTINGS = new Webhooks.Settings("127.0.0.0/8", 10, Duration.ofSeconds(10),
        Duration.ofMillis(20), Duration.ofMillis(100), Duration.ZERO);

    @TempDir
    Path dir;

    private final List<String> ids = new CopyOnWriteArrayList<>();
    private HttpServer receiver;
    private OmnistockEngine engine;

    @BeforeEach
    void start() throws Exception
    {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange ->
        {
            exchange.getRequestBody().readAllBytes();
            ids.add(exchange.getRequestHeaders().getFirst("Omnistock-Webhook-Id"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        engine = OmnistockEngine.start(EngineConfig.builder().journalDir(dir.resolve("journal")).build());
        submit(Commands.defineLocation(1, "S1", Tier.STORE, 31_000_000, 121_000_000, Capabilities.ALL));
        submit(Commands.defineSku(2, "B", StockUnit.PIECE));
    }

    @AfterEach
    void stop()
    {
        engine.close();
        receiver.stop(0);
    }

    private Webhooks open(final BooleanSupplier delivers, final TargetGuard.Resolver resolver) throws Exception
    {
        return Webhooks.open(dir, dir.resolve("journal"), engine, engine.gauges()::lastSequence, delivers, SETTINGS, resolver);
    }

    /**
     * Delivery waits on the condition cluster mode ties to leadership ({@code ClusterMember::leads}):
     * a member that does not lead sends nothing and keeps its cursor; once it leads it delivers from there.
     */
    @Test
    void deliversOnlyWhileItLeadsAndFromItsCursor() throws Exception
    {
        final AtomicBoolean leads = new AtomicBoolean(false);
        try (Webhooks hooks = open(leads::get, InetAddress::getAllByName))
        {
            hooks.start();
            final Subscription s = hooks.create(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/h"),
                Set.of(EventKind.STOCK_CHANGED), null, -1);
            final long from = hooks.get(s.id()).cursor();
            for (int i = 3; i <= 5; i++)
            {
                submit(Commands.receive(i, 0, 0, 1));
            }
            Thread.sleep(500);
            assertEquals(List.of(), ids, "a member that does not lead delivers nothing");
            assertEquals(from, hooks.get(s.id()).cursor(), "and its cursor stays");
            assertEquals(3, hooks.get(s.id()).lag());

            leads.set(true);
            await(() -> hooks.get(s.id()).delivered() >= 3);
            assertEquals(List.of(Long.toString(from + 1), Long.toString(from + 2), Long.toString(from + 3)),
                ids.stream().distinct().toList());
            assertEquals(0, hooks.get(s.id()).lag());
        }
    }

    /** A name checked at creation that resolves somewhere forbidden later (DNS rebinding) gets nothing. */
    @Test
    void checksTheTargetAgainBeforeEachAttempt() throws Exception
    {
        final AtomicReference<String> address = new AtomicReference<>("127.0.0.1");
        try (Webhooks hooks = open(() -> true, host -> new InetAddress[] {InetAddress.getByName(address.get())}))
        {
            hooks.start();
            final URI url = hooks.checkTarget("http://hooks.example:" + receiver.getAddress().getPort() + "/h");
            final Subscription s = hooks.create(url, Set.of(EventKind.STOCK_CHANGED), null, -1);
            address.set("10.0.0.1");
            submit(Commands.receive(3, 0, 0, 1));
            await(() -> hooks.get(s.id()).failed() >= 2);
            final String error = hooks.get(s.id()).lastError();
            assertTrue(error.contains("FORBIDDEN_TARGET") && error.contains("10.0.0.1"), error);
            assertEquals(List.of(), ids);
            assertEquals(0, hooks.get(s.id()).delivered());
        }
    }

    /** A cursor past the journal's end (an older data directory restored) would skip what comes: it is brought back. */
    @Test
    void aCursorPastTheJournalsEndStartsAtTheEnd() throws Exception
    {
        final URI url = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/h");
        final String id;
        try (Webhooks hooks = open(() -> true, InetAddress::getAllByName))
        {
            id = hooks.create(url, Set.of(EventKind.STOCK_CHANGED), null, -1).id();
        }
        final Path file = dir.resolve(WebhookStore.FILE);
        Files.writeString(file, Files.readString(file).replaceAll("\"cursor\" : \\d+", "\"cursor\" : 1000"));
        assertEquals(1000, new WebhookStore(dir).read().get(0).cursor());
        final long journalEnd = engine.gauges().lastSequence();
        try (Webhooks hooks = open(() -> true, InetAddress::getAllByName))
        {
            assertEquals(journalEnd, hooks.get(id).cursor());
            hooks.start();
            submit(Commands.receive(3, 0, 0, 1));
            await(() -> hooks.get(id).delivered() >= 1);
            assertEquals(List.of(Long.toString(journalEnd + 1)), ids.stream().distinct().toList());
        }
    }

    private static void await(final BooleanSupplier done) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, "not within 10 s");
            Thread.sleep(10);
        }
    }

    private void submit(final Command command) throws Exception
    {
        assertEquals(ReasonCode.OK, engine.submit(command).get(10, TimeUnit.SECONDS).reason());
    }
}

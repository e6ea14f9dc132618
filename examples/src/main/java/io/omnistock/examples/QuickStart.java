package io.omnistock.examples;

import io.omnistock.api.Allocation;
import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Order;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The smallest useful embedding: define a channel, a store and a SKU, receive stock, route an order.
 * The body of {@link #main} is README.md's "Embedding in twenty lines", line for line
 * (QuickStartTest holds them together). It can be run again on the same journal: definitions are
 * looked up before they are defined, and command ids and the order number grow with the journal.
 */
public final class QuickStart
{
    private QuickStart()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path journal = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("omnistock-quickstart");
        System.out.println("journal " + journal);
        // README.md from here
        EngineConfig config = EngineConfig.builder().journalDir(journal).build();
        try (OmnistockEngine engine = OmnistockEngine.start(config)) {        // recovers from the journal
            long run = engine.recoveryReport().lastSequence();   // grows every run: ids made from it never repeat
            long id = run * 10 + 1;                               // command ids: a repeat is DUPLICATE_COMMAND
            int app = engine.channelId("app") >= 0 ? engine.channelId("app")   // look up before define
                    : engine.submit(Commands.defineChannel(id++, "app", 15 * 60_000)).get().assignedId();
            int store = engine.locationId("SH-STORE-001") >= 0 ? engine.locationId("SH-STORE-001")
                    : engine.submit(Commands.defineLocation(id++, "SH-STORE-001", Tier.STORE,
                            31_230_416, 121_473_701, Capabilities.ALL)).get().assignedId();
            int milk = engine.skuId("MILK-1L") >= 0 ? engine.skuId("MILK-1L")
                    : engine.submit(Commands.defineSku(id++, "MILK-1L", StockUnit.PIECE)).get().assignedId();
            engine.submit(Commands.receive(id++, store, milk, 24)).get();

            Order order = Order.builder(run + 1, app, FulfilmentType.INSTANT)   // named fields, checked
                    .destination(31.231, 121.466).orderValue(1_280).line(milk, 2).build();
            CommandResult held = engine.submit(Commands.routeOrder(id++, order)).get();   // route + hold, atomically
            for (Allocation a : held.allocations()) {
                System.out.println("order " + (run + 1) + ": " + a.quantity() + " x " + engine.skuCode(a.sku())
                        + " held at " + engine.locationCode(a.location()) + " until " + Instant.ofEpochMilli(held.expiresAt()));
            }
            if (!held.accepted()) {
                System.out.println(held.reason() + ": " + held.reason().message() + " " + held.candidates().stream()
                        .map(c -> engine.locationCode(c.location()) + " " + c.reason()).toList());
            }
            System.out.println(engine.query(view -> "SH-STORE-001 has " + view.onHand(store, milk) + " MILK-1L on hand, "
                    + view.available(store, milk) + " available").get());   // a consistent, read-only view of the state
        }
        // README.md to here
    }
}

package io.omnistock.examples;

import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The smallest useful embedding: define a channel, a store and a SKU, receive stock, route an order.
 */
public final class QuickStart
{
    private QuickStart()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path journal = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("omnistock-quickstart");
        try (OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().journalDir(journal).build()))
        {
            final int app = engine.submit(Commands.defineChannel(1, "app", 15 * 60_000)).get().assignedId();
            final int store = engine.submit(Commands.defineLocation(2, "SH-STORE-001", Tier.STORE,
                31_230_416, 121_473_701, Capabilities.ALL)).get().assignedId();
            final int milk = engine.submit(Commands.defineSku(3, "MILK-1L", StockUnit.PIECE)).get().assignedId();
            engine.submit(Commands.receive(4, store, milk, 24)).get();

            final Order order = new Order(900_001, app, FulfilmentType.INSTANT, 31_231_000, 121_466_000, -1,
                1_280, 0, 0, List.of(new OrderLine(milk, 2)));
            final CommandResult held = engine.submit(Commands.routeOrder(5, order)).get();
            System.out.println(held.accepted() ?
                "order 900001 held: " + held.allocations() + ", expires at " + held.expiresAt() +
                    " (journal " + journal + ")" :
                held.reason() + ": " + held.reason().message() + " " + held.candidates());
        }
    }
}

package io.omnistock.examples;

import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The smallest useful embedding: define a store and a SKU, receive stock, reserve for an order.
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
            final int store = engine.submit(Commands.defineLocation(1, "SH-STORE-001", Tier.STORE,
                31_230_416, 121_473_701, Capabilities.ALL)).get().assignedId();
            final int milk = engine.submit(Commands.defineSku(2, "MILK-1L", StockUnit.PIECE)).get().assignedId();
            engine.submit(Commands.receive(3, store, milk, 24)).get();
            final CommandResult hold = engine.submit(Commands.reserve(4, 900_001, store, milk, 2)).get();
            System.out.printf("order 900001: %s, %d held, %d still available at %s (journal %s)%n",
                hold.reason(), hold.held(), hold.available(), "SH-STORE-001", journal);
        }
    }
}

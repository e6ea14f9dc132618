package io.omnistock.pos;

import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.OmnistockEngine;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An in-memory engine with one store and a few SKUs, as the POS tests need it.
 */
final class TestNetwork implements AutoCloseable
{
    static final String STORE = "SH-STORE-001";

    final OmnistockEngine engine = OmnistockEngine.start(EngineConfig.builder().build());
    /** Set-up command ids, far from the hashed ids the adapter derives only by astronomical chance. */
    private final AtomicLong setupIds = new AtomicLong(1);
    final int store;

    TestNetwork() throws Exception
    {
        store = define(Commands.defineLocation(setupIds.getAndIncrement(), STORE, Tier.STORE, 31_230_416, 121_473_701,
            Capabilities.ALL));
        sku("MILK-1L", StockUnit.PIECE);
        sku("APPLE-FUJI", StockUnit.GRAM);
        sku("BREAD-WHITE", StockUnit.PIECE);
        sku("YOGURT-200G", StockUnit.PIECE);
    }

    int sku(final String code, final StockUnit unit) throws Exception
    {
        return define(Commands.defineSku(setupIds.getAndIncrement(), code, unit));
    }

    void receive(final String sku, final long quantity) throws Exception
    {
        assertEquals(ReasonCode.OK,
            engine.submit(Commands.receive(setupIds.getAndIncrement(), store, engine.skuId(sku), quantity)).get().reason());
    }

    CommandResult reserve(final long reservationId, final String sku, final long quantity) throws Exception
    {
        return engine.submit(Commands.reserve(setupIds.getAndIncrement(), reservationId, store, engine.skuId(sku),
            quantity)).get();
    }

    CommandResult position(final String sku) throws ExecutionException, InterruptedException
    {
        return engine.submit(w -> w.queryPosition(setupIds.getAndIncrement(), store, engine.skuId(sku))).get();
    }

    long onHand(final String sku) throws Exception
    {
        return position(sku).onHand();
    }

    private int define(final io.omnistock.api.Command command) throws Exception
    {
        final CommandResult result = engine.submit(command).get();
        assertEquals(ReasonCode.OK, result.reason());
        return result.assignedId();
    }

    @Override
    public void close()
    {
        engine.close();
    }
}

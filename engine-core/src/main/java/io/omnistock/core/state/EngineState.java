package io.omnistock.core.state;

import io.omnistock.api.RoutingPolicy;
import io.omnistock.api.StateView;
import io.omnistock.core.apikey.ApiKeyTable;
import io.omnistock.core.catalog.CatalogListener;
import io.omnistock.core.catalog.ChannelTable;
import io.omnistock.core.catalog.LocationGrid;
import io.omnistock.core.catalog.LocationTable;
import io.omnistock.core.catalog.SkuCatalog;
import io.omnistock.core.order.ChannelQuotas;
import io.omnistock.core.order.OrderBook;
import io.omnistock.core.planning.PlanningData;
import io.omnistock.core.replenishment.Replenishment;
import io.omnistock.core.routing.RoutingPolicies;
import io.omnistock.core.stock.PositionReserves;
import io.omnistock.core.stock.ReservationBook;
import io.omnistock.core.stock.StockLedger;
import io.omnistock.core.transfer.TransferBook;
import io.omnistock.core.webhook.WebhookTable;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Everything the business logic owns: the only mutable state of the engine. Touched by exactly
 * one thread (the business-logic thread, or a recovery/replay thread before the engine starts).
 */
public final class EngineState
{
    final LocationTable locations;
    final SkuCatalog skus;
    final StockLedger ledger;
    final ReservationBook reservations;
    final CommandWindow window;
    final ChannelTable channels = new ChannelTable();
    final OrderBook orders;
    final LocationGrid grid;
    final PositionReserves reserves;
    final ChannelQuotas quotas = new ChannelQuotas();
    final Replenishment replenishment;
    final TransferBook transfers;
    /** Snapshot format 7 on; hashed only once it holds a key, so every earlier checksum still holds. */
    final ApiKeyTable apiKeys = new ApiKeyTable();
    /** Snapshot format 7 on, after the API keys; hashed only once it holds a subscription. */
    final WebhookTable webhooks = new WebhookTable();
    /** Snapshot format 8 on, after the webhooks; hashed only once it holds something (issue 23's master data). */
    final PlanningData planning = new PlanningData();
    /** The rules commands are decided by: see {@link LogicVersion}. */
    int logicVersion = LogicVersion.LATEST;
    final RoutingPolicies routingPolicies = new RoutingPolicies(logicVersion);
    long lastSequence;
    long lastTimestamp;
    /**
     * What is hashed, written and read, in this order: it is the snapshot's layout (after the
     * last sequence and timestamp, before the logic version, the API key and webhook tables and the forecast master data), so it only
     * ever grows at the end, with a new snapshot format.
     */
    private final StateComponent[] components;
    private final StateView view = new EngineStateView(this);

    public EngineState(final int expectedPositions, final int expectedReservations, final int idempotencyWindow)
    {
        // The catalog tells the domains sized by it of each location and SKU it gains.
        final CatalogListener growth = new CatalogListener()
        {
            @Override
            public void locationDefined(final int location)
            {
                grid.add(location);
                replenishment.locationDefined(location);
            }

            @Override
            public void skuDefined(final int sku)
            {
                ledger.ensureSku(sku);
            }
        };
        locations = new LocationTable(growth);
        skus = new SkuCatalog(growth);
        grid = new LocationGrid(locations);
        ledger = new StockLedger(locations, skus, expectedPositions);
        replenishment = new Replenishment(locations, ledger);
        reservations = new ReservationBook(ledger, expectedReservations);
        window = new CommandWindow(idempotencyWindow);
        orders = new OrderBook(ledger, expectedReservations);
        reserves = new PositionReserves(ledger);
        transfers = new TransferBook(ledger);
        components = new StateComponent[] {
            locations, skus, ledger, reservations, channels, orders, reserves, quotas, replenishment, transfers,
            routingPolicies, window};
    }

    public LocationTable locations()
    {
        return locations;
    }

    /** @return the read-only view of this state that queries are handed (one, reused: it allocates nothing). */
    public StateView view()
    {
        return view;
    }

    public SkuCatalog skus()
    {
        return skus;
    }

    public StockLedger ledger()
    {
        return ledger;
    }

    public ReservationBook reservations()
    {
        return reservations;
    }

    public ChannelTable channels()
    {
        return channels;
    }

    public OrderBook orders()
    {
        return orders;
    }

    public RoutingPolicy policy()
    {
        return routingPolicies.policy();
    }

    public int policyVersion()
    {
        return routingPolicies.version();
    }

    public RoutingPolicies routingPolicies()
    {
        return routingPolicies;
    }

    /**
     * @return the logic version the next command is decided under.
     */
    public int logicVersion()
    {
        return logicVersion;
    }

    /**
     * Sets the logic version an empty state starts in: the one its journal's header names, or
     * the one a new journal is started in.
     *
     * @throws IllegalStateException if the state has applied commands, or this build does not know the version.
     */
    public void startInLogic(final int version)
    {
        if (lastSequence != 0)
        {
            throw new IllegalStateException("the logic version a state starts in is set before its first command");
        }
        if (!LogicVersion.known(version))
        {
            throw new IllegalStateException(LogicVersion.unknownVersionMessage(version, "the state"));
        }
        switchLogic(version);
    }

    /** From now on commands are decided under {@code version}; a default policy follows it. */
    void switchLogic(final int version)
    {
        logicVersion = version;
        routingPolicies.logicSwitched(version);
    }

    public LocationGrid grid()
    {
        return grid;
    }

    public ChannelQuotas quotas()
    {
        return quotas;
    }

    public PositionReserves reserves()
    {
        return reserves;
    }

    /**
     * @return when the engine's timed command is next due: the earliest unpaid hold's expiry or
     *     the replenishment sweep, whichever comes first.
     */
    public long nextTimedWork()
    {
        return Math.min(orders.nextExpiry(), replenishment.nextSweepAt());
    }

    public Replenishment replenishment()
    {
        return replenishment;
    }

    public TransferBook transfers()
    {
        return transfers;
    }

    /** @return the webhook subscriptions: safe to read from any thread (see {@link WebhookTable}). */
    public WebhookTable webhooks()
    {
        return webhooks;
    }

    /** @return the forecast master data: prices, promotions, overrides (business-logic thread, or a state read). */
    public PlanningData planning()
    {
        return planning;
    }

    /** @return the API keys: safe to read from any thread (see {@link ApiKeyTable}). */
    public ApiKeyTable apiKeys()
    {
        return apiKeys;
    }

    /**
     * @return the journal sequence of the last state-changing command applied.
     */
    public long lastSequence()
    {
        return lastSequence;
    }

    /**
     * @return the engine timestamp of the last command applied; engine time never goes backwards.
     */
    public long lastTimestamp()
    {
        return lastTimestamp;
    }

    /**
     * @return a checksum of the logical state, independent of internal layout: equal for a live
     *     engine and for one rebuilt from its journal or a snapshot.
     */
    public long checksum()
    {
        long h = StateHash.combine(lastSequence, lastTimestamp);
        for (final StateComponent component : components)
        {
            h = StateHash.combine(h, component.checksum());
        }
        if (apiKeys.count() != 0)
        {
            h = StateHash.combine(h, apiKeys.checksum());
        }
        if (webhooks.count() != 0)
        {
            h = StateHash.combine(h, webhooks.checksum());
        }
        if (!planning.isEmpty())
        {
            h = StateHash.combine(h, planning.checksum());
        }
        // Logic version 1 adds nothing, so every checksum recorded before logic versions existed
        // (the golden journals' among them) still holds for the same state.
        return logicVersion == LogicVersion.FIRST ? h : StateHash.combine(h, logicVersion);
    }

    public void writeTo(final DataOutput out) throws IOException
    {
        out.writeLong(lastSequence);
        out.writeLong(lastTimestamp);
        for (final StateComponent component : components)
        {
            component.writeTo(out);
        }
        out.writeInt(logicVersion);
        apiKeys.writeTo(out);
        webhooks.writeTo(out);
        planning.writeTo(out);
    }

    /**
     * Loads a state written by {@link #writeTo} into this empty state.
     *
     * @param formatVersion the snapshot format it was written in: 8 (this build's), 7, 6, 5, 4 or 3;
     *     before 7 the API key and webhook tables are empty, before 8 the forecast master data.
     * @throws IOException also for a logic version this build does not know (a newer build's snapshot).
     */
    public void readFrom(final DataInput in, final int formatVersion) throws IOException
    {
        if (lastSequence != 0 || locations.count() != 0)
        {
            throw new IllegalStateException("snapshots load into an empty state only");
        }
        lastSequence = in.readLong();
        lastTimestamp = in.readLong();
        for (final StateComponent component : components)
        {
            component.readFrom(in, formatVersion);
        }
        if (formatVersion < 4)
        {
            replenishment.linkFormat3Transfers(transfers);
        }
        // Snapshots before format 5 were all written under logic version 1.
        logicVersion = formatVersion >= 5 ? in.readInt() : LogicVersion.FIRST;
        if (!LogicVersion.known(logicVersion))
        {
            throw new IOException(LogicVersion.unknownVersionMessage(logicVersion, "the snapshot"));
        }
        apiKeys.readFrom(in, formatVersion);
        webhooks.readFrom(in, formatVersion);
        planning.readFrom(in, formatVersion);
    }
}

package io.omnistock.core.state;

import io.omnistock.api.AdjustmentReason;
import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.EventKind;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.ReplenishmentPolicy;
import io.omnistock.api.Tier;
import io.omnistock.core.snapshot.SnapshotStore;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random days of sales, receipts and transfer orders (made by hand and from requests) in a
 * network under tier and location defaults:
 * <ul>
 *   <li>a position never has two open requests: requested and closed alternate, and the engine's
 *       open request is there exactly when the events say so;</li>
 *   <li>in transit at every position is what was shipped to it less what was received of it;</li>
 *   <li>a request is made into at most one created transfer at a time, however its earlier
 *       requests' transfers end;</li>
 *   <li>a snapshot taken midway and loaded has the same checksum, and the run goes on from it.</li>
 * </ul>
 */
class ReplenishmentProperties
{
    private static final long DAY = 86_400_000L;

    /** A transfer as the test saw it accepted. */
    private static final class Transfer
    {
        final int to;
        final long quantity;
        /** The number of the request it was made from (requests counted per location), or -1. */
        final int request;
        boolean shipped;

        Transfer(final int to, final long quantity, final int request)
        {
            this.to = to;
            this.quantity = quantity;
            this.request = request;
        }
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void oneOpenRequestPerPositionAndInTransitIsShippedLessReceived(
        @ForAll @Size(max = 150) final List<@IntRange(min = 0, max = 9) Integer> ops,
        @ForAll @Size(min = 1, max = 150) final List<@IntRange(min = 1, max = 40) Integer> quantities,
        @ForAll @IntRange(min = 0, max = 150) final int snapshotAt) throws IOException
    {
        ProcessorHarness h = new ProcessorHarness();
        final int warehouse = h.locationAt("WH", Tier.WAREHOUSE, Capabilities.ALL, -20_000, 0);
        final int front = h.locationAt("FW", Tier.FRONT_WAREHOUSE, Capabilities.ALL, 3_000, 0);
        final int[] stores = {
            h.locationAt("S0", Tier.STORE, Capabilities.ALL, 0, 0),
            h.locationAt("S1", Tier.STORE, Capabilities.ALL, 0, 800),
            h.locationAt("S2", Tier.STORE, Capabilities.ALL, 600, 0)};
        final int sku = h.sku("MILK");
        h.run(Commands.receive(h.id(), warehouse, sku, 1_000_000));
        h.run(Commands.receive(h.id(), front, sku, 500));
        h.run(Commands.setTierPolicy(h.id(), Tier.STORE, ReplenishmentPolicy.minMax(10, 40).withPack(5)
            .withSource(ReplenishmentPolicy.NETWORK, 48).withSlowMoverDays(3)));
        h.run(Commands.setLocationPolicy(h.id(), front, ReplenishmentPolicy.daysOfCover(1, 3, 10)
            .withSource(warehouse, 30)));
        h.run(Commands.setPositionPolicy(h.id(), stores[2], sku, ReplenishmentPolicy.dynamic(9_000, 2)
            .withSource(front, 6)));

        final Set<Integer> open = new HashSet<>();
        final TreeMap<Long, Transfer> transfers = new TreeMap<>();
        final Map<Integer, Long> shipped = new HashMap<>();
        final Map<Integer, Long> received = new HashMap<>();
        final Map<Integer, Integer> requests = new HashMap<>();
        long nextTransfer = 1;
        for (int i = 0; i < ops.size(); i++)
        {
            if (i == snapshotAt)
            {
                h = h.continueFrom(throughSnapshot(h.state));
            }
            final long q = quantities.get(i % quantities.size());
            final int store = stores[i % stores.length];
            final Long created = transfers.entrySet().stream().filter(t -> !t.getValue().shipped)
                .map(Map.Entry::getKey).findFirst().orElse(null);
            final Long inTransit = transfers.entrySet().stream().filter(t -> t.getValue().shipped)
                .map(Map.Entry::getKey).findFirst().orElse(null);
            final CommandResult r;
            switch (ops.get(i))
            {
                case 0 -> r = h.run(Commands.sale(h.id(), store, sku, q));
                case 1 -> r = h.run(Commands.receive(h.id(), store, sku, q));
                case 2 ->
                {
                    final int slot = h.state.ledger().find(store, sku);
                    final long quantity = slot < 0 ? 0 : h.state.replenishment().openRequest(slot);
                    r = h.run(Commands.transferFromRequest(h.id(), nextTransfer, store, sku));
                    if (r.reason() == ReasonCode.OK)
                    {
                        final int request = requests.get(store);
                        assertTrue(transfers.values().stream().noneMatch(t -> !t.shipped && t.to == store &&
                            t.request == request), "request " + request + " made into a second transfer, step " + i);
                        transfers.put(nextTransfer, new Transfer(store, quantity, request));
                    }
                    nextTransfer++;
                }
                case 3 ->
                {
                    r = created == null ? null : h.run(Commands.shipTransfer(h.id(), created, h.now + DAY));
                    if (r != null && r.reason() == ReasonCode.OK)
                    {
                        final Transfer t = transfers.get(created);
                        t.shipped = true;
                        shipped.merge(t.to, t.quantity, Long::sum);
                    }
                }
                case 4 ->
                {
                    final long missing = q % 3;
                    r = inTransit == null ? null : h.run(Commands.receiveTransfer(h.id(), inTransit,
                        transfers.get(inTransit).quantity - missing, missing == 0 ? null : AdjustmentReason.DAMAGED));
                    if (r != null && r.reason() == ReasonCode.OK)
                    {
                        final Transfer t = transfers.remove(inTransit);
                        received.merge(t.to, t.quantity, Long::sum);
                    }
                }
                case 5 ->
                {
                    r = created == null ? null : h.run(Commands.cancelTransfer(h.id(), created));
                    if (r != null && r.reason() == ReasonCode.OK)
                    {
                        transfers.remove(created);
                    }
                }
                case 6 ->
                {
                    h.now += DAY;
                    r = h.run(Commands.sale(h.id(), front, sku, q));
                }
                case 7 -> r = h.run(Commands.cancelReplenishment(h.id(), store, sku));
                case 8 ->
                {
                    r = h.run(Commands.createTransfer(h.id(), nextTransfer, warehouse, store, sku, q));
                    if (r.reason() == ReasonCode.OK)
                    {
                        transfers.put(nextTransfer, new Transfer(store, q, -1));
                    }
                    nextTransfer++;
                }
                default -> r = h.run(Commands.sale(h.id(), front, sku, q));
            }
            if (r == null)
            {
                continue;
            }
            for (int k = 0; k < h.lastEvents().size(); k++)
            {
                final EventKind kind = h.lastEvents().get(k);
                final String detail = h.lastEventDetails().get(k);
                if (kind == EventKind.REPLENISHMENT_REQUESTED)
                {
                    assertTrue(open.add(h.lastLocations().get(k)), "a second open request at step " + i + ": " + detail);
                    requests.merge(h.lastLocations().get(k), 1, Integer::sum);
                }
                else if (kind == EventKind.REPLENISHMENT_CLOSED)
                {
                    assertTrue(open.remove(h.lastLocations().get(k)), "closed a request that was not open, step " + i);
                }
            }
            for (final int location : new int[] {front, stores[0], stores[1], stores[2]})
            {
                final int slot = h.state.ledger().find(location, sku);
                if (slot < 0)
                {
                    continue;
                }
                assertEquals(open.contains(location), h.state.replenishment().openRequest(slot) != 0,
                    "open request at " + location + " after step " + i);
                assertEquals(shipped.getOrDefault(location, 0L) - received.getOrDefault(location, 0L),
                    h.state.ledger().inTransit(slot), "in transit at " + location + " after step " + i);
            }
        }
    }

    /** @return the state written as a snapshot and loaded again, with the same checksum. */
    private static EngineState throughSnapshot(final EngineState state) throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes))
        {
            state.writeTo(out);
        }
        final EngineState loaded = new EngineState(64, 16, 1024);
        loaded.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())),
            SnapshotStore.FORMAT_VERSION);
        assertEquals(state.checksum(), loaded.checksum(), "checksum after the snapshot");
        return loaded;
    }
}

package io.omnistock.daemon.reads;

import io.omnistock.api.CommandType;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.OrderState;
import io.omnistock.api.RoutingReason;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.command.RoutingOutcome;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Orders kept as records in an {@link OrderSlab} and changed through {@link OrderEntry}, against a
 * plain model of lists: whatever the changes, growth, moves and evacuations, every live order reads
 * back as the model says.
 */
class OrderSlabProperties
{
    /** The plain model of one order. */
    private static final class Model
    {
        final long engineId;
        final long createdSequence;
        final List<OrderRecord.Line> lines = new ArrayList<>();
        List<OrderRecord.Candidate> candidates = new ArrayList<>();
        final Map<Long, long[]> allocations = new LinkedHashMap<>();
        final List<OrderRecord.Step> steps = new ArrayList<>();
        String state = "HELD";
        long expiresAtMillis;
        long closedAtMillis;
        int stepsDropped;

        Model(final long engineId, final long createdSequence)
        {
            this.engineId = engineId;
            this.createdSequence = createdSequence;
        }

        OrderRecord record()
        {
            final List<OrderRecord.Allocation> a = new ArrayList<>();
            allocations.forEach((key, held) -> a.add(new OrderRecord.Allocation((int)(key >>> 32), (int)(long)key,
                held[0], held[1])));
            return new OrderRecord(engineId, createdSequence, createdSequence * 10, FulfilmentType.REGULAR, state, null,
                expiresAtMillis, List.copyOf(lines), a, List.copyOf(candidates), List.copyOf(steps), stepsDropped,
                closedAtMillis);
        }
    }

    private OrderSlab slab;
    private Map<Long, Long> addresses;
    private OrderSlab.Mover mover;
    private OrderEntry writer;
    private Map<Long, Model> models;
    /** The journal record an order is made from: its lines, and its routing's candidates. */
    private final CommandSlot order = new CommandSlot();
    private final RoutingOutcome routing = order.routing;

    /** Fresh for each try: jqwik runs the tries of a property on one instance. */
    private void begin()
    {
        // Chunks of a few records each, so that growth and evacuation happen all the time.
        slab = new OrderSlab(256);
        addresses = new HashMap<>();
        mover = record -> addresses.put(new OrderEntry(slab).wrap(record).engineId(), record);
        writer = new OrderEntry(slab, mover);
        models = new LinkedHashMap<>();
    }

    @Property(tries = 100)
    void everyLiveOrderReadsBackAsTheModelSays(
        @ForAll @Size(min = 1, max = 600) final List<@IntRange(min = 0, max = 99) Integer> steps,
        @ForAll final long seed)
    {
        begin();
        final Random random = new Random(seed);
        long sequence = 0;
        for (final int step : steps)
        {
            sequence++;
            if (models.isEmpty() || step < 15)
            {
                create(sequence, random);
                continue;
            }
            final Model m = new ArrayList<>(models.values()).get(random.nextInt(models.size()));
            final OrderEntry e = writer.wrap(addresses.get(m.engineId));
            if (step < 40)
            {
                final CommandType command = CommandType.values()[random.nextInt(CommandType.values().length)];
                final int location = random.nextInt(5) - 1;
                e.beginStep(sequence, sequence * 10, command, location);
                m.steps.add(new OrderRecord.Step(sequence, sequence * 10, command, m.state, location, List.of()));
                if (m.steps.size() > OrderRecord.MAX_STEPS)
                {
                    m.steps.remove(1);
                    m.stepsDropped++;
                }
            }
            else if (step < 65 && !m.steps.isEmpty())
            {
                final int location = random.nextInt(4);
                final int sku = random.nextInt(1 << 26);
                final long heldAfter = random.nextInt(100);
                e.held(location, sku, heldAfter);
                final OrderRecord.Step last = m.steps.get(m.steps.size() - 1);
                final List<OrderRecord.Change> changes = new ArrayList<>(last.changes());
                changes.add(new OrderRecord.Change(location, sku, heldAfter));
                m.steps.set(m.steps.size() - 1, new OrderRecord.Step(last.sequence(), last.timeMillis(),
                    last.command(), last.state(), last.location(), List.copyOf(changes)));
                final long[] held = m.allocations.computeIfAbsent((long)location << 32 | sku, k -> new long[2]);
                held[0] = Math.max(held[0], heldAfter);
                held[1] = heldAfter;
            }
            else if (step < 75 && !m.steps.isEmpty())
            {
                final OrderState state = OrderState.values()[random.nextInt(OrderState.values().length)];
                e.moveTo(OrderEntry.code(state));
                m.state = state.name();
                final OrderRecord.Step last = m.steps.get(m.steps.size() - 1);
                m.steps.set(m.steps.size() - 1, new OrderRecord.Step(last.sequence(), last.timeMillis(),
                    last.command(), m.state, last.location(), last.changes()));
            }
            else if (step < 82)
            {
                m.candidates = candidates(random);
                e.rerouted(order);
            }
            else if (step < 88)
            {
                m.closedAtMillis = sequence;
                m.expiresAtMillis = sequence * 3;
                e.closedAtMillis(m.closedAtMillis);
                e.expiresAtMillis(m.expiresAtMillis);
            }
            else if (step < 92)
            {
                e.trim();
            }
            else
            {
                slab.free(addresses.remove(m.engineId));
                models.remove(m.engineId);
            }
            if (step % 3 == 0)
            {
                slab.compact(mover);
            }
        }
        slab.compact(mover);
        final OrderEntry reader = new OrderEntry(slab);
        for (final Model m : models.values())
        {
            assertEquals(m.record(), reader.wrap(addresses.get(m.engineId)).record());
        }
        assertTrue(slab.chunkWords() <= 2L * slab.liveWords() + 1024,
            "held " + slab.chunkWords() + " words for " + slab.liveWords() + " live");
    }

    @Test
    void chunksOfClosedOrdersAreDroppedAndLongOpenOnesMovedOut()
    {
        begin();
        final Random random = new Random(7);
        // Enough orders for many chunks; every hundredth stays open, the rest are freed.
        for (long id = 1; id <= 100_000; id++)
        {
            create(id, random);
        }
        final long full = slab.chunkWords();
        for (long id = 1; id <= 100_000; id++)
        {
            if (id % 100 != 0)
            {
                slab.free(addresses.remove(id));
                models.remove(id);
            }
        }
        slab.compact(mover);
        assertTrue(slab.chunkWords() * 20 < full, "from " + full + " to " + slab.chunkWords() + " words");
        final OrderEntry reader = new OrderEntry(slab);
        for (final Model m : models.values())
        {
            assertEquals(m.record(), reader.wrap(addresses.get(m.engineId)).record());
        }
    }

    private void create(final long sequence, final Random random)
    {
        final Model m = new Model(sequence, sequence);
        final int lineCount = 1 + random.nextInt(3);
        order.clearInput();
        for (int i = 0; i < lineCount; i++)
        {
            final int sku = random.nextInt(1 << 26);
            final long quantity = 1 + random.nextInt(1 << 20) * (long)(1 << 20);
            order.addLine(sku, quantity);
            m.lines.add(new OrderRecord.Line(sku, quantity));
        }
        m.candidates = candidates(random);
        writer.create(sequence, sequence, sequence * 10, FulfilmentType.REGULAR, OrderEntry.code(OrderState.HELD), null,
            order.command(), order);
        addresses.put(sequence, writer.address());
        models.put(sequence, m);
    }

    /** @return random candidates, also set in {@link #routing}. */
    private List<OrderRecord.Candidate> candidates(final Random random)
    {
        routing.clear();
        final List<OrderRecord.Candidate> out = new ArrayList<>();
        final int count = random.nextInt(RoutingOutcome.MAX_CANDIDATES + 1);
        for (int k = 0; k < count; k++)
        {
            final int location = random.nextInt(1 << 16);
            final RoutingReason reason = random.nextInt(4) == 0 ? null :
                RoutingReason.values()[random.nextInt(RoutingReason.values().length)];
            // Up to half the Earth's circumference, and the -1 of no distance.
            final long meters = random.nextInt(20_000_001) - 1;
            routing.addCandidate(location, reason, meters);
            out.add(new OrderRecord.Candidate(location, reason, meters));
        }
        return out;
    }
}

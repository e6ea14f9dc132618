package io.omnistock.benchmarks;

import io.omnistock.api.FulfilmentType;
import io.omnistock.api.OrderState;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.RoutingReason;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.daemon.reads.OrderHistory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What the daemon's order read model ({@link OrderHistory}) costs per order, on its own thread,
 * without the journal: one operation is one order's life as the journal tells it, three records
 * (routed and held at one location with two candidates, confirmed, fulfilled), applied in turn.
 * Journal time moves 1 ms per record and closed orders are kept for 1 s of it, so the model holds
 * about 330 orders throughout, as a daemon in steady state holds its retention window.
 *
 * <p>The read model tails the journal beside the engine on a 2-core machine, so what it spends
 * per order, and the garbage it leaves for the collector, comes out of the same cores that answer
 * requests: read {@code gc.alloc.rate.norm} (B/op, with {@code -prof gc}) beside the time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {BenchmarkJvm.NO_ANALYTICS, "-Xms1g", "-Xmx1g"})
public class OrderReadModelBenchmark
{
    private static final int SKU = 7;
    private static final int LOCATION = 3;

    private final CommandSlot slot = new CommandSlot();
    private OrderHistory history;
    private long sequence;
    private long timeMillis;
    private long orderId;

    @Setup(Level.Trial)
    public void setUp()
    {
        history = new OrderHistory(Duration.ofSeconds(1));
        timeMillis = 1_800_000_000_000L;
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        history.close();
    }

    /** @return how many orders the model holds, so nothing is optimised away. */
    @Benchmark
    public int orderLifecycle()
    {
        final long id = ++orderId;
        history.apply(route(id));
        history.apply(confirm(id));
        history.apply(fulfil(id));
        return history.size();
    }

    private CommandSlot route(final long id)
    {
        begin();
        slot.routeOrder(1, id, 0, FulfilmentType.REGULAR, 0, 0, -1, 0, 0, 0);
        slot.addLine(SKU, 2);
        slot.reason = ReasonCode.OK;
        slot.routing.orderState = OrderState.HELD;
        slot.routing.expiresAt = timeMillis + 900_000;
        slot.routing.addAllocation(0, LOCATION, SKU, 2);
        slot.routing.addCandidate(LOCATION, RoutingReason.SELECTED, 1_200);
        slot.routing.addCandidate(LOCATION + 1, RoutingReason.INSUFFICIENT_STOCK, 800);
        slot.events.addAllocation(id, LOCATION, SKU, 2);
        slot.events.addOrder(id, OrderState.HELD);
        return slot;
    }

    private CommandSlot confirm(final long id)
    {
        begin();
        slot.confirmOrder(1, id);
        slot.reason = ReasonCode.OK;
        slot.routing.orderState = OrderState.CONFIRMED;
        slot.events.addOrder(id, OrderState.CONFIRMED);
        return slot;
    }

    private CommandSlot fulfil(final long id)
    {
        begin();
        slot.fulfilOrder(1, id, LOCATION);
        slot.reason = ReasonCode.OK;
        slot.routing.orderState = OrderState.FULFILLED;
        slot.events.addAllocation(id, LOCATION, SKU, 0);
        slot.events.addOrder(id, OrderState.FULFILLED);
        return slot;
    }

    private void begin()
    {
        slot.clearInput();
        slot.clearResult();
        slot.sequence = ++sequence;
        slot.timestamp = ++timeMillis;
    }
}

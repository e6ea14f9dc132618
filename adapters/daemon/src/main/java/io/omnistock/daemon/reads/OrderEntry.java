package io.omnistock.daemon.reads;

import io.omnistock.api.CommandType;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.OrderState;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.RoutingReason;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One order in the read model, mutable and compact: its lines, allocations, candidates and steps
 * are tuples in five {@code long[]}s, changed in place by the tail thread and read under the
 * model's lock. The benchmarks module's {@code OrderReadModelBenchmark} measured why: the immutable record rebuilt on every
 * change (lists copied, a record per line, allocation, candidate, step and change) left 3,476 bytes
 * of garbage per order's life of three records, collected on the same two cores that answer requests.
 *
 * <p>Tuple layouts, each a run of longs: a line is (sku, quantity); an allocation (location, sku,
 * most held, held now); a candidate (location, routing reason ordinal or -1, distance in meters); a
 * step (sequence, time, command ordinal or -1, state code, location or -1, how many changes); a
 * change (location, sku, held after). Changes are kept in step order, so a step's changes follow
 * those of the steps before it.
 */
final class OrderEntry implements OrderView
{
    static final int LINE_WORDS = 2;
    static final int ALLOCATION_WORDS = 4;
    static final int CANDIDATE_WORDS = 3;
    static final int STEP_WORDS = 6;
    static final int CHANGE_WORDS = 3;
    /** The state code of a route the engine refused. */
    static final int REJECTED = -1;
    /** An order's usual life (routed, confirmed, handed over) fits without growing. */
    private static final int INITIAL_STEPS = 3;

    private static final OrderState[] STATES = OrderState.values();
    private static final CommandType[] COMMANDS = CommandType.values();
    private static final RoutingReason[] REASONS = RoutingReason.values();

    final long engineId;
    final long createdSequence;
    final long createdAtMillis;
    final FulfilmentType type;
    final ReasonCode rejection;
    int state;
    long expiresAtMillis;
    long closedAtMillis;
    int stepsDropped;

    private final long[] lines;
    private long[] allocations = new long[ALLOCATION_WORDS];
    private int allocationCount;
    private long[] candidates;
    private int candidateCount;
    private long[] steps = new long[INITIAL_STEPS * STEP_WORDS];
    private int stepCount;
    private long[] changes = new long[INITIAL_STEPS * CHANGE_WORDS];
    private int changeCount;

    OrderEntry(final long engineId, final long createdSequence, final long createdAtMillis, final FulfilmentType type,
        final int state, final ReasonCode rejection, final long[] lines, final long[] candidates)
    {
        this.engineId = engineId;
        this.createdSequence = createdSequence;
        this.createdAtMillis = createdAtMillis;
        this.type = type;
        this.state = state;
        this.rejection = rejection;
        this.lines = lines;
        this.candidates = candidates;
        this.candidateCount = candidates.length / CANDIDATE_WORDS;
    }

    static int code(final OrderState state)
    {
        return state.ordinal();
    }

    static boolean terminal(final int state)
    {
        return state >= 0 && OrderRecord.terminal(STATES[state]);
    }

    static String name(final int state)
    {
        return state == REJECTED ? OrderRecord.REJECTED : STATES[state].name();
    }

    @Override
    public long engineId()
    {
        return engineId;
    }

    @Override
    public long createdAtMillis()
    {
        return createdAtMillis;
    }

    @Override
    public String state()
    {
        return name(state);
    }

    boolean closed()
    {
        return closedAtMillis > 0;
    }

    @Override
    public boolean touches(final int location)
    {
        for (int i = 0; i < allocationCount; i++)
        {
            if (allocations[i * ALLOCATION_WORDS] == location)
            {
                return true;
            }
        }
        return false;
    }

    /** @return the sequence of its newest step, or 0 with none. */
    long lastStepSequence()
    {
        return stepCount == 0 ? 0 : steps[(stepCount - 1) * STEP_WORDS];
    }

    /**
     * Begins a step in the order's current state. At {@link OrderRecord#MAX_STEPS} the second step
     * goes: the first (how it was routed) and the newest tell the most.
     */
    void beginStep(final long sequence, final long timeMillis, final CommandType command, final int location)
    {
        if (stepCount == OrderRecord.MAX_STEPS)
        {
            dropSecondStep();
        }
        steps = roomForOne(steps, stepCount, STEP_WORDS);
        final int at = stepCount++ * STEP_WORDS;
        steps[at] = sequence;
        steps[at + 1] = timeMillis;
        steps[at + 2] = command == null ? -1 : command.ordinal();
        steps[at + 3] = state;
        steps[at + 4] = location;
        steps[at + 5] = 0;
    }

    /** Moves the order, and its newest step, to {@code newState}. */
    void moveTo(final int newState)
    {
        state = newState;
        steps[(stepCount - 1) * STEP_WORDS + 3] = newState;
    }

    /** Records in the newest step, and in the allocations, that it now holds {@code heldAfter} there. */
    void held(final int location, final int sku, final long heldAfter)
    {
        changes = roomForOne(changes, changeCount, CHANGE_WORDS);
        final int at = changeCount++ * CHANGE_WORDS;
        changes[at] = location;
        changes[at + 1] = sku;
        changes[at + 2] = heldAfter;
        steps[(stepCount - 1) * STEP_WORDS + 5]++;
        for (int i = 0; i < allocationCount; i++)
        {
            final int a = i * ALLOCATION_WORDS;
            if (allocations[a] == location && allocations[a + 1] == sku)
            {
                allocations[a + 2] = Math.max(allocations[a + 2], heldAfter);
                allocations[a + 3] = heldAfter;
                return;
            }
        }
        allocations = roomForOne(allocations, allocationCount, ALLOCATION_WORDS);
        final int a = allocationCount++ * ALLOCATION_WORDS;
        allocations[a] = location;
        allocations[a + 1] = sku;
        allocations[a + 2] = heldAfter;
        allocations[a + 3] = heldAfter;
    }

    /** @param candidates the routing explanation of its newest routing, in {@link #CANDIDATE_WORDS} tuples. */
    void rerouted(final long[] candidates)
    {
        this.candidates = candidates;
        this.candidateCount = candidates.length / CANDIDATE_WORDS;
    }

    /** @return {@code tuples}, or a copy twice its size when it has no room for one more tuple. */
    private static long[] roomForOne(final long[] tuples, final int count, final int words)
    {
        return (count + 1) * words > tuples.length ? Arrays.copyOf(tuples, tuples.length * 2) : tuples;
    }

    private void dropSecondStep()
    {
        final int firstChanges = (int)steps[5];
        final int secondChanges = (int)steps[STEP_WORDS + 5];
        System.arraycopy(steps, 2 * STEP_WORDS, steps, STEP_WORDS, (stepCount - 2) * STEP_WORDS);
        stepCount--;
        final int from = (firstChanges + secondChanges) * CHANGE_WORDS;
        System.arraycopy(changes, from, changes, firstChanges * CHANGE_WORDS, changeCount * CHANGE_WORDS - from);
        changeCount -= secondChanges;
        stepsDropped++;
    }

    /** @return the order as an immutable record: the caller holds the model's lock. */
    OrderRecord record()
    {
        final List<OrderRecord.Line> lineList = new ArrayList<>(lines.length / LINE_WORDS);
        for (int i = 0; i < lines.length; i += LINE_WORDS)
        {
            lineList.add(new OrderRecord.Line((int)lines[i], lines[i + 1]));
        }
        final List<OrderRecord.Allocation> allocationList = new ArrayList<>(allocationCount);
        for (int i = 0; i < allocationCount * ALLOCATION_WORDS; i += ALLOCATION_WORDS)
        {
            allocationList.add(new OrderRecord.Allocation((int)allocations[i], (int)allocations[i + 1],
                allocations[i + 2], allocations[i + 3]));
        }
        final List<OrderRecord.Candidate> candidateList = new ArrayList<>(candidateCount);
        for (int i = 0; i < candidateCount * CANDIDATE_WORDS; i += CANDIDATE_WORDS)
        {
            candidateList.add(new OrderRecord.Candidate((int)candidates[i],
                candidates[i + 1] < 0 ? null : REASONS[(int)candidates[i + 1]], candidates[i + 2]));
        }
        final List<OrderRecord.Step> stepList = new ArrayList<>(stepCount);
        int change = 0;
        for (int i = 0; i < stepCount * STEP_WORDS; i += STEP_WORDS)
        {
            final List<OrderRecord.Change> changeList = new ArrayList<>((int)steps[i + 5]);
            for (int k = 0; k < steps[i + 5]; k++, change += CHANGE_WORDS)
            {
                changeList.add(new OrderRecord.Change((int)changes[change], (int)changes[change + 1], changes[change + 2]));
            }
            stepList.add(new OrderRecord.Step(steps[i], steps[i + 1], steps[i + 2] < 0 ? null : COMMANDS[(int)steps[i + 2]],
                name((int)steps[i + 3]), (int)steps[i + 4], List.copyOf(changeList)));
        }
        return new OrderRecord(engineId, createdSequence, createdAtMillis, type, name(state), rejection, expiresAtMillis,
            List.copyOf(lineList), List.copyOf(allocationList), List.copyOf(candidateList), List.copyOf(stepList),
            stepsDropped, closedAtMillis);
    }
}

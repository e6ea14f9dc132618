package io.omnistock.daemon.reads;

import io.omnistock.api.CommandType;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Limits;
import io.omnistock.api.OrderState;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.ResultView;
import io.omnistock.api.RoutingReason;
import io.omnistock.core.journal.CommandFields;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A view of one order's record in the {@link OrderSlab}: a flyweight moved from order to order, so
 * the model holds no object per order. The tail's writer changes the record in place under the
 * model's lock; readers look under the same lock and take an immutable {@link OrderRecord} out.
 *
 * <p>Record layout, in longs: a header ({@link #HEADER_WORDS}), then its lines, candidates,
 * allocations, steps and changes, each a run of tuples in that order (the later a section, the more
 * often it grows, so a growth moves little). Small fields share words: a routed one-line order
 * with one allocation and two candidates takes 24 words with room for its next step, and 29 once
 * fulfilled and trimmed, where the objects before took 552 to 581 bytes (docs/benchmarks.md run 37).
 * <ul>
 *   <li>header: capacity (the slab's), engine id, creating sequence, created at, expires at, closed
 *       at, then {@code type+1 | state+1 << 8 | rejection+1 << 16 | stepsDropped << 32}, then the
 *       counts {@code lines | candidates << 16 | allocations << 32 | steps << 48}, then the changes' count;</li>
 *   <li>a line: SKU, quantity;</li>
 *   <li>a candidate: {@code location | reason+1 << 16 | distance << 24}, one word: locations are
 *       below 2<sup>16</sup> ({@link Limits#MAX_LOCATIONS}) and a distance on the Earth needs 26 of
 *       the 40 bits left;</li>
 *   <li>an allocation: {@code location << 32 | sku}, most held, held now;</li>
 *   <li>a step: sequence, time, {@code command+1 | state+1 << 8 | location+1 << 16 | changes << 48};</li>
 *   <li>a change: {@code location << 32 | sku}, held after.</li>
 * </ul>
 * Changes are kept in step order, so a step's changes follow those of the steps before it.
 */
final class OrderEntry implements OrderView
{
    /** The state code of a route the engine refused. */
    static final int REJECTED = -1;

    static final int HEADER_WORDS = 9;
    static final int LINE_WORDS = 2;
    static final int CANDIDATE_WORDS = 1;
    static final int ALLOCATION_WORDS = 3;
    static final int STEP_WORDS = 3;
    static final int CHANGE_WORDS = 2;

    private static final int ENGINE_ID = 1;
    private static final int CREATED_SEQUENCE = 2;
    private static final int CREATED_AT = 3;
    private static final int EXPIRES_AT = 4;
    private static final int CLOSED_AT = 5;
    private static final int PACKED = 6;
    private static final int COUNTS = 7;
    private static final int CHANGE_COUNT = 8;

    private static final int DISTANCE_SHIFT = 24;

    private static final OrderState[] STATES = OrderState.values();
    private static final CommandType[] COMMANDS = CommandType.values();
    private static final RoutingReason[] REASONS = RoutingReason.values();
    private static final FulfilmentType[] TYPES = FulfilmentType.values();
    private static final ReasonCode[] REASON_CODES = ReasonCode.values();

    private final OrderSlab slab;
    private final OrderSlab.Mover grown;
    private long record = -1;
    private long[] words;
    private int at;

    /** A view that only reads. */
    OrderEntry(final OrderSlab slab)
    {
        this(slab, moved ->
        {
            throw new IllegalStateException("a reading view changed an order");
        });
    }

    /** @param grown told the new address when a change outgrows the record's room. */
    OrderEntry(final OrderSlab slab, final OrderSlab.Mover grown)
    {
        this.slab = slab;
        this.grown = grown;
    }

    /** @return this view, at the record at {@code record}. */
    OrderEntry wrap(final long record)
    {
        this.record = record;
        this.words = slab.words(record);
        this.at = OrderSlab.offset(record);
        return this;
    }

    long address()
    {
        return record;
    }

    /**
     * Makes a new order's record and moves this view to it.
     *
     * @param state        its state code ({@link #code}, or {@link #REJECTED}).
     * @param rejection    why its route was refused, or null.
     * @param lines        the order as written: its lines' SKUs and quantities.
     * @param routing      whose candidates explain the routing.
     */
    OrderEntry create(final long engineId, final long createdSequence, final long createdAtMillis,
        final FulfilmentType type, final int state, final ReasonCode rejection, final CommandFields lines,
        final ResultView routing)
    {
        final int lineCount = lines.lineCount();
        final int candidateCount = routing.candidateCount();
        final int exact = HEADER_WORDS + lineCount * LINE_WORDS + candidateCount * CANDIDATE_WORDS;
        // Room for what a routed order records next: the route's own step with an allocation and a
        // change per line, and one more step (a confirmation, an extension).
        wrap(slab.allocate(exact + 2 * STEP_WORDS + lineCount * (ALLOCATION_WORDS + CHANGE_WORDS)));
        words[at + ENGINE_ID] = engineId;
        words[at + CREATED_SEQUENCE] = createdSequence;
        words[at + CREATED_AT] = createdAtMillis;
        words[at + PACKED] = packed(type == null ? 0 : type.ordinal() + 1, state + 1,
            rejection == null ? 0 : rejection.ordinal() + 1, 0);
        words[at + COUNTS] = counts(lineCount, candidateCount, 0, 0);
        for (int i = 0; i < lineCount; i++)
        {
            words[at + HEADER_WORDS + i * LINE_WORDS] = lines.lineSku(i);
            words[at + HEADER_WORDS + i * LINE_WORDS + 1] = lines.lineQuantity(i);
        }
        writeCandidates(routing);
        return this;
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
        return words[at + ENGINE_ID];
    }

    long createdSequence()
    {
        return words[at + CREATED_SEQUENCE];
    }

    @Override
    public long createdAtMillis()
    {
        return words[at + CREATED_AT];
    }

    long closedAtMillis()
    {
        return words[at + CLOSED_AT];
    }

    void closedAtMillis(final long closedAtMillis)
    {
        words[at + CLOSED_AT] = closedAtMillis;
    }

    void expiresAtMillis(final long expiresAtMillis)
    {
        words[at + EXPIRES_AT] = expiresAtMillis;
    }

    /** @return its state code: an {@link OrderState} ordinal or {@link #REJECTED}. */
    int stateCode()
    {
        return (int)(words[at + PACKED] >>> 8 & 0xFF) - 1;
    }

    @Override
    public String state()
    {
        return name(stateCode());
    }

    boolean closed()
    {
        return closedAtMillis() > 0;
    }

    @Override
    public boolean touches(final int location)
    {
        final int from = allocationsAt();
        for (int i = 0; i < allocationCount(); i++)
        {
            if ((int)(words[from + i * ALLOCATION_WORDS] >>> 32) == location)
            {
                return true;
            }
        }
        return false;
    }

    /** @return the sequence of its newest step, or 0 with none. */
    long lastStepSequence()
    {
        final int steps = stepCount();
        return steps == 0 ? 0 : words[stepsAt() + (steps - 1) * STEP_WORDS];
    }

    /**
     * Begins a step in the order's current state. At {@link OrderRecord#MAX_STEPS} the second step
     * goes: the first (how it was routed) and the newest tell the most.
     */
    void beginStep(final long sequence, final long timeMillis, final CommandType command, final int location)
    {
        if (stepCount() == OrderRecord.MAX_STEPS)
        {
            dropSecondStep();
        }
        final int step = insert(stepsAt() + stepCount() * STEP_WORDS, STEP_WORDS);
        words[step] = sequence;
        words[step + 1] = timeMillis;
        words[step + 2] = stepWord(command == null ? 0 : command.ordinal() + 1, stateCode() + 1, location + 1, 0);
        addCounts(0, 0, 0, 1);
    }

    /** Moves the order, and its newest step, to {@code newState}. */
    void moveTo(final int newState)
    {
        final long p = words[at + PACKED];
        words[at + PACKED] = p & ~0xFF00L | (long)(newState + 1) << 8;
        final int info = newestStep() + 2;
        words[info] = words[info] & ~0xFF00L | (long)(newState + 1) << 8;
    }

    /** Records in the newest step, and in the allocations, that it now holds {@code heldAfter} there. */
    void held(final int location, final int sku, final long heldAfter)
    {
        final long key = (long)location << 32 | sku;
        final int change = insert(changesAt() + changeCount() * CHANGE_WORDS, CHANGE_WORDS);
        words[change] = key;
        words[change + 1] = heldAfter;
        words[at + CHANGE_COUNT]++;
        words[newestStep() + 2] += 1L << 48;
        final int from = allocationsAt();
        for (int i = 0; i < allocationCount(); i++)
        {
            final int a = from + i * ALLOCATION_WORDS;
            if (words[a] == key)
            {
                words[a + 1] = Math.max(words[a + 1], heldAfter);
                words[a + 2] = heldAfter;
                return;
            }
        }
        final int a = insert(from + allocationCount() * ALLOCATION_WORDS, ALLOCATION_WORDS);
        words[a] = key;
        words[a + 1] = heldAfter;
        words[a + 2] = heldAfter;
        addCounts(0, 0, 1, 0);
    }

    /** Replaces the routing explanation with that of its newest routing. */
    void rerouted(final ResultView routing)
    {
        final int delta = routing.candidateCount() - candidateCount();
        final int end = candidatesAt() + candidateCount() * CANDIDATE_WORDS;
        if (delta > 0)
        {
            insert(end, delta * CANDIDATE_WORDS);
        }
        else if (delta < 0)
        {
            remove(end + delta * CANDIDATE_WORDS, -delta * CANDIDATE_WORDS);
        }
        addCounts(0, delta, 0, 0);
        writeCandidates(routing);
    }

    /**
     * Gives back the room kept for growth, in place: for an order that closed, whose record is then
     * kept unchanged for the retention window.
     */
    void trim()
    {
        slab.shrink(record, usedWords());
    }

    /** Copies the record's {@code used} words to a new one of {@code capacity} and frees this one. */
    private void moveTo(final int used, final int capacity)
    {
        final long moved = slab.allocate(capacity);
        System.arraycopy(words, at + 1, slab.words(moved), OrderSlab.offset(moved) + 1, used - 1);
        slab.free(record);
        wrap(moved);
        grown.moved(moved);
    }

    /** @return the order as an immutable record: the caller holds the model's lock. */
    OrderRecord record()
    {
        final List<OrderRecord.Line> lines = new ArrayList<>(lineCount());
        for (int i = 0, w = at + HEADER_WORDS; i < lineCount(); i++, w += LINE_WORDS)
        {
            lines.add(new OrderRecord.Line((int)words[w], words[w + 1]));
        }
        final List<OrderRecord.Candidate> candidates = new ArrayList<>(candidateCount());
        for (int i = 0, w = candidatesAt(); i < candidateCount(); i++, w += CANDIDATE_WORDS)
        {
            final long c = words[w];
            final int reason = (int)(c >>> 16 & 0xFF) - 1;
            candidates.add(new OrderRecord.Candidate((int)(c & 0xFFFF), reason < 0 ? null : REASONS[reason],
                c >> DISTANCE_SHIFT));
        }
        final List<OrderRecord.Allocation> allocations = new ArrayList<>(allocationCount());
        for (int i = 0, w = allocationsAt(); i < allocationCount(); i++, w += ALLOCATION_WORDS)
        {
            allocations.add(new OrderRecord.Allocation((int)(words[w] >>> 32), (int)words[w], words[w + 1], words[w + 2]));
        }
        final List<OrderRecord.Step> steps = new ArrayList<>(stepCount());
        int change = changesAt();
        for (int i = 0, w = stepsAt(); i < stepCount(); i++, w += STEP_WORDS)
        {
            final long info = words[w + 2];
            final int changeCount = (int)(info >>> 48);
            final List<OrderRecord.Change> changes = new ArrayList<>(changeCount);
            for (int k = 0; k < changeCount; k++, change += CHANGE_WORDS)
            {
                changes.add(new OrderRecord.Change((int)(words[change] >>> 32), (int)words[change], words[change + 1]));
            }
            final int command = (int)(info & 0xFF) - 1;
            steps.add(new OrderRecord.Step(words[w], words[w + 1], command < 0 ? null : COMMANDS[command],
                name((int)(info >>> 8 & 0xFF) - 1), (int)(info >>> 16 & 0xFFFF_FFFFL) - 1, List.copyOf(changes)));
        }
        final long p = words[at + PACKED];
        final int type = (int)(p & 0xFF) - 1;
        final int rejection = (int)(p >>> 16 & 0xFFFF) - 1;
        return new OrderRecord(engineId(), createdSequence(), createdAtMillis(), type < 0 ? null : TYPES[type],
            name(stateCode()), rejection < 0 ? null : REASON_CODES[rejection], words[at + EXPIRES_AT],
            List.copyOf(lines), List.copyOf(allocations), List.copyOf(candidates), List.copyOf(steps),
            (int)(p >>> 32), closedAtMillis());
    }

    private void writeCandidates(final ResultView routing)
    {
        final int from = candidatesAt();
        for (int k = 0; k < routing.candidateCount(); k++)
        {
            final long distance = routing.candidateDistanceMeters(k);
            assert distance == distance << DISTANCE_SHIFT >> DISTANCE_SHIFT : "a distance beyond 40 bits: " + distance;
            final RoutingReason reason = routing.candidateReason(k);
            words[from + k] = routing.candidateLocation(k) & 0xFFFFL |
                (long)(reason == null ? 0 : reason.ordinal() + 1) << 16 | distance << DISTANCE_SHIFT;
        }
    }

    private void dropSecondStep()
    {
        final int steps = stepsAt();
        final int firstChanges = (int)(words[steps + 2] >>> 48);
        final int secondChanges = (int)(words[steps + STEP_WORDS + 2] >>> 48);
        remove(changesAt() + firstChanges * CHANGE_WORDS, secondChanges * CHANGE_WORDS);
        words[at + CHANGE_COUNT] -= secondChanges;
        remove(steps + STEP_WORDS, STEP_WORDS);
        addCounts(0, 0, 0, -1);
        words[at + PACKED] += 1L << 32;
    }

    /**
     * Opens {@code n} zeroed words at {@code position} (an absolute index into {@link #words}),
     * shifting what follows; moves the record first when it has no room.
     *
     * @return where the opened words now are.
     */
    private int insert(final int position, final int n)
    {
        final int used = usedWords();
        final int relative = position - at;
        if (used + n > slab.capacity(record))
        {
            // With room for one more step and a change per line: an order's history grows a step
            // at a time, at most MAX_STEPS, and a record half again its size left more garbage
            // when the order then closed (475 against 336 bytes per fulfilled order, OrderFootprint).
            moveTo(used, used + n + STEP_WORDS + lineCount() * CHANGE_WORDS);
        }
        final int from = at + relative;
        System.arraycopy(words, from, words, from + n, at + used - from);
        Arrays.fill(words, from, from + n, 0L);
        return from;
    }

    private void remove(final int position, final int n)
    {
        final int end = at + usedWords();
        System.arraycopy(words, position + n, words, position, end - position - n);
        Arrays.fill(words, end - n, end, 0L);
    }

    private int usedWords()
    {
        return HEADER_WORDS + lineCount() * LINE_WORDS + candidateCount() * CANDIDATE_WORDS +
            allocationCount() * ALLOCATION_WORDS + stepCount() * STEP_WORDS + changeCount() * CHANGE_WORDS;
    }

    private int newestStep()
    {
        return stepsAt() + (stepCount() - 1) * STEP_WORDS;
    }

    private int lineCount()
    {
        return (int)(words[at + COUNTS] & 0xFFFF);
    }

    private int candidateCount()
    {
        return (int)(words[at + COUNTS] >>> 16 & 0xFFFF);
    }

    private int allocationCount()
    {
        return (int)(words[at + COUNTS] >>> 32 & 0xFFFF);
    }

    private int stepCount()
    {
        return (int)(words[at + COUNTS] >>> 48);
    }

    private int changeCount()
    {
        return (int)words[at + CHANGE_COUNT];
    }

    private int candidatesAt()
    {
        return at + HEADER_WORDS + lineCount() * LINE_WORDS;
    }

    private int allocationsAt()
    {
        return candidatesAt() + candidateCount() * CANDIDATE_WORDS;
    }

    private int stepsAt()
    {
        return allocationsAt() + allocationCount() * ALLOCATION_WORDS;
    }

    private int changesAt()
    {
        return stepsAt() + stepCount() * STEP_WORDS;
    }

    private void addCounts(final int lines, final int candidates, final int allocations, final int steps)
    {
        words[at + COUNTS] += counts(lines, candidates, allocations, steps);
    }

    private static long counts(final int lines, final int candidates, final int allocations, final int steps)
    {
        return lines + ((long)candidates << 16) + ((long)allocations << 32) + ((long)steps << 48);
    }

    private static long packed(final int type, final int state, final int rejection, final int stepsDropped)
    {
        return type | (long)state << 8 | (long)rejection << 16 | (long)stepsDropped << 32;
    }

    private static long stepWord(final int command, final int state, final int location, final int changes)
    {
        return command | (long)state << 8 | ((long)location & 0xFFFF_FFFFL) << 16 | (long)changes << 48;
    }
}

package io.omnistock.core.command;

import io.omnistock.api.CommandType;
import io.omnistock.api.CommandWriter;
import io.omnistock.api.OrderState;
import io.omnistock.api.PolicyScope;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.ReplenishmentPolicy;
import io.omnistock.api.EventView;
import io.omnistock.api.ResultListener;
import io.omnistock.api.RoutingReason;
import io.omnistock.api.Tier;
import io.omnistock.core.journal.CommandFields;
import io.omnistock.core.journal.JournalRecord;

import java.util.concurrent.CompletableFuture;

/**
 * One pre-allocated entry of the command ring: the command as written by a producer, the sequence
 * and time the engine stamped on it, and the outcome the business logic wrote back. The same
 * object flows producer -> business logic -> journal -> result listener, so nothing is copied
 * or allocated per command.
 *
 * <p>Fields are public in the style of an event in a ring: the stages that read and write them
 * are the engine's own, and a field per stage keeps the data path visible.
 */
public final class CommandSlot extends CommandInput implements JournalRecord
{
    // ---- input: CommandInput, generated from engine-api/src/main/schema/commands.xml ----

    // ---- routing of the answer: never journaled ----
    public ResultListener listener;
    /** Where the listener finds who hears this command's result, when it keeps them beside the ring. */
    public int resultConsumer;
    public ControlType control = ControlType.NONE;
    public CompletableFuture<Long> controlReply;
    public long controlValue;
    public Throwable controlError;
    /** For {@link ControlType#READ}: run on the business-logic thread between commands. */
    public java.util.function.Consumer<io.omnistock.core.state.EngineState> controlRead;

    // ---- stamped by the sequencer ----
    public long sequence;
    public long timestamp;
    /** Whether the journal stage must write this slot; set by the business-logic stage. */
    public boolean journal;

    // ---- outcome: written by the business logic ----
    public ReasonCode reason;
    public ReasonCode originalReason;
    public int assignedId;
    public int resultLocation;
    public int resultSku;
    public long resultHeld;
    public long resultOnHand;
    public long resultReserved;
    public long resultInTransit;
    public long resultSafetyStock;
    public final long[] tierAvailable = new long[Tier.COUNT];
    /** For a channel availability query, what the channel may still be promised; else -1. */
    public long channelAvailable;
    public final OutputEvents events = new OutputEvents(this);
    public final RoutingOutcome routing = new RoutingOutcome();
    /** Every rule set the routing tried, explained for the result: never journaled. */
    public final RuleSetExplanations ruleSets = new RuleSetExplanations();
    /** The input, read only, for {@link JournalRecord} readers. */
    private final CommandFields fields = new CommandInputFields(this);

    /**
     * Resets every input field, so a translator that writes nothing (or throws) leaves an
     * unknown command rather than the previous occupant's.
     */
    public void clearInput()
    {
        clearInput(null);
    }

    /**
     * Empties the slot of any command, as {@link #clearInput()} does, but for {@code listener} to
     * hear its answer: a slot the ring publishes though no command was described into it (its
     * translator failed) is answered {@code UNKNOWN_COMMAND}.
     */
    public void clearInput(final ResultListener listener)
    {
        resetInput(null, 0);
        this.listener = listener;
        clearControl();
    }

    /**
     * Readies a ring slot for a translator to describe a command answered to {@code listener}, as
     * {@link #clearInput} does but storing no reference that has not changed: the command type and
     * the listener stay until they differ. A reference stored into a ring slot, which lives as long
     * as the engine, makes G1 refine the slot's card; storing one per command kept G1's refinement
     * threads busier than the business logic on a bulk load (docs/benchmarks.md run 50). Call
     * {@link #finishInput} once the translator has written.
     */
    public void prepareInput(final ResultListener listener)
    {
        resetInput(type, 0);
        inputWritten = false;
        if (this.listener != listener)
        {
            this.listener = listener;
        }
        clearControl();
    }

    /** After {@link #prepareInput}: a translator that described no command leaves an unknown one. */
    public void finishInput()
    {
        if (!inputWritten)
        {
            type = null;
        }
    }

    private void clearControl()
    {
        if (control != ControlType.NONE)
        {
            control = ControlType.NONE;
        }
        controlReply = null;
        controlValue = 0;
        controlError = null;
        controlRead = null;
        sequence = 0;
        timestamp = 0;
        journal = false;
    }

    /**
     * Resets the outcome before the business logic runs.
     */
    public void clearResult()
    {
        reason = null;
        originalReason = null;
        clearOutcome();
    }

    /**
     * Reads one field of each object {@link #clearOutcome} writes: called while warming a batch, so
     * that their cache misses overlap across the batch rather than stall each command in turn. In
     * a 16,384-slot ring those objects are cold by the time a slot comes round again: the reset was
     * 36 ns of the writer's 680 a command in the pipeline against 4 ns on one hot slot (run 51).
     *
     * @return a value made of what was read, for the caller to keep so the reads are not elided.
     */
    public long warmOutcome()
    {
        return events.count() + routing.allocationCount + ruleSets.count() + tierAvailable[0];
    }

    /**
     * Resets the outcome but its reasons, for a caller that always decides them ({@link #decide}).
     */
    public void clearOutcome()
    {
        assignedId = -1;
        resultLocation = -1;
        resultSku = -1;
        resultHeld = 0;
        resultOnHand = 0;
        resultReserved = 0;
        resultInTransit = 0;
        resultSafetyStock = 0;
        for (int i = 0; i < tierAvailable.length; i++)
        {
            tierAvailable[i] = 0;
        }
        channelAvailable = -1;
        events.clear();
        routing.clear();
        ruleSets.clear();
    }

    /**
     * Sets the command's reason and the reason its first instance got (the same but for a
     * duplicate), storing each only if it changed: see {@link #prepareInput} for why.
     */
    public void decide(final ReasonCode reason, final ReasonCode originalReason)
    {
        if (this.reason != reason)
        {
            this.reason = reason;
        }
        if (this.originalReason != originalReason)
        {
            this.originalReason = originalReason;
        }
    }

    /**
     * Copies the input of another slot (replay feeds journaled input through the same logic).
     */
    public void copyInputFrom(final CommandSlot other)
    {
        prepareInput(null);
        copyInputFields(other);
        sequence = other.sequence;
        timestamp = other.timestamp;
    }

    /**
     * @return whether the command can change state, i.e. is journaled when it is processed.
     *     A slot with no valid type is journaled too, as a rejection.
     */
    public boolean isJournaledType()
    {
        return control == ControlType.NONE && (type == null || type.journaled());
    }

    // ---- CommandWriter: the forms the schema's writers do not cover ----

    @Override
    public void reserveWithReference(final long commandId, final long reservationId, final int location, final int sku,
        final long quantity, final String externalReference, final String metadata)
    {
        reserve(commandId, reservationId, location, sku, quantity);
        this.externalReference = externalReference;
        this.metadata = metadata;
    }

    @Override
    public void setPositionPolicy(final long commandId, final int location, final int sku,
        final ReplenishmentPolicy policy)
    {
        replenishmentRule(commandId, PolicyScope.POSITION, location, sku, null, policy);
    }

    @Override
    public void setLocationPolicy(final long commandId, final int location, final ReplenishmentPolicy policy)
    {
        replenishmentRule(commandId, PolicyScope.LOCATION, location, -1, null, policy);
    }

    @Override
    public void setTierPolicy(final long commandId, final Tier tier, final ReplenishmentPolicy policy)
    {
        replenishmentRule(commandId, PolicyScope.TIER, -1, -1, tier, policy);
    }

    /** A removed policy ({@code null}) is a rule of no kind, every level 0 and no source. */
    private void replenishmentRule(final long commandId, final int scope, final int location, final int sku,
        final Tier scopeTier, final ReplenishmentPolicy policy)
    {
        if (policy == null)
        {
            setReplenishmentRule(commandId, scope, location, sku, scopeTier, null, 0, -1, 0, 0, 0, 0, 0, 0);
            return;
        }
        setReplenishmentRule(commandId, scope, location, sku, scopeTier, policy.kind(), policy.reorderLevel(),
            policy.sourceLocation(), policy.orderUpToLevel(), policy.overstockLevel(), policy.packSize(),
            policy.minOrderQuantity(), policy.leadTimeHours(), policy.slowMoverDays());
    }

    @Override
    public void queryChannelAvailability(final long commandId, final int channel, final int sku)
    {
        queryAvailability(commandId, sku);
        this.channel = channel;
    }

    // ---- JournalRecord ----

    @Override
    public CommandFields command()
    {
        return fields;
    }

    @Override
    public int eventCount()
    {
        return events.count();
    }

    @Override
    public EventView event(final int index)
    {
        return events.moveTo(index);
    }

    // ---- ResultView ----

    @Override
    public long commandId()
    {
        return commandId;
    }

    @Override
    public CommandType type()
    {
        return type;
    }

    @Override
    public long sequence()
    {
        return sequence;
    }

    @Override
    public long timestamp()
    {
        return timestamp;
    }

    @Override
    public ReasonCode reason()
    {
        return reason;
    }

    @Override
    public ReasonCode originalReason()
    {
        return originalReason;
    }

    @Override
    public int assignedId()
    {
        return assignedId;
    }

    @Override
    public int location()
    {
        return resultLocation;
    }

    @Override
    public int sku()
    {
        return resultSku;
    }

    @Override
    public long reservationId()
    {
        return reservationId;
    }

    @Override
    public long held()
    {
        return resultHeld;
    }

    @Override
    public long onHand()
    {
        return resultOnHand;
    }

    @Override
    public long reserved()
    {
        return resultReserved;
    }

    @Override
    public long inTransit()
    {
        return resultInTransit;
    }

    @Override
    public long safetyStock()
    {
        return resultSafetyStock;
    }

    @Override
    public long available()
    {
        return OutputEvents.available(resultOnHand, resultReserved, resultSafetyStock);
    }

    @Override
    public long networkAvailable()
    {
        if (channelAvailable >= 0)
        {
            return channelAvailable;
        }
        long sum = 0;
        for (final long tierSum : tierAvailable)
        {
            sum += tierSum;
        }
        return sum;
    }

    @Override
    public long tierAvailable(final Tier tier)
    {
        return tierAvailable[tier.ordinal()];
    }

    @Override
    public long orderId()
    {
        return orderId;
    }

    @Override
    public OrderState orderState()
    {
        return routing.orderState();
    }

    @Override
    public long expiresAt()
    {
        return routing.expiresAt;
    }

    @Override
    public int allocationCount()
    {
        return routing.allocationCount;
    }

    @Override
    public int allocationLine(final int i)
    {
        return routing.allocationLine[i];
    }

    @Override
    public int allocationLocation(final int i)
    {
        return routing.allocationLocation[i];
    }

    @Override
    public int allocationSku(final int i)
    {
        return routing.allocationSku[i];
    }

    @Override
    public long allocationQuantity(final int i)
    {
        return routing.allocationQuantity[i];
    }

    @Override
    public int unfilledLineCount()
    {
        return routing.unfilledCount;
    }

    @Override
    public int unfilledLine(final int i)
    {
        return routing.unfilledLine[i];
    }

    @Override
    public int candidateCount()
    {
        return routing.candidateCount;
    }

    @Override
    public int candidateLocation(final int i)
    {
        return routing.candidateLocation[i];
    }

    @Override
    public RoutingReason candidateReason(final int i)
    {
        return routing.candidateReason(i);
    }

    @Override
    public long candidateDistanceMeters(final int i)
    {
        return routing.candidateDistance[i];
    }

    @Override
    public int ruleSetCount()
    {
        return ruleSets.count();
    }

    @Override
    public String ruleSetName(final int r)
    {
        return ruleSets.name(r);
    }

    @Override
    public boolean ruleSetRouted(final int r)
    {
        return ruleSets.routed(r);
    }

    @Override
    public int ruleSetCandidateCount(final int r)
    {
        return ruleSets.candidateCount(r);
    }

    @Override
    public int ruleSetCandidateLocation(final int r, final int i)
    {
        return ruleSets.location(r, i);
    }

    @Override
    public RoutingReason ruleSetCandidateReason(final int r, final int i)
    {
        return ruleSets.reason(r, i);
    }

    @Override
    public long ruleSetCandidateDistanceMeters(final int r, final int i)
    {
        return ruleSets.distanceMeters(r, i);
    }
}

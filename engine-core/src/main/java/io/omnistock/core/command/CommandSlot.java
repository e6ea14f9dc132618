package io.omnistock.core.command;

import io.omnistock.api.AdjustmentReason;
import io.omnistock.api.CommandType;
import io.omnistock.api.CommandWriter;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Limits;
import io.omnistock.api.OrderState;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.ReplenishmentKind;
import io.omnistock.api.ReplenishmentPolicy;
import io.omnistock.api.ResultListener;
import io.omnistock.api.ResultView;
import io.omnistock.api.RoutingPolicy;
import io.omnistock.api.RoutingReason;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;

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
public final class CommandSlot implements CommandWriter, ResultView
{
    // ---- input: written by the producer through CommandWriter ----
    public CommandType type;
    public long commandId;
    /** Fingerprint of the request that carried the id, or 0 (see {@link CommandWriter#fingerprint}). */
    public long fingerprint;
    public int location;
    public int toLocation;
    public int sku;
    public long quantity;
    public long reservationId;
    public AdjustmentReason adjustmentReason;
    public String code;
    public Tier tier;
    public int latMicros;
    public int lonMicros;
    public int capabilities;
    public StockUnit unit;
    public long orderId;
    public int channel;
    public FulfilmentType fulfilmentType;
    public long orderValue;
    public long promiseAt;
    public int orderFlags;
    public int lineCount;
    /** Set when a writer added more lines than {@link Limits#MAX_ORDER_LINES}; the order is rejected. */
    public boolean tooManyLines;
    /** Grown on demand up to {@link Limits#MAX_ORDER_LINES}, so small slots stay small. */
    public int[] lineSku = new int[4];
    public long[] lineQuantity = new long[4];
    public int ordersPerHour;
    public int nodePriority;
    public int pickPackMinutes;
    public int quotaPercent;
    public RoutingPolicy policy;
    public long orderUpTo;
    public long packSize;
    public long minOrderQuantity;
    public int leadTimeHours;
    /** Policy kind of SET_REPLENISHMENT_RULE; {@code null} removes the policy. */
    public ReplenishmentKind replenishmentKind;
    /** What SET_REPLENISHMENT_RULE sets: {@link #SCOPE_POSITION}, {@link #SCOPE_LOCATION} or {@link #SCOPE_TIER}. */
    public int policyScope;
    public long overstockLevel;
    public int slowMoverDays;

    public static final int SCOPE_POSITION = 0;
    public static final int SCOPE_LOCATION = 1;
    public static final int SCOPE_TIER = 2;

    // ---- routing of the answer: never journaled ----
    public ResultListener listener;
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

    /**
     * Resets every input field, so a translator that writes nothing (or throws) leaves an
     * unknown command rather than the previous occupant's.
     */
    public void clearInput()
    {
        type = null;
        commandId = 0;
        fingerprint = 0;
        location = -1;
        toLocation = -1;
        sku = -1;
        quantity = 0;
        reservationId = 0;
        adjustmentReason = null;
        code = null;
        tier = null;
        latMicros = 0;
        lonMicros = 0;
        capabilities = 0;
        unit = null;
        clearOrder();
        listener = null;
        control = ControlType.NONE;
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

    private void clearOrder()
    {
        orderId = 0;
        channel = -1;
        fulfilmentType = null;
        orderValue = 0;
        promiseAt = 0;
        orderFlags = 0;
        lineCount = 0;
        tooManyLines = false;
        ordersPerHour = 0;
        nodePriority = 0;
        pickPackMinutes = 0;
        quotaPercent = 0;
        policy = null;
        orderUpTo = 0;
        packSize = 0;
        minOrderQuantity = 0;
        leadTimeHours = 0;
        replenishmentKind = null;
        policyScope = SCOPE_POSITION;
        overstockLevel = 0;
        slowMoverDays = 0;
    }

    /**
     * Copies the input of another slot (replay feeds journaled input through the same logic).
     */
    public void copyInputFrom(final CommandSlot other)
    {
        clearInput();
        type = other.type;
        commandId = other.commandId;
        fingerprint = other.fingerprint;
        location = other.location;
        toLocation = other.toLocation;
        sku = other.sku;
        quantity = other.quantity;
        reservationId = other.reservationId;
        adjustmentReason = other.adjustmentReason;
        code = other.code;
        tier = other.tier;
        latMicros = other.latMicros;
        lonMicros = other.lonMicros;
        capabilities = other.capabilities;
        unit = other.unit;
        orderId = other.orderId;
        channel = other.channel;
        fulfilmentType = other.fulfilmentType;
        orderValue = other.orderValue;
        promiseAt = other.promiseAt;
        orderFlags = other.orderFlags;
        lineCount = 0;
        for (int i = 0; i < other.lineCount; i++)
        {
            addLine(other.lineSku[i], other.lineQuantity[i]);
        }
        tooManyLines = other.tooManyLines;
        ordersPerHour = other.ordersPerHour;
        nodePriority = other.nodePriority;
        pickPackMinutes = other.pickPackMinutes;
        quotaPercent = other.quotaPercent;
        policy = other.policy;
        orderUpTo = other.orderUpTo;
        packSize = other.packSize;
        minOrderQuantity = other.minOrderQuantity;
        leadTimeHours = other.leadTimeHours;
        replenishmentKind = other.replenishmentKind;
        policyScope = other.policyScope;
        overstockLevel = other.overstockLevel;
        slowMoverDays = other.slowMoverDays;
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

    private void set(
        final CommandType type, final long commandId, final int location, final int toLocation, final int sku,
        final long quantity, final long reservationId)
    {
        this.type = type;
        this.commandId = commandId;
        this.fingerprint = 0;
        this.location = location;
        this.toLocation = toLocation;
        this.sku = sku;
        this.quantity = quantity;
        this.reservationId = reservationId;
        this.adjustmentReason = null;
        this.code = null;
        this.tier = null;
        this.latMicros = 0;
        this.lonMicros = 0;
        this.capabilities = 0;
        this.unit = null;
        clearOrder();
    }

    // ---- CommandWriter ----

    @Override
    public void defineLocation(
        final long commandId, final String code, final Tier tier, final int latMicros, final int lonMicros,
        final int capabilities)
    {
        set(CommandType.DEFINE_LOCATION, commandId, -1, -1, -1, 0, 0);
        this.code = code;
        this.tier = tier;
        this.latMicros = latMicros;
        this.lonMicros = lonMicros;
        this.capabilities = capabilities;
    }

    @Override
    public void defineSku(final long commandId, final String code, final StockUnit unit)
    {
        set(CommandType.DEFINE_SKU, commandId, -1, -1, -1, 0, 0);
        this.code = code;
        this.unit = unit;
    }

    @Override
    public void receive(final long commandId, final int location, final int sku, final long quantity)
    {
        set(CommandType.RECEIVE, commandId, location, -1, sku, quantity, 0);
    }

    @Override
    public void adjust(
        final long commandId, final int location, final int sku, final long delta, final AdjustmentReason reason)
    {
        set(CommandType.ADJUST, commandId, location, -1, sku, delta, 0);
        this.adjustmentReason = reason;
    }

    @Override
    public void stocktake(final long commandId, final int location, final int sku, final long countedOnHand)
    {
        set(CommandType.STOCKTAKE, commandId, location, -1, sku, countedOnHand, 0);
    }

    @Override
    public void sale(final long commandId, final int location, final int sku, final long quantity)
    {
        set(CommandType.SALE, commandId, location, -1, sku, quantity, 0);
    }

    @Override
    public void returnToStock(final long commandId, final int location, final int sku, final long quantity)
    {
        set(CommandType.RETURN, commandId, location, -1, sku, quantity, 0);
    }

    @Override
    public void reserve(
        final long commandId, final long reservationId, final int location, final int sku, final long quantity)
    {
        set(CommandType.RESERVE, commandId, location, -1, sku, quantity, reservationId);
    }

    @Override
    public void release(final long commandId, final long reservationId, final long quantity)
    {
        set(CommandType.RELEASE, commandId, -1, -1, -1, quantity, reservationId);
    }

    @Override
    public void fulfil(final long commandId, final long reservationId, final long quantity)
    {
        set(CommandType.FULFIL, commandId, -1, -1, -1, quantity, reservationId);
    }

    @Override
    public void transferOut(
        final long commandId, final int fromLocation, final int toLocation, final int sku, final long quantity)
    {
        set(CommandType.TRANSFER_OUT, commandId, fromLocation, toLocation, sku, quantity, 0);
    }

    @Override
    public void transferIn(final long commandId, final int location, final int sku, final long quantity)
    {
        set(CommandType.TRANSFER_IN, commandId, location, -1, sku, quantity, 0);
    }

    @Override
    public void setSafetyStock(final long commandId, final int location, final int sku, final long quantity)
    {
        set(CommandType.SET_SAFETY_STOCK, commandId, location, -1, sku, quantity, 0);
    }

    @Override
    public void defineChannel(final long commandId, final String code, final long holdTtlMillis)
    {
        set(CommandType.DEFINE_CHANNEL, commandId, -1, -1, -1, holdTtlMillis, 0);
        this.code = code;
    }

    @Override
    public void routeOrder(
        final long commandId, final long orderId, final int channel, final FulfilmentType type, final int latMicros,
        final int lonMicros, final int pickupLocation, final long orderValue, final long promiseAt, final int flags)
    {
        order(CommandType.ROUTE_ORDER, commandId, channel, type, latMicros, lonMicros, pickupLocation, orderValue,
            promiseAt, flags);
        this.orderId = orderId;
    }

    @Override
    public void queryPromise(
        final long commandId, final int channel, final FulfilmentType type, final int latMicros, final int lonMicros,
        final int pickupLocation, final long orderValue, final long promiseAt, final int flags)
    {
        order(CommandType.QUERY_PROMISE, commandId, channel, type, latMicros, lonMicros, pickupLocation, orderValue,
            promiseAt, flags);
    }

    private void order(
        final CommandType type, final long commandId, final int channel, final FulfilmentType fulfilment,
        final int latMicros, final int lonMicros, final int pickupLocation, final long orderValue, final long promiseAt,
        final int flags)
    {
        set(type, commandId, pickupLocation, -1, -1, 0, 0);
        this.latMicros = latMicros;
        this.lonMicros = lonMicros;
        this.channel = channel;
        this.fulfilmentType = fulfilment;
        this.orderValue = orderValue;
        this.promiseAt = promiseAt;
        this.orderFlags = flags;
    }

    @Override
    public void addLine(final int sku, final long quantity)
    {
        if (lineCount == Limits.MAX_ORDER_LINES)
        {
            tooManyLines = true;
            return;
        }
        if (lineCount == lineSku.length)
        {
            lineSku = java.util.Arrays.copyOf(lineSku, Math.min(Limits.MAX_ORDER_LINES, lineCount * 2));
            lineQuantity = java.util.Arrays.copyOf(lineQuantity, lineSku.length);
        }
        lineSku[lineCount] = sku;
        lineQuantity[lineCount] = quantity;
        lineCount++;
    }

    @Override
    public void confirmOrder(final long commandId, final long orderId)
    {
        set(CommandType.CONFIRM_ORDER, commandId, -1, -1, -1, 0, 0);
        this.orderId = orderId;
    }

    @Override
    public void extendOrder(final long commandId, final long orderId, final long extraMillis)
    {
        set(CommandType.EXTEND_ORDER, commandId, -1, -1, -1, extraMillis, 0);
        this.orderId = orderId;
    }

    @Override
    public void cancelOrder(final long commandId, final long orderId)
    {
        set(CommandType.CANCEL_ORDER, commandId, -1, -1, -1, 0, 0);
        this.orderId = orderId;
    }

    @Override
    public void fulfilOrder(final long commandId, final long orderId, final int location)
    {
        set(CommandType.FULFIL_ORDER, commandId, location, -1, -1, 0, 0);
        this.orderId = orderId;
    }

    @Override
    public void rejectAllocation(final long commandId, final long orderId, final int location)
    {
        set(CommandType.REJECT_ALLOCATION, commandId, location, -1, -1, 0, 0);
        this.orderId = orderId;
    }

    @Override
    public void configureLocation(
        final long commandId, final int location, final int ordersPerHour, final int priority,
        final int pickPackMinutes)
    {
        set(CommandType.CONFIGURE_LOCATION, commandId, location, -1, -1, 0, 0);
        this.ordersPerHour = ordersPerHour;
        this.nodePriority = priority;
        this.pickPackMinutes = pickPackMinutes;
    }

    @Override
    public void setProtectedStock(final long commandId, final int location, final int sku, final long quantity)
    {
        set(CommandType.SET_PROTECTED_STOCK, commandId, location, -1, sku, quantity, 0);
    }

    @Override
    public void setWalkInReserve(final long commandId, final int location, final int sku, final long quantity)
    {
        set(CommandType.SET_WALK_IN_RESERVE, commandId, location, -1, sku, quantity, 0);
    }

    @Override
    public void setChannelQuota(
        final long commandId, final int channel, final int sku, final long maxUnits, final int maxPercent)
    {
        set(CommandType.SET_CHANNEL_QUOTA, commandId, -1, -1, sku, maxUnits, 0);
        this.channel = channel;
        this.quotaPercent = maxPercent;
    }

    @Override
    public void setChannelEligibility(
        final long commandId, final int location, final int channel, final boolean eligible)
    {
        set(CommandType.SET_CHANNEL_ELIGIBILITY, commandId, location, -1, -1, eligible ? 1 : 0, 0);
        this.channel = channel;
    }

    @Override
    public void queryChannelAvailability(final long commandId, final int channel, final int sku)
    {
        set(CommandType.QUERY_AVAILABILITY, commandId, -1, -1, sku, 0, 0);
        this.channel = channel;
    }

    @Override
    public void setRoutingPolicy(final long commandId, final RoutingPolicy policy)
    {
        set(CommandType.SET_ROUTING_POLICY, commandId, -1, -1, -1, 0, 0);
        this.policy = policy;
    }

    @Override
    public void setReplenishmentPolicy(
        final long commandId, final int location, final int sku, final long reorderPoint, final long orderUpTo,
        final long packSize, final long minOrderQuantity, final int sourceLocation, final int leadTimeHours)
    {
        set(CommandType.SET_REPLENISHMENT_POLICY, commandId, location, sourceLocation, sku, reorderPoint, 0);
        this.orderUpTo = orderUpTo;
        this.packSize = packSize;
        this.minOrderQuantity = minOrderQuantity;
        this.leadTimeHours = leadTimeHours;
    }

    @Override
    public void setPositionPolicy(final long commandId, final int location, final int sku,
        final ReplenishmentPolicy policy)
    {
        replenishmentRule(commandId, SCOPE_POSITION, location, sku, null, policy);
    }

    @Override
    public void setLocationPolicy(final long commandId, final int location, final ReplenishmentPolicy policy)
    {
        replenishmentRule(commandId, SCOPE_LOCATION, location, -1, null, policy);
    }

    @Override
    public void setTierPolicy(final long commandId, final Tier tier, final ReplenishmentPolicy policy)
    {
        replenishmentRule(commandId, SCOPE_TIER, -1, -1, tier, policy);
    }

    private void replenishmentRule(final long commandId, final int scope, final int location, final int sku,
        final Tier scopeTier, final ReplenishmentPolicy policy)
    {
        set(CommandType.SET_REPLENISHMENT_RULE, commandId, location, policy == null ? -1 : policy.sourceLocation(), sku,
            policy == null ? 0 : policy.reorderLevel(), 0);
        this.tier = scopeTier;
        this.policyScope = scope;
        if (policy != null)
        {
            this.replenishmentKind = policy.kind();
            this.orderUpTo = policy.orderUpToLevel();
            this.overstockLevel = policy.overstockLevel();
            this.packSize = policy.packSize();
            this.minOrderQuantity = policy.minOrderQuantity();
            this.leadTimeHours = policy.leadTimeHours();
            this.slowMoverDays = policy.slowMoverDays();
        }
    }

    @Override
    public void setLocationSource(final long commandId, final int location, final int sourceLocation)
    {
        set(CommandType.SET_LOCATION_SOURCE, commandId, location, sourceLocation, -1, 0, 0);
    }

    @Override
    public void transferFromRequest(final long commandId, final long transferId, final int location, final int sku)
    {
        set(CommandType.TRANSFER_FROM_REQUEST, commandId, location, -1, sku, 0, transferId);
    }

    @Override
    public void cancelReplenishment(final long commandId, final int location, final int sku)
    {
        set(CommandType.CANCEL_REPLENISHMENT, commandId, location, -1, sku, 0, 0);
    }

    @Override
    public void createTransfer(
        final long commandId, final long transferId, final int fromLocation, final int toLocation, final int sku,
        final long quantity)
    {
        set(CommandType.CREATE_TRANSFER, commandId, fromLocation, toLocation, sku, quantity, transferId);
    }

    @Override
    public void shipTransfer(final long commandId, final long transferId, final long etaMillis)
    {
        set(CommandType.SHIP_TRANSFER, commandId, -1, -1, -1, etaMillis, transferId);
    }

    @Override
    public void receiveTransfer(
        final long commandId, final long transferId, final long receivedQuantity,
        final AdjustmentReason discrepancyReason)
    {
        set(CommandType.RECEIVE_TRANSFER, commandId, -1, -1, -1, receivedQuantity, transferId);
        this.adjustmentReason = discrepancyReason;
    }

    @Override
    public void cancelTransfer(final long commandId, final long transferId)
    {
        set(CommandType.CANCEL_TRANSFER, commandId, -1, -1, -1, 0, transferId);
    }

    /**
     * The version travels in the quantity field. Command id 0 is the engine's own (written when it
     * starts on an older journal), exempt from idempotency like {@link #expireHolds()}.
     */
    @Override
    public void upgradeLogic(final long commandId, final int logicVersion)
    {
        set(CommandType.UPGRADE_LOGIC, commandId, -1, -1, -1, logicVersion, 0);
    }

    @Override
    public void fingerprint(final long requestFingerprint)
    {
        this.fingerprint = requestFingerprint;
    }

    /** The engine's own time signal; command id 0, exempt from idempotency. */
    public void expireHolds()
    {
        set(CommandType.EXPIRE_HOLDS, 0, -1, -1, -1, 0, 0);
    }

    @Override
    public void queryPosition(final long commandId, final int location, final int sku)
    {
        set(CommandType.QUERY_POSITION, commandId, location, -1, sku, 0, 0);
    }

    @Override
    public void queryAvailability(final long commandId, final int sku)
    {
        set(CommandType.QUERY_AVAILABILITY, commandId, -1, -1, sku, 0, 0);
    }

    @Override
    public void queryOrder(final long commandId, final long orderId)
    {
        set(CommandType.QUERY_ORDER, commandId, -1, -1, -1, 0, 0);
        this.orderId = orderId;
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
        return routing.orderState;
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
        return routing.candidateReason[i];
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

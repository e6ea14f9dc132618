package io.omnistock.core.command;

import io.omnistock.api.AdjustmentReason;
import io.omnistock.api.CommandType;
import io.omnistock.api.CommandWriter;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.ResultListener;
import io.omnistock.api.ResultView;
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

    // ---- routing of the answer: never journaled ----
    public ResultListener listener;
    public ControlType control = ControlType.NONE;
    public CompletableFuture<Long> controlReply;
    public long controlValue;
    public Throwable controlError;

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
    public final OutputEvents events = new OutputEvents(this);

    /**
     * Resets every input field, so a translator that writes nothing (or throws) leaves an
     * unknown command rather than the previous occupant's.
     */
    public void clearInput()
    {
        type = null;
        commandId = 0;
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
        listener = null;
        control = ControlType.NONE;
        controlReply = null;
        controlValue = 0;
        controlError = null;
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
        events.clear();
    }

    /**
     * Copies the input of another slot (replay feeds journaled input through the same logic).
     */
    public void copyInputFrom(final CommandSlot other)
    {
        clearInput();
        type = other.type;
        commandId = other.commandId;
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
    public void queryPosition(final long commandId, final int location, final int sku)
    {
        set(CommandType.QUERY_POSITION, commandId, location, -1, sku, 0, 0);
    }

    @Override
    public void queryAvailability(final long commandId, final int sku)
    {
        set(CommandType.QUERY_AVAILABILITY, commandId, -1, -1, sku, 0, 0);
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
}

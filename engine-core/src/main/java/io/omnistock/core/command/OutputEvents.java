package io.omnistock.core.command;

import io.omnistock.api.AlertKind;
import io.omnistock.api.EventKind;
import io.omnistock.api.EventView;
import io.omnistock.api.Limits;
import io.omnistock.api.OrderState;

/**
 * The output events of one command, in parallel primitive arrays so the slot is reused without
 * allocation. Doubles as the {@link EventView} flyweight: {@link #moveTo(int)} selects the event read.
 */
public final class OutputEvents implements EventView
{
    /**
     * No command emits more: re-routing a rejected allocation of a full order releases and
     * re-holds every line (four events each, plus up to seven replenishment events per position
     * touched) and changes the order; hold expiry stops taking orders before it would pass this.
     */
    public static final int CAPACITY = 18 * Limits.MAX_ORDER_LINES + 8;

    /** Most commands emit at most a few events; a slot grows only when a large order needs it. */
    private static final int INITIAL = 8;

    private final CommandSlot slot;
    private EventKind[] kind = new EventKind[INITIAL];
    private int[] location = new int[INITIAL];
    private int[] sku = new int[INITIAL];
    private long[] reservationId = new long[INITIAL];
    private long[] held = new long[INITIAL];
    private long[] onHand = new long[INITIAL];
    private long[] reserved = new long[INITIAL];
    private long[] inTransit = new long[INITIAL];
    private long[] safetyStock = new long[INITIAL];
    private int[] flags = new int[INITIAL];
    private OrderState[] orderState = new OrderState[INITIAL];
    private AlertKind[] alertKind = new AlertKind[INITIAL];
    private int count;
    private int cursor;

    OutputEvents(final CommandSlot slot)
    {
        this.slot = slot;
    }

    public int count()
    {
        return count;
    }

    private int next()
    {
        if (count == kind.length)
        {
            grow();
        }
        return count++;
    }

    private void grow()
    {
        final int n = Math.min(CAPACITY, kind.length * 2);
        kind = java.util.Arrays.copyOf(kind, n);
        location = java.util.Arrays.copyOf(location, n);
        sku = java.util.Arrays.copyOf(sku, n);
        reservationId = java.util.Arrays.copyOf(reservationId, n);
        held = java.util.Arrays.copyOf(held, n);
        onHand = java.util.Arrays.copyOf(onHand, n);
        reserved = java.util.Arrays.copyOf(reserved, n);
        inTransit = java.util.Arrays.copyOf(inTransit, n);
        safetyStock = java.util.Arrays.copyOf(safetyStock, n);
        flags = java.util.Arrays.copyOf(flags, n);
        orderState = java.util.Arrays.copyOf(orderState, n);
        alertKind = java.util.Arrays.copyOf(alertKind, n);
    }

    /** @return how many more events fit. */
    public int remaining()
    {
        return CAPACITY - count;
    }

    public void clear()
    {
        count = 0;
        cursor = 0;
    }

    /**
     * @param index event to read through the {@link EventView} methods.
     * @return this, positioned.
     */
    public OutputEvents moveTo(final int index)
    {
        cursor = index;
        return this;
    }

    public void addDefinition(final EventKind definitionKind, final int locationId, final int skuId)
    {
        final int i = next();
        kind[i] = definitionKind;
        location[i] = locationId;
        sku[i] = skuId;
        reservationId[i] = 0;
        held[i] = 0;
        onHand[i] = 0;
        reserved[i] = 0;
        inTransit[i] = 0;
        safetyStock[i] = 0;
        flags[i] = 0;
        orderState[i] = null;
        alertKind[i] = null;
    }

    public void addStock(
        final int locationId, final int skuId, final long onHandAfter, final long reservedAfter,
        final long inTransitAfter, final long safetyStockAfter)
    {
        final int i = next();
        kind[i] = EventKind.STOCK_CHANGED;
        location[i] = locationId;
        sku[i] = skuId;
        reservationId[i] = 0;
        held[i] = 0;
        onHand[i] = onHandAfter;
        reserved[i] = reservedAfter;
        inTransit[i] = inTransitAfter;
        safetyStock[i] = safetyStockAfter;
        flags[i] = stockFlags(onHandAfter, reservedAfter);
        orderState[i] = null;
        alertKind[i] = null;
    }

    public void addReservation(final long id, final int locationId, final int skuId, final long heldAfter)
    {
        addHolding(EventKind.RESERVATION_CHANGED, id, locationId, skuId, heldAfter);
    }

    public void addAllocation(final long orderId, final int locationId, final int skuId, final long heldAfter)
    {
        addHolding(EventKind.ALLOCATION_CHANGED, orderId, locationId, skuId, heldAfter);
    }

    public void addOrder(final long orderId, final OrderState state)
    {
        addDefinition(EventKind.ORDER_CHANGED, -1, -1);
        reservationId[count - 1] = orderId;
        orderState[count - 1] = state;
    }

    /** A replenishment request: the position as after the command, the quantity and its source. */
    public void addReplenishment(
        final int locationId, final int skuId, final long quantity, final int source, final long onHandNow,
        final long reservedNow, final long inTransitNow, final long safetyNow)
    {
        addStock(locationId, skuId, onHandNow, reservedNow, inTransitNow, safetyNow);
        kind[count - 1] = EventKind.REPLENISHMENT_REQUESTED;
        held[count - 1] = quantity;
        reservationId[count - 1] = source;
    }

    /** A transfer's step: its id, the location concerned, the quantity, and its state in the flags. */
    public void addTransfer(final long transferId, final int locationId, final int skuId, final long quantity,
        final int transferState)
    {
        addHolding(EventKind.TRANSFER_CHANGED, transferId, locationId, skuId, quantity);
        flags[count - 1] = transferState;
    }

    /** Supply break: {@code quantity} could come from {@code sourceLocation} to the position that ran out. */
    public void addLateralSuggestion(final int locationId, final int skuId, final int sourceLocation,
        final long quantity)
    {
        addHolding(EventKind.LATERAL_TRANSFER_SUGGESTED, sourceLocation, locationId, skuId, quantity);
    }

    public void addReplenishmentClosed(final int locationId, final int skuId)
    {
        addDefinition(EventKind.REPLENISHMENT_CLOSED, locationId, skuId);
    }

    public void addAlert(final int locationId, final int skuId, final AlertKind alert)
    {
        addDefinition(EventKind.ALERT, locationId, skuId);
        alertKind[count - 1] = alert;
    }

    public void addChannel(final int channelId)
    {
        addDefinition(EventKind.CHANNEL_DEFINED, -1, -1);
        reservationId[count - 1] = channelId;
    }

    private void addHolding(
        final EventKind holdingKind, final long id, final int locationId, final int skuId, final long heldAfter)
    {
        final int i = next();
        kind[i] = holdingKind;
        location[i] = locationId;
        sku[i] = skuId;
        reservationId[i] = id;
        held[i] = heldAfter;
        onHand[i] = 0;
        reserved[i] = 0;
        inTransit[i] = 0;
        safetyStock[i] = 0;
        flags[i] = 0;
        orderState[i] = null;
        alertKind[i] = null;
    }

    /**
     * The flags follow from the quantities, so they are derived rather than stored by callers.
     */
    static int stockFlags(final long onHand, final long reserved)
    {
        return (onHand < reserved ? FLAG_SHORTFALL : 0) | (onHand < 0 ? FLAG_NEGATIVE_ON_HAND : 0);
    }

    /**
     * Available-to-promise: stock neither held by reservations nor kept back as safety stock.
     * Never negative: when counts or POS sales find less stock than is committed, nothing is
     * available and the shortfall shows in the flags.
     */
    public static long available(final long onHand, final long reserved, final long safetyStock)
    {
        return Math.max(0L, onHand - reserved - safetyStock);
    }

    @Override
    public EventKind kind()
    {
        return kind[cursor];
    }

    @Override
    public long sequence()
    {
        return slot.sequence;
    }

    @Override
    public long timestamp()
    {
        return slot.timestamp;
    }

    @Override
    public long commandId()
    {
        return slot.commandId;
    }

    @Override
    public int location()
    {
        return location[cursor];
    }

    @Override
    public int sku()
    {
        return sku[cursor];
    }

    @Override
    public long reservationId()
    {
        return reservationId[cursor];
    }

    @Override
    public long held()
    {
        return held[cursor];
    }

    @Override
    public long onHand()
    {
        return onHand[cursor];
    }

    @Override
    public long reserved()
    {
        return reserved[cursor];
    }

    @Override
    public long inTransit()
    {
        return inTransit[cursor];
    }

    @Override
    public long safetyStock()
    {
        return safetyStock[cursor];
    }

    @Override
    public long available()
    {
        return available(onHand[cursor], reserved[cursor], safetyStock[cursor]);
    }

    @Override
    public int flags()
    {
        return flags[cursor];
    }

    @Override
    public OrderState orderState()
    {
        return orderState[cursor];
    }

    @Override
    public AlertKind alertKind()
    {
        return alertKind[cursor];
    }
}

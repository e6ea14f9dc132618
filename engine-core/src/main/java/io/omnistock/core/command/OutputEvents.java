package io.omnistock.core.command;

import io.omnistock.api.AlertKind;
import io.omnistock.api.EventKind;
import io.omnistock.api.EventView;
import io.omnistock.api.Limits;
import io.omnistock.api.OrderState;

/**
 * The output events of one command, packed in one primitive array so the slot is reused without
 * allocation. Doubles as the {@link io.omnistock.api.EventView} flyweight: {@link #moveTo(int)} selects the event read.
 *
 * <p>An event is {@link #STRIDE} consecutive longs, one cache line of ordinary data: the business
 * logic writes an event and the journal thread then reads it on another core, so every line an
 * event spans crosses between the cores. (Parallel arrays, one per field, cost a line each.)
 */
public final class OutputEvents extends EventWords
{
    /**
     * No command emits more: re-routing a rejected allocation of a full order releases and
     * re-holds every line (four events each, plus up to seven replenishment events per position
     * touched) and changes the order; hold expiry stops taking orders before it would pass this.
     */
    public static final int CAPACITY = 18 * Limits.MAX_ORDER_LINES + 8;

    /**
     * Most commands emit at most a few events; a slot grows only when a large order needs it.
     * Four (256 bytes) rather than eight keeps the ring's memory, 16,384 slots by default, closer
     * to the caches: 9% and 27% more journal-on commands/s measured side by side.
     */
    private static final int INITIAL = 4;

    // Words of an event. HEAD: kind ordinal (bits 0-7), order state and alert kind ordinals + 1
    // (bits 8-15 and 16-23, 0 for none), flags (bits 32-63). PLACE: location (high) and SKU (low).
    private static final int HEAD = 0;
    private static final int PLACE = 1;
    private static final int ID = 2;
    private static final int HELD = 3;
    private static final int ON_HAND = 4;
    private static final int RESERVED = 5;
    private static final int IN_TRANSIT = 6;
    private static final int SAFETY_STOCK = 7;
    private static final int STRIDE = 8;

    private final CommandSlot slot;
    private long[] words = new long[INITIAL * STRIDE];
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

    /** Opens the next event with every field but its kind and place empty; returns its first word. */
    private int next(final EventKind kind, final int locationId, final int skuId)
    {
        if ((count + 1) * STRIDE > words.length)
        {
            words = java.util.Arrays.copyOf(words, Math.min(CAPACITY, 2 * words.length / STRIDE) * STRIDE);
        }
        final int at = count++ * STRIDE;
        final long[] w = words;
        w[at + HEAD] = kind.ordinal();
        w[at + PLACE] = (long)locationId << 32 | (skuId & 0xFFFF_FFFFL);
        w[at + ID] = 0;
        w[at + HELD] = 0;
        w[at + ON_HAND] = 0;
        w[at + RESERVED] = 0;
        w[at + IN_TRANSIT] = 0;
        w[at + SAFETY_STOCK] = 0;
        return at;
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
        cursor = index * STRIDE;
        return this;
    }

    public void addDefinition(final EventKind definitionKind, final int locationId, final int skuId)
    {
        next(definitionKind, locationId, skuId);
    }

    public void addStock(
        final int locationId, final int skuId, final long onHandAfter, final long reservedAfter,
        final long inTransitAfter, final long safetyStockAfter)
    {
        setStock(next(EventKind.STOCK_CHANGED, locationId, skuId),
            onHandAfter, reservedAfter, inTransitAfter, safetyStockAfter);
    }

    private void setStock(
        final int at, final long onHandAfter, final long reservedAfter, final long inTransitAfter,
        final long safetyStockAfter)
    {
        final long[] w = words;
        w[at + HEAD] |= (long)stockFlags(onHandAfter, reservedAfter) << 32;
        w[at + ON_HAND] = onHandAfter;
        w[at + RESERVED] = reservedAfter;
        w[at + IN_TRANSIT] = inTransitAfter;
        w[at + SAFETY_STOCK] = safetyStockAfter;
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
        final int at = next(EventKind.ORDER_CHANGED, -1, -1);
        words[at + HEAD] |= (long)(state.ordinal() + 1) << 8;
        words[at + ID] = orderId;
    }

    /** A replenishment request: the position as after the command, the quantity and its source. */
    public void addReplenishment(
        final int locationId, final int skuId, final long quantity, final int source, final long onHandNow,
        final long reservedNow, final long inTransitNow, final long safetyNow)
    {
        final int at = next(EventKind.REPLENISHMENT_REQUESTED, locationId, skuId);
        setStock(at, onHandNow, reservedNow, inTransitNow, safetyNow);
        words[at + HELD] = quantity;
        words[at + ID] = source;
    }

    /** A transfer's step: its id, the location concerned, the quantity, and its state in the flags. */
    public void addTransfer(final long transferId, final int locationId, final int skuId, final long quantity,
        final int transferState)
    {
        final int at = addHolding(EventKind.TRANSFER_CHANGED, transferId, locationId, skuId, quantity);
        words[at + HEAD] |= (long)transferState << 32;
    }

    /** Supply break: {@code quantity} could come from {@code sourceLocation} to the position that ran out. */
    public void addLateralSuggestion(final int locationId, final int skuId, final int sourceLocation,
        final long quantity)
    {
        addHolding(EventKind.LATERAL_TRANSFER_SUGGESTED, sourceLocation, locationId, skuId, quantity);
    }

    public void addReplenishmentClosed(final int locationId, final int skuId)
    {
        next(EventKind.REPLENISHMENT_CLOSED, locationId, skuId);
    }

    public void addAlert(final int locationId, final int skuId, final AlertKind alert)
    {
        final int at = next(EventKind.ALERT, locationId, skuId);
        words[at + HEAD] |= (long)(alert.ordinal() + 1) << 16;
    }

    public void addChannel(final int channelId)
    {
        final int at = next(EventKind.CHANNEL_DEFINED, -1, -1);
        words[at + ID] = channelId;
    }

    /** @return the event's first word. */
    private int addHolding(
        final EventKind holdingKind, final long id, final int locationId, final int skuId, final long heldAfter)
    {
        final int at = next(holdingKind, locationId, skuId);
        words[at + ID] = id;
        words[at + HELD] = heldAfter;
        return at;
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
        return EventKind.fromOrdinal((int)words[cursor + HEAD] & 0xFF);
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
        return (int)(words[cursor + PLACE] >> 32);
    }

    @Override
    public int sku()
    {
        return (int)words[cursor + PLACE];
    }

    /** The raw word, as the journal stores it: an id or a location, by kind. */
    @Override
    public long idWord()
    {
        return words[cursor + ID];
    }

    @Override
    public long heldWord()
    {
        return words[cursor + HELD];
    }

    @Override
    public long onHand()
    {
        return words[cursor + ON_HAND];
    }

    @Override
    public long reserved()
    {
        return words[cursor + RESERVED];
    }

    @Override
    public long inTransit()
    {
        return words[cursor + IN_TRANSIT];
    }

    @Override
    public long safetyStock()
    {
        return words[cursor + SAFETY_STOCK];
    }

    @Override
    public long available()
    {
        return available(onHand(), reserved(), safetyStock());
    }

    @Override
    public int flagsWord()
    {
        return (int)(words[cursor + HEAD] >>> 32);
    }

    @Override
    public OrderState orderState()
    {
        return OrderState.fromOrdinal(((int)words[cursor + HEAD] >>> 8 & 0xFF) - 1);
    }

    @Override
    public AlertKind alertKind()
    {
        return AlertKind.fromOrdinal(((int)words[cursor + HEAD] >>> 16 & 0xFF) - 1);
    }
}

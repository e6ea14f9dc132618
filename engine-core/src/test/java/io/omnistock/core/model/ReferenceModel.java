package io.omnistock.core.model;

import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandType;
import io.omnistock.api.Limits;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.omnistock.api.ReasonCode.*;

/**
 * An independent, deliberately naive model of the engine's rules: boxed hash maps, no shared code
 * with the engine. It predicts each command's reason and every quantity, so the engine can be
 * compared with it after every command.
 *
 * <p>Rules, from the API documentation: available = max(0, onHand - reserved - safetyStock);
 * RESERVE needs available >= qty; RELEASE/FULFIL take at most what the reservation holds; a
 * negative ADJUST may not take onHand below reserved; STOCKTAKE sets onHand absolutely; SALE is
 * always recorded; TRANSFER_OUT moves free stock (onHand - reserved) into the destination's
 * in-transit; TRANSFER_IN moves in-transit into onHand; a repeated command id inside the
 * idempotency window is a DUPLICATE_COMMAND; rejections change nothing.
 */
public final class ReferenceModel
{
    /** One position's quantities. */
    public static final class Position
    {
        public long onHand;
        public long reserved;
        public long inTransit;
        public long safetyStock;

        public long available()
        {
            return Math.max(0, onHand - reserved - safetyStock);
        }
    }

    /** An open reservation. */
    public record Reservation(int location, int sku, long held)
    {
    }

    /**
     * What the model predicts for one command. Position fields describe the position the
     * command names (for TRANSFER_OUT, the source; for RELEASE/FULFIL the reservation's) and are
     * meaningful only for accepted stock commands and queries.
     */
    public record Outcome(
        ReasonCode reason, ReasonCode originalReason, int assignedId, int location, int sku, long held,
        long onHand, long reserved, long inTransit, long safetyStock, long[] tierAvailable)
    {
        public boolean accepted()
        {
            return reason == OK;
        }
    }

    private final List<String> locationCodes = new ArrayList<>();
    private final List<Tier> locationTiers = new ArrayList<>();
    private final Map<String, Integer> locationByCode = new HashMap<>();
    private final List<String> skuCodes = new ArrayList<>();
    private final Map<String, Integer> skuByCode = new HashMap<>();
    private final Map<List<Integer>, Position> positions = new HashMap<>();
    private final Map<Long, Reservation> reservations = new HashMap<>();
    private final int windowCapacity;
    private final ArrayDeque<Long> windowOrder = new ArrayDeque<>();
    private final Map<Long, ReasonCode> windowReasons = new HashMap<>();
    private long lastSequence;

    public ReferenceModel(final int idempotencyWindow)
    {
        this.windowCapacity = idempotencyWindow;
    }

    // ---- reading ----

    public int locationCount()
    {
        return locationCodes.size();
    }

    public int skuCount()
    {
        return skuCodes.size();
    }

    public String locationCode(final int id)
    {
        return locationCodes.get(id);
    }

    public Tier locationTier(final int id)
    {
        return locationTiers.get(id);
    }

    public String skuCode(final int id)
    {
        return skuCodes.get(id);
    }

    public long lastSequence()
    {
        return lastSequence;
    }

    /**
     * @return the position, all zero if it was never touched (never null).
     */
    public Position position(final int location, final int sku)
    {
        final Position p = positions.get(List.of(location, sku));
        return p == null ? new Position() : p;
    }

    public Map<Long, Reservation> reservations()
    {
        return new TreeMap<>(reservations);
    }

    public long tierAvailable(final int sku, final Tier tier)
    {
        long sum = 0;
        for (int location = 0; location < locationCount(); location++)
        {
            if (locationTiers.get(location) == tier)
            {
                sum += position(location, sku).available();
            }
        }
        return sum;
    }

    // ---- applying ----

    public Outcome apply(final Cmd c)
    {
        if (c.type() == CommandType.QUERY_POSITION || c.type() == CommandType.QUERY_AVAILABILITY)
        {
            return query(c);
        }
        if (!c.type().journaled())
        {
            throw new IllegalArgumentException("the model does not cover " + c.type());
        }
        lastSequence++;
        if (c.commandId() == 0)
        {
            return rejected(INVALID_COMMAND_ID);
        }
        final ReasonCode original = windowReasons.get(c.commandId());
        if (original != null)
        {
            return new Outcome(DUPLICATE_COMMAND, original, -1, -1, -1, 0, 0, 0, 0, 0, null);
        }
        final Outcome outcome = execute(c);
        remember(c.commandId(), outcome.reason());
        return outcome;
    }

    private void remember(final long commandId, final ReasonCode reason)
    {
        if (windowOrder.size() == windowCapacity)
        {
            windowReasons.remove(windowOrder.removeFirst());
        }
        windowOrder.addLast(commandId);
        windowReasons.put(commandId, reason);
    }

    private Outcome execute(final Cmd c)
    {
        return switch (c.type())
        {
            case DEFINE_LOCATION -> defineLocation(c);
            case DEFINE_SKU -> defineSku(c);
            case RECEIVE, RETURN -> receive(c);
            case ADJUST -> adjust(c);
            case STOCKTAKE -> stocktake(c);
            case SALE -> sale(c);
            case RESERVE -> reserve(c);
            case RELEASE -> take(c, false);
            case FULFIL -> take(c, true);
            case TRANSFER_OUT -> transferOut(c);
            case TRANSFER_IN -> transferIn(c);
            case SET_SAFETY_STOCK -> setSafetyStock(c);
            default -> throw new IllegalArgumentException("the model does not cover " + c.type());
        };
    }

    private Outcome query(final Cmd c)
    {
        if (c.type() == CommandType.QUERY_POSITION)
        {
            final ReasonCode ref = ref(c.location(), c.sku());
            return ref == OK ? at(OK, c.location(), c.sku(), 0) : rejected(ref);
        }
        if (!skuExists(c.sku()))
        {
            return rejected(UNKNOWN_SKU);
        }
        final long[] tiers = new long[Tier.COUNT];
        for (final Tier tier : Tier.values())
        {
            tiers[tier.ordinal()] = tierAvailable(c.sku(), tier);
        }
        return new Outcome(OK, OK, -1, -1, c.sku(), 0, 0, 0, 0, 0, tiers);
    }

    private Outcome defineLocation(final Cmd c)
    {
        final ReasonCode code = checkCode(c.code());
        if (code != OK)
        {
            return rejected(code);
        }
        if (locationByCode.containsKey(c.code()))
        {
            return rejected(DUPLICATE_LOCATION);
        }
        if (c.tier() == null)
        {
            return rejected(INVALID_TIER);
        }
        if (Math.abs((long)c.latMicros()) > Limits.MAX_LATITUDE_MICROS ||
            Math.abs((long)c.lonMicros()) > Limits.MAX_LONGITUDE_MICROS)
        {
            return rejected(INVALID_COORDINATES);
        }
        if ((c.capabilities() & ~Capabilities.ALL) != 0)
        {
            return rejected(INVALID_CAPABILITIES);
        }
        final int id = locationCodes.size();
        locationCodes.add(c.code());
        locationTiers.add(c.tier());
        locationByCode.put(c.code(), id);
        return new Outcome(OK, OK, id, id, -1, 0, 0, 0, 0, 0, null);
    }

    private Outcome defineSku(final Cmd c)
    {
        final ReasonCode code = checkCode(c.code());
        if (code != OK)
        {
            return rejected(code);
        }
        if (skuByCode.containsKey(c.code()))
        {
            return rejected(DUPLICATE_SKU);
        }
        if (c.unit() == null)
        {
            return rejected(INVALID_UNIT);
        }
        final int id = skuCodes.size();
        skuCodes.add(c.code());
        skuByCode.put(c.code(), id);
        return new Outcome(OK, OK, id, -1, id, 0, 0, 0, 0, 0, null);
    }

    /** Codes must be 1..64 bytes of UTF-8 and valid Unicode (no unpaired surrogates). */
    static ReasonCode checkCode(final String code)
    {
        if (code == null || code.isEmpty())
        {
            return CODE_EMPTY;
        }
        if (code.getBytes(StandardCharsets.UTF_8).length > Limits.MAX_CODE_BYTES)
        {
            return CODE_TOO_LONG;
        }
        for (int i = 0; i < code.length(); i++)
        {
            final char ch = code.charAt(i);
            if (Character.isHighSurrogate(ch))
            {
                if (i + 1 >= code.length() || !Character.isLowSurrogate(code.charAt(i + 1)))
                {
                    return CODE_INVALID;
                }
                i++;
            }
            else if (Character.isLowSurrogate(ch))
            {
                return CODE_INVALID;
            }
        }
        return OK;
    }

    private Outcome receive(final Cmd c)
    {
        final ReasonCode r = refAndPositive(c);
        if (r != OK)
        {
            return rejected(r);
        }
        final Position p = position(c.location(), c.sku());
        if (p.onHand + c.quantity() > Limits.MAX_POSITION_QUANTITY)
        {
            return rejected(QUANTITY_OVERFLOW);
        }
        mutable(c.location(), c.sku()).onHand += c.quantity();
        return at(OK, c.location(), c.sku(), 0);
    }

    private Outcome adjust(final Cmd c)
    {
        final ReasonCode r = ref(c.location(), c.sku());
        if (r != OK)
        {
            return rejected(r);
        }
        final long delta = c.quantity();
        if (delta == 0)
        {
            return rejected(ZERO_ADJUSTMENT);
        }
        if (delta > Limits.MAX_COMMAND_QUANTITY || delta < -Limits.MAX_COMMAND_QUANTITY)
        {
            return rejected(QUANTITY_TOO_LARGE);
        }
        if (c.adjustmentReason() == null)
        {
            return rejected(INVALID_ADJUSTMENT_REASON);
        }
        final Position p = position(c.location(), c.sku());
        final long after = p.onHand + delta;
        if (after > Limits.MAX_POSITION_QUANTITY)
        {
            return rejected(QUANTITY_OVERFLOW);
        }
        if (delta < 0 && after < p.reserved)
        {
            return rejected(ADJUSTMENT_BELOW_RESERVED);
        }
        mutable(c.location(), c.sku()).onHand = after;
        return at(OK, c.location(), c.sku(), 0);
    }

    private Outcome stocktake(final Cmd c)
    {
        final ReasonCode r = refAndNonNegative(c);
        if (r != OK)
        {
            return rejected(r);
        }
        mutable(c.location(), c.sku()).onHand = c.quantity();
        return at(OK, c.location(), c.sku(), 0);
    }

    private Outcome sale(final Cmd c)
    {
        final ReasonCode r = refAndPositive(c);
        if (r != OK)
        {
            return rejected(r);
        }
        if (position(c.location(), c.sku()).onHand - c.quantity() < -Limits.MAX_POSITION_QUANTITY)
        {
            return rejected(QUANTITY_OVERFLOW);
        }
        mutable(c.location(), c.sku()).onHand -= c.quantity();
        return at(OK, c.location(), c.sku(), 0);
    }

    private Outcome setSafetyStock(final Cmd c)
    {
        final ReasonCode r = refAndNonNegative(c);
        if (r != OK)
        {
            return rejected(r);
        }
        mutable(c.location(), c.sku()).safetyStock = c.quantity();
        return at(OK, c.location(), c.sku(), 0);
    }

    private Outcome reserve(final Cmd c)
    {
        if (c.reservationId() == 0)
        {
            return rejected(INVALID_RESERVATION_ID);
        }
        final ReasonCode r = refAndPositive(c);
        if (r != OK)
        {
            return rejected(r);
        }
        if (reservations.containsKey(c.reservationId()))
        {
            return rejected(DUPLICATE_RESERVATION);
        }
        if (position(c.location(), c.sku()).available() < c.quantity())
        {
            return rejected(INSUFFICIENT_STOCK);
        }
        mutable(c.location(), c.sku()).reserved += c.quantity();
        reservations.put(c.reservationId(), new Reservation(c.location(), c.sku(), c.quantity()));
        return at(OK, c.location(), c.sku(), c.quantity());
    }

    private Outcome take(final Cmd c, final boolean fulfil)
    {
        if (c.reservationId() == 0)
        {
            return rejected(INVALID_RESERVATION_ID);
        }
        final ReasonCode q = positive(c.quantity());
        if (q != OK)
        {
            return rejected(q);
        }
        final Reservation res = reservations.get(c.reservationId());
        if (res == null)
        {
            return rejected(UNKNOWN_RESERVATION);
        }
        if (c.quantity() > res.held())
        {
            return rejected(RELEASE_EXCEEDS_HELD);
        }
        final long left = res.held() - c.quantity();
        if (left == 0)
        {
            reservations.remove(c.reservationId());
        }
        else
        {
            reservations.put(c.reservationId(), new Reservation(res.location(), res.sku(), left));
        }
        final Position p = mutable(res.location(), res.sku());
        p.reserved -= c.quantity();
        if (fulfil)
        {
            p.onHand -= c.quantity();
        }
        return at(OK, res.location(), res.sku(), left);
    }

    private Outcome transferOut(final Cmd c)
    {
        ReasonCode r = ref(c.location(), c.sku());
        if (r == OK && !locationExists(c.toLocation()))
        {
            r = UNKNOWN_LOCATION;
        }
        if (r == OK && c.location() == c.toLocation())
        {
            r = SAME_LOCATION;
        }
        if (r == OK)
        {
            r = positive(c.quantity());
        }
        if (r != OK)
        {
            return rejected(r);
        }
        final Position from = position(c.location(), c.sku());
        if (from.onHand - from.reserved < c.quantity())
        {
            return rejected(TRANSFER_EXCEEDS_FREE_STOCK);
        }
        if (position(c.toLocation(), c.sku()).inTransit + c.quantity() > Limits.MAX_POSITION_QUANTITY)
        {
            return rejected(QUANTITY_OVERFLOW);
        }
        mutable(c.location(), c.sku()).onHand -= c.quantity();
        mutable(c.toLocation(), c.sku()).inTransit += c.quantity();
        return at(OK, c.location(), c.sku(), 0);
    }

    private Outcome transferIn(final Cmd c)
    {
        final ReasonCode r = refAndPositive(c);
        if (r != OK)
        {
            return rejected(r);
        }
        final Position p = position(c.location(), c.sku());
        if (p.inTransit < c.quantity())
        {
            return rejected(RECEIPT_EXCEEDS_IN_TRANSIT);
        }
        if (p.onHand + c.quantity() > Limits.MAX_POSITION_QUANTITY)
        {
            return rejected(QUANTITY_OVERFLOW);
        }
        final Position m = mutable(c.location(), c.sku());
        m.inTransit -= c.quantity();
        m.onHand += c.quantity();
        return at(OK, c.location(), c.sku(), 0);
    }

    // ---- helpers ----

    private boolean locationExists(final int id)
    {
        return id >= 0 && id < locationCodes.size();
    }

    private boolean skuExists(final int id)
    {
        return id >= 0 && id < skuCodes.size();
    }

    private ReasonCode ref(final int location, final int sku)
    {
        if (!locationExists(location))
        {
            return UNKNOWN_LOCATION;
        }
        return skuExists(sku) ? OK : UNKNOWN_SKU;
    }

    private ReasonCode refAndPositive(final Cmd c)
    {
        final ReasonCode r = ref(c.location(), c.sku());
        return r != OK ? r : positive(c.quantity());
    }

    private ReasonCode refAndNonNegative(final Cmd c)
    {
        final ReasonCode r = ref(c.location(), c.sku());
        if (r != OK)
        {
            return r;
        }
        if (c.quantity() < 0)
        {
            return NEGATIVE_QUANTITY;
        }
        return c.quantity() > Limits.MAX_COMMAND_QUANTITY ? QUANTITY_TOO_LARGE : OK;
    }

    private static ReasonCode positive(final long quantity)
    {
        if (quantity <= 0)
        {
            return INVALID_QUANTITY;
        }
        return quantity > Limits.MAX_COMMAND_QUANTITY ? QUANTITY_TOO_LARGE : OK;
    }

    private Position mutable(final int location, final int sku)
    {
        return positions.computeIfAbsent(List.of(location, sku), k -> new Position());
    }

    private Outcome at(final ReasonCode reason, final int location, final int sku, final long held)
    {
        final Position p = position(location, sku);
        return new Outcome(reason, reason, -1, location, sku, held, p.onHand, p.reserved, p.inTransit,
            p.safetyStock, null);
    }

    private static Outcome rejected(final ReasonCode reason)
    {
        return new Outcome(reason, reason, -1, -1, -1, 0, 0, 0, 0, 0, null);
    }

    /**
     * @return a fresh model with the standard network the tests start from.
     */
    public static List<Cmd> standardNetwork(final long firstCommandId)
    {
        long id = firstCommandId;
        return List.of(
            Cmd.defineLocation(id++, "W1", Tier.WAREHOUSE, 31_230_416, 121_473_701, Capabilities.SHIPS_PARCELS),
            Cmd.defineLocation(id++, "F1", Tier.FRONT_WAREHOUSE, 31_200_000, 121_400_000,
                Capabilities.INSTANT_DELIVERY),
            Cmd.defineLocation(id++, "S1", Tier.STORE, 31_100_000, 121_300_000, Capabilities.ALL),
            Cmd.defineSku(id++, "MILK-1L", StockUnit.PIECE),
            Cmd.defineSku(id++, "RICE", StockUnit.GRAM),
            Cmd.defineSku(id, "OIL", StockUnit.MILLILITRE));
    }
}

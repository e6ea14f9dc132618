package io.omnistock.core.model;

import io.omnistock.api.AdjustmentReason;
import io.omnistock.api.Command;
import io.omnistock.api.CommandType;
import io.omnistock.api.CommandWriter;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.command.CommandSlot;

/**
 * A stock or definition command as a plain value (the types the reference model covers), for
 * generators, the reference model and journal comparisons. Only
 * the fields of its type are meaningful; {@link #writeTo} describes it through the public
 * {@link CommandWriter} API exactly as a client would.
 */
public record Cmd(
    CommandType type,
    long commandId,
    int location,
    int toLocation,
    int sku,
    long quantity,
    long reservationId,
    AdjustmentReason adjustmentReason,
    String code,
    Tier tier,
    int latMicros,
    int lonMicros,
    int capabilities,
    StockUnit unit)
{
    public static Cmd defineLocation(
        final long id, final String code, final Tier tier, final int lat, final int lon, final int caps)
    {
        return new Cmd(CommandType.DEFINE_LOCATION, id, -1, -1, -1, 0, 0, null, code, tier, lat, lon, caps, null);
    }

    public static Cmd defineSku(final long id, final String code, final StockUnit unit)
    {
        return new Cmd(CommandType.DEFINE_SKU, id, -1, -1, -1, 0, 0, null, code, null, 0, 0, 0, unit);
    }

    public static Cmd stock(final CommandType type, final long id, final int location, final int sku, final long qty)
    {
        return new Cmd(type, id, location, -1, sku, qty, 0, null, null, null, 0, 0, 0, null);
    }

    public static Cmd adjust(
        final long id, final int location, final int sku, final long delta, final AdjustmentReason reason)
    {
        return new Cmd(CommandType.ADJUST, id, location, -1, sku, delta, 0, reason, null, null, 0, 0, 0, null);
    }

    public static Cmd reserve(final long id, final long reservationId, final int location, final int sku, final long qty)
    {
        return new Cmd(CommandType.RESERVE, id, location, -1, sku, qty, reservationId, null, null, null, 0, 0, 0, null);
    }

    public static Cmd release(final long id, final long reservationId, final long qty)
    {
        return new Cmd(CommandType.RELEASE, id, -1, -1, -1, qty, reservationId, null, null, null, 0, 0, 0, null);
    }

    public static Cmd fulfil(final long id, final long reservationId, final long qty)
    {
        return new Cmd(CommandType.FULFIL, id, -1, -1, -1, qty, reservationId, null, null, null, 0, 0, 0, null);
    }

    public static Cmd transferOut(final long id, final int from, final int to, final int sku, final long qty)
    {
        return new Cmd(CommandType.TRANSFER_OUT, id, from, to, sku, qty, 0, null, null, null, 0, 0, 0, null);
    }

    public static Cmd queryPosition(final long id, final int location, final int sku)
    {
        return new Cmd(CommandType.QUERY_POSITION, id, location, -1, sku, 0, 0, null, null, null, 0, 0, 0, null);
    }

    public static Cmd queryAvailability(final long id, final int sku)
    {
        return new Cmd(CommandType.QUERY_AVAILABILITY, id, -1, -1, sku, 0, 0, null, null, null, 0, 0, 0, null);
    }

    /**
     * @return the input of a command slot, for example one decoded from the journal.
     */
    public static Cmd fromSlot(final CommandSlot s)
    {
        return new Cmd(s.type, s.commandId, s.location, s.toLocation, s.sku, s.quantity, s.reservationId,
            s.adjustmentReason, s.code, s.tier, s.latMicros, s.lonMicros, s.capabilities, s.unit);
    }

    /**
     * @return the same command under another command id.
     */
    public Cmd withCommandId(final long id)
    {
        return new Cmd(type, id, location, toLocation, sku, quantity, reservationId, adjustmentReason, code, tier,
            latMicros, lonMicros, capabilities, unit);
    }

    /**
     * Describes this command through the public writer API.
     */
    public void writeTo(final CommandWriter w)
    {
        switch (type)
        {
            case DEFINE_LOCATION -> w.defineLocation(commandId, code, tier, latMicros, lonMicros, capabilities);
            case DEFINE_SKU -> w.defineSku(commandId, code, unit);
            case RECEIVE -> w.receive(commandId, location, sku, quantity);
            case ADJUST -> w.adjust(commandId, location, sku, quantity, adjustmentReason);
            case STOCKTAKE -> w.stocktake(commandId, location, sku, quantity);
            case SALE -> w.sale(commandId, location, sku, quantity);
            case RETURN -> w.returnToStock(commandId, location, sku, quantity);
            case RESERVE -> w.reserve(commandId, reservationId, location, sku, quantity);
            case RELEASE -> w.release(commandId, reservationId, quantity);
            case FULFIL -> w.fulfil(commandId, reservationId, quantity);
            case TRANSFER_OUT -> w.transferOut(commandId, location, toLocation, sku, quantity);
            case TRANSFER_IN -> w.transferIn(commandId, location, sku, quantity);
            case SET_SAFETY_STOCK -> w.setSafetyStock(commandId, location, sku, quantity);
            case QUERY_POSITION -> w.queryPosition(commandId, location, sku);
            case QUERY_AVAILABILITY -> w.queryAvailability(commandId, sku);
            default -> throw new IllegalArgumentException("no test command of type " + type);
        }
    }

    /**
     * @return this command for {@link io.omnistock.api.InventoryEngine#submit}.
     */
    public Command toCommand()
    {
        return this::writeTo;
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder().append(type).append("#").append(commandId);
        switch (type)
        {
            case DEFINE_LOCATION -> sb.append("(").append(quote(code)).append(",").append(tier).append(",")
                .append(latMicros).append(",").append(lonMicros).append(",caps=").append(capabilities).append(")");
            case DEFINE_SKU -> sb.append("(").append(quote(code)).append(",").append(unit).append(")");
            case RELEASE, FULFIL -> sb.append("(res=").append(reservationId).append(",q=").append(quantity).append(")");
            case RESERVE -> sb.append("(res=").append(reservationId).append(",l=").append(location).append(",s=")
                .append(sku).append(",q=").append(quantity).append(")");
            case TRANSFER_OUT -> sb.append("(l=").append(location).append("->").append(toLocation).append(",s=")
                .append(sku).append(",q=").append(quantity).append(")");
            case ADJUST -> sb.append("(l=").append(location).append(",s=").append(sku).append(",d=").append(quantity)
                .append(",").append(adjustmentReason).append(")");
            case QUERY_AVAILABILITY -> sb.append("(s=").append(sku).append(")");
            default -> sb.append("(l=").append(location).append(",s=").append(sku).append(",q=").append(quantity)
                .append(")");
        }
        return sb.toString();
    }

    private static String quote(final String s)
    {
        if (s == null)
        {
            return "null";
        }
        final StringBuilder sb = new StringBuilder("\"");
        for (final char ch : s.toCharArray())
        {
            if (ch < 0x20 || ch > 0x7e)
            {
                sb.append(String.format("\\u%04x", (int)ch));
            }
            else
            {
                sb.append(ch);
            }
        }
        return sb.append('"').toString();
    }
}

package io.omnistock.api;

/**
 * A replenishment policy, for one position or as the default of a location or a tier. Build one
 * with {@link #minMax}, {@link #daysOfCover} or {@link #dynamic}, then refine it with the
 * {@code with...} methods. What the three levels mean depends on the {@link #kind()}:
 *
 * <table>
 * <caption>levels by kind</caption>
 * <tr><th>kind</th><th>{@code reorderLevel}</th><th>{@code orderUpToLevel}</th><th>{@code overstockLevel}</th></tr>
 * <tr><td>MIN_MAX</td><td>reorder point s, units</td><td>order-up-to S, units</td><td>unused (0)</td></tr>
 * <tr><td>DAYS_OF_COVER</td><td>reorder below this many days of cover</td><td>order up to this many days</td>
 *     <td>OVERSTOCK beyond this many days</td></tr>
 * <tr><td>DYNAMIC</td><td>service level, basis points (9,500 = 95%)</td>
 *     <td>days of demand ordered beyond the reorder point</td><td>unused (0)</td></tr>
 * </table>
 *
 * @param kind             how levels are set.
 * @param reorderLevel     see the table.
 * @param orderUpToLevel   see the table.
 * @param overstockLevel   see the table.
 * @param packSize         requests are rounded up to a multiple of this, at least 1.
 * @param minOrderQuantity requests are at least this.
 * @param sourceLocation   where stock comes from: a location id, {@link #SUPPLIER}, or {@link #NETWORK}
 *                         (the location's configured source, else the nearest location of the tier above).
 * @param leadTimeHours    how long the source takes to deliver, 0 to 8,760.
 * @param slowMoverDays    raise SLOW_MOVER after this many days without demand; 0: never.
 */
public record ReplenishmentPolicy(
    ReplenishmentKind kind, long reorderLevel, long orderUpToLevel, long overstockLevel, long packSize,
    long minOrderQuantity, int sourceLocation, int leadTimeHours, int slowMoverDays)
{
    /** Source: the supplier, outside the network. */
    public static final int SUPPLIER = -1;
    /** Source: the location's upstream in the network (see {@link CommandWriter#setLocationSource}). */
    public static final int NETWORK = -2;

    /**
     * Reorder when available + inbound is at or below {@code reorderPoint}, up to {@code orderUpTo}.
     *
     * @param reorderPoint reorder point s, in the SKU's unit.
     * @param orderUpTo    order-up-to level S, in the SKU's unit.
     * @return a MIN_MAX policy sourced from the network, pack 1, no minimum order.
     */
    public static ReplenishmentPolicy minMax(final long reorderPoint, final long orderUpTo)
    {
        return new ReplenishmentPolicy(ReplenishmentKind.MIN_MAX, reorderPoint, orderUpTo, 0, 1, 0, NETWORK, 0, 0);
    }

    /**
     * Reorder when available + inbound covers fewer than {@code reorderDays} days of demand, up to
     * {@code orderUpToDays}; OVERSTOCK when on hand covers more than {@code overstockDays}.
     *
     * @param reorderDays   days of cover at which to reorder.
     * @param orderUpToDays days of cover to order up to.
     * @param overstockDays days of cover beyond which on hand is OVERSTOCK.
     * @return a DAYS_OF_COVER policy sourced from the network, pack 1, no minimum order.
     */
    public static ReplenishmentPolicy daysOfCover(final int reorderDays, final int orderUpToDays, final int overstockDays)
    {
        return new ReplenishmentPolicy(ReplenishmentKind.DAYS_OF_COVER, reorderDays, orderUpToDays, overstockDays, 1, 0,
            NETWORK, 0, 0);
    }

    /**
     * Reorder at demand over the lead time plus safety for {@code serviceLevelBasisPoints} (5,000 to
     * 9,999), up to that plus {@code cycleDays} of demand.
     *
     * @param serviceLevelBasisPoints service level in basis points (9,500 = 95%).
     * @param cycleDays               days of demand ordered beyond the reorder point.
     * @return a DYNAMIC policy sourced from the network, pack 1, no minimum order.
     */
    public static ReplenishmentPolicy dynamic(final int serviceLevelBasisPoints, final int cycleDays)
    {
        return new ReplenishmentPolicy(ReplenishmentKind.DYNAMIC, serviceLevelBasisPoints, cycleDays, 0, 1, 0, NETWORK,
            0, 0);
    }

    /**
     * @param size pack size, at least 1: requests are rounded up to a multiple of it.
     * @return this policy with that pack size.
     */
    public ReplenishmentPolicy withPack(final long size)
    {
        return new ReplenishmentPolicy(kind, reorderLevel, orderUpToLevel, overstockLevel, size, minOrderQuantity,
            sourceLocation, leadTimeHours, slowMoverDays);
    }

    /**
     * @param quantity minimum order quantity.
     * @return this policy with that minimum order quantity.
     */
    public ReplenishmentPolicy withMinOrder(final long quantity)
    {
        return new ReplenishmentPolicy(kind, reorderLevel, orderUpToLevel, overstockLevel, packSize, quantity,
            sourceLocation, leadTimeHours, slowMoverDays);
    }

    /**
     * @param location  a location id, {@link #SUPPLIER} or {@link #NETWORK}.
     * @param leadHours how long the source takes to deliver, in hours.
     * @return this policy with that source and lead time.
     */
    public ReplenishmentPolicy withSource(final int location, final int leadHours)
    {
        return new ReplenishmentPolicy(kind, reorderLevel, orderUpToLevel, overstockLevel, packSize, minOrderQuantity,
            location, leadHours, slowMoverDays);
    }

    /**
     * @param days days without demand after which SLOW_MOVER is raised; 0: never.
     * @return this policy with that slow-mover threshold.
     */
    public ReplenishmentPolicy withSlowMoverDays(final int days)
    {
        return new ReplenishmentPolicy(kind, reorderLevel, orderUpToLevel, overstockLevel, packSize, minOrderQuantity,
            sourceLocation, leadTimeHours, days);
    }
}

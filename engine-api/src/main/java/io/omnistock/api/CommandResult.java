package io.omnistock.api;

/**
 * An immutable copy of a {@link ResultView}.
 */
public record CommandResult(
    long commandId,
    CommandType type,
    long sequence,
    long timestamp,
    ReasonCode reason,
    ReasonCode originalReason,
    int assignedId,
    int location,
    int sku,
    long reservationId,
    long held,
    long onHand,
    long reserved,
    long inTransit,
    long safetyStock,
    long available,
    long networkAvailable,
    long warehouseAvailable,
    long frontWarehouseAvailable,
    long storeAvailable)
{
    /**
     * @param view a result being delivered.
     * @return a copy that outlives the callback.
     */
    public static CommandResult copyOf(final ResultView view)
    {
        return new CommandResult(
            view.commandId(), view.type(), view.sequence(), view.timestamp(), view.reason(), view.originalReason(),
            view.assignedId(), view.location(), view.sku(), view.reservationId(), view.held(), view.onHand(),
            view.reserved(), view.inTransit(), view.safetyStock(), view.available(), view.networkAvailable(),
            view.tierAvailable(Tier.WAREHOUSE), view.tierAvailable(Tier.FRONT_WAREHOUSE),
            view.tierAvailable(Tier.STORE));
    }

    /**
     * @return a result for a command the engine never saw, such as one refused because the ring was full.
     */
    public static CommandResult rejected(final long commandId, final CommandType type, final ReasonCode reason)
    {
        return new CommandResult(commandId, type, 0, 0, reason, reason, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /**
     * @return whether the command was accepted.
     */
    public boolean accepted()
    {
        return reason == ReasonCode.OK;
    }

    /**
     * @param tier a tier.
     * @return available-to-promise summed over the tier, for availability queries.
     */
    public long tierAvailable(final Tier tier)
    {
        return switch (tier)
        {
            case WAREHOUSE -> warehouseAvailable;
            case FRONT_WAREHOUSE -> frontWarehouseAvailable;
            case STORE -> storeAvailable;
        };
    }
}

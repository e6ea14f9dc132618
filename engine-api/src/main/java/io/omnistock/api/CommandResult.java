package io.omnistock.api;

import java.util.List;

/**
 * An immutable copy of a {@link ResultView}.
 *
 * <p>{@code candidates} is the routing explanation the journal keeps: the rule set that routed
 * (or, without a route, the last one tried). {@code ruleSets} explains every rule set tried, in
 * order; it is computed for the result only and never journaled.
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
    long storeAvailable,
    long orderId,
    OrderState orderState,
    long expiresAt,
    List<Allocation> allocations,
    List<Integer> unfilledLines,
    List<Candidate> candidates,
    List<RuleSetExplanation> ruleSets)
{
    /**
     * Copies the lists, so the result does not change with the caller's lists.
     *
     * @param commandId               see {@link #commandId()}.
     * @param type                    see {@link #type()}.
     * @param sequence                see {@link #sequence()}.
     * @param timestamp               see {@link #timestamp()}.
     * @param reason                  see {@link #reason()}.
     * @param originalReason          see {@link #originalReason()}.
     * @param assignedId              see {@link #assignedId()}.
     * @param location                see {@link #location()}.
     * @param sku                     see {@link #sku()}.
     * @param reservationId           see {@link #reservationId()}.
     * @param held                    see {@link #held()}.
     * @param onHand                  see {@link #onHand()}.
     * @param reserved                see {@link #reserved()}.
     * @param inTransit               see {@link #inTransit()}.
     * @param safetyStock             see {@link #safetyStock()}.
     * @param available               see {@link #available()}.
     * @param networkAvailable        see {@link #networkAvailable()}.
     * @param warehouseAvailable      see {@link #warehouseAvailable()}.
     * @param frontWarehouseAvailable see {@link #frontWarehouseAvailable()}.
     * @param storeAvailable          see {@link #storeAvailable()}.
     * @param orderId                 see {@link #orderId()}.
     * @param orderState              see {@link #orderState()}.
     * @param expiresAt               see {@link #expiresAt()}.
     * @param allocations             see {@link #allocations()}.
     * @param unfilledLines           see {@link #unfilledLines()}.
     * @param candidates              see {@link #candidates()}.
     * @param ruleSets                see {@link #ruleSets()}.
     */
    public CommandResult
    {
        allocations = List.copyOf(allocations);
        unfilledLines = List.copyOf(unfilledLines);
        candidates = List.copyOf(candidates);
        ruleSets = List.copyOf(ruleSets);
    }

    /**
     * A result without a per-rule-set explanation (the constructor before {@link #ruleSets()} existed).
     * Each parameter is the record component of the same name.
     *
     * @param commandId               see {@link #commandId()}.
     * @param type                    see {@link #type()}.
     * @param sequence                see {@link #sequence()}.
     * @param timestamp               see {@link #timestamp()}.
     * @param reason                  see {@link #reason()}.
     * @param originalReason          see {@link #originalReason()}.
     * @param assignedId              see {@link #assignedId()}.
     * @param location                see {@link #location()}.
     * @param sku                     see {@link #sku()}.
     * @param reservationId           see {@link #reservationId()}.
     * @param held                    see {@link #held()}.
     * @param onHand                  see {@link #onHand()}.
     * @param reserved                see {@link #reserved()}.
     * @param inTransit               see {@link #inTransit()}.
     * @param safetyStock             see {@link #safetyStock()}.
     * @param available               see {@link #available()}.
     * @param networkAvailable        see {@link #networkAvailable()}.
     * @param warehouseAvailable      see {@link #warehouseAvailable()}.
     * @param frontWarehouseAvailable see {@link #frontWarehouseAvailable()}.
     * @param storeAvailable          see {@link #storeAvailable()}.
     * @param orderId                 see {@link #orderId()}.
     * @param orderState              see {@link #orderState()}.
     * @param expiresAt               see {@link #expiresAt()}.
     * @param allocations             see {@link #allocations()}.
     * @param unfilledLines           see {@link #unfilledLines()}.
     * @param candidates              see {@link #candidates()}.
     */
    public CommandResult(
        final long commandId, final CommandType type, final long sequence, final long timestamp, final ReasonCode reason,
        final ReasonCode originalReason, final int assignedId, final int location, final int sku,
        final long reservationId, final long held, final long onHand, final long reserved, final long inTransit,
        final long safetyStock, final long available, final long networkAvailable, final long warehouseAvailable,
        final long frontWarehouseAvailable, final long storeAvailable, final long orderId, final OrderState orderState,
        final long expiresAt, final List<Allocation> allocations, final List<Integer> unfilledLines,
        final List<Candidate> candidates)
    {
        this(commandId, type, sequence, timestamp, reason, originalReason, assignedId, location, sku, reservationId,
            held, onHand, reserved, inTransit, safetyStock, available, networkAvailable, warehouseAvailable,
            frontWarehouseAvailable, storeAvailable, orderId, orderState, expiresAt, allocations, unfilledLines,
            candidates, List.of());
    }

    /**
     * @return every rule set the routing tried, in the policy's order, each with its verdicts;
     *     empty for a command that did not route.
     */
    @Override
    public List<RuleSetExplanation> ruleSets()
    {
        return ruleSets;
    }

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
            view.tierAvailable(Tier.STORE), view.orderId(), view.orderState(), view.expiresAt(),
            allocations(view), unfilled(view), candidates(view), ruleSets(view));
    }

    // Built as immutable lists once: the constructor's List.copyOf then keeps them as they are.
    private static List<Allocation> allocations(final ResultView view)
    {
        final Allocation[] list = new Allocation[view.allocationCount()];
        for (int i = 0; i < list.length; i++)
        {
            list[i] = new Allocation(view.allocationLine(i), view.allocationLocation(i), view.allocationSku(i),
                view.allocationQuantity(i));
        }
        return List.of(list);
    }

    private static List<Integer> unfilled(final ResultView view)
    {
        final Integer[] list = new Integer[view.unfilledLineCount()];
        for (int i = 0; i < list.length; i++)
        {
            list[i] = view.unfilledLine(i);
        }
        return List.of(list);
    }

    private static List<Candidate> candidates(final ResultView view)
    {
        final Candidate[] list = new Candidate[view.candidateCount()];
        for (int i = 0; i < list.length; i++)
        {
            list[i] = new Candidate(view.candidateLocation(i), view.candidateReason(i), view.candidateDistanceMeters(i));
        }
        return List.of(list);
    }

    private static List<RuleSetExplanation> ruleSets(final ResultView view)
    {
        final RuleSetExplanation[] list = new RuleSetExplanation[view.ruleSetCount()];
        for (int r = 0; r < list.length; r++)
        {
            final Candidate[] candidates = new Candidate[view.ruleSetCandidateCount(r)];
            for (int i = 0; i < candidates.length; i++)
            {
                candidates[i] = new Candidate(view.ruleSetCandidateLocation(r, i), view.ruleSetCandidateReason(r, i),
                    view.ruleSetCandidateDistanceMeters(r, i));
            }
            list[r] = new RuleSetExplanation(view.ruleSetName(r), view.ruleSetRouted(r), List.of(candidates));
        }
        return List.of(list);
    }

    /**
     * @param commandId the command's id.
     * @param type      the command's type.
     * @param reason    why it was refused.
     * @return a result for a command the engine never saw, such as one refused because the ring was full.
     */
    public static CommandResult rejected(final long commandId, final CommandType type, final ReasonCode reason)
    {
        return new CommandResult(commandId, type, 0, 0, reason, reason, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, null, 0, List.of(), List.of(), List.of(), List.of());
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

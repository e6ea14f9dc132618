package io.omnistock.api;

/**
 * The outcome of one command, read in place from the engine's slot. Valid only during the
 * {@link ResultListener#onResult} call that received it: copy with {@link CommandResult#copyOf}
 * to keep it.
 *
 * <p>Position fields describe the position after the command: for stock commands the position
 * touched (for {@link CommandType#TRANSFER_OUT}, the source), for reservation commands the
 * reservation's location. They are zero when the command was rejected before a position was
 * resolved.
 */
public interface ResultView
{
    /** @return the client's command id. */
    long commandId();

    /** @return the command type, or {@code null} when the command named no valid type. */
    CommandType type();

    /** @return the journal sequence assigned to the command, or 0 for queries. */
    long sequence();

    /** @return the engine timestamp, epoch milliseconds, assigned when the command was sequenced. */
    long timestamp();

    /** @return {@link ReasonCode#OK} or why the command was rejected. */
    ReasonCode reason();

    /**
     * @return for {@link ReasonCode#DUPLICATE_COMMAND}, the reason of the first command with this
     *     id; otherwise the same as {@link #reason()}.
     */
    ReasonCode originalReason();

    /** @return for accepted definitions, the new location or SKU id; otherwise -1. */
    int assignedId();

    /** @return the location of the position described, or -1. */
    int location();

    /** @return the SKU of the position described, or -1. */
    int sku();

    /** @return the reservation id for reservation commands, otherwise 0. */
    long reservationId();

    /** @return what the reservation still holds after the command. */
    long held();

    /** @return on hand after the command. */
    long onHand();

    /** @return reserved after the command. */
    long reserved();

    /** @return in transit (inbound) after the command. */
    long inTransit();

    /** @return safety stock after the command. */
    long safetyStock();

    /** @return available-to-promise after the command: max(0, on hand - reserved - safety stock). */
    long available();

    /**
     * @return for {@link CommandType#QUERY_AVAILABILITY}, the SKU's network available-to-promise;
     *     for a channel availability query, capped by what the channel's quota still allows.
     */
    long networkAvailable();

    /**
     * @param tier a tier.
     * @return for {@link CommandType#QUERY_AVAILABILITY}, available-to-promise summed over the tier.
     */
    long tierAvailable(Tier tier);

    /** @return the order id for order commands, otherwise 0. */
    long orderId();

    /** @return the order's state after the command, or {@code null} for non-order commands. */
    OrderState orderState();

    /** @return when an unpaid order's hold expires (engine epoch ms), or 0. */
    long expiresAt();

    /** @return how many (line, location) allocations the command made or proposes. */
    int allocationCount();

    /**
     * @param i the entry, 0 to the count less one.
     * @return the order line (0-based) of allocation {@code i}.
     */
    int allocationLine(int i);

    /**
     * @param i the entry, 0 to the count less one.
     * @return the location of allocation {@code i}.
     */
    int allocationLocation(int i);

    /**
     * @param i the entry, 0 to the count less one.
     * @return the SKU of allocation {@code i}.
     */
    int allocationSku(int i);

    /**
     * @param i the entry, 0 to the count less one.
     * @return the quantity of allocation {@code i}.
     */
    long allocationQuantity(int i);

    /** @return how many lines were left unfilled (partial fills and failed re-routes). */
    int unfilledLineCount();

    /**
     * @param i the entry, 0 to the count less one.
     * @return the order line (0-based) of unfilled entry {@code i}.
     */
    int unfilledLine(int i);

    /** @return how many candidate locations the routing explanation lists. */
    int candidateCount();

    /**
     * @param i the entry, 0 to the count less one.
     * @return the location of explanation entry {@code i}.
     */
    int candidateLocation(int i);

    /**
     * @param i the entry, 0 to the count less one.
     * @return why explanation entry {@code i} was chosen, lost or was excluded.
     */
    RoutingReason candidateReason(int i);

    /**
     * @param i the entry, 0 to the count less one.
     * @return the distance of explanation entry {@code i} from the destination, in metres.
     */
    long candidateDistanceMeters(int i);

    /**
     * @return how many rule sets the routing of this command tried, in the policy's order, each
     *     explained by the {@code ruleSet...} accessors (see {@link RuleSetExplanation}); 0 for a
     *     command that did not route (and for results rebuilt from the journal, which does not keep
     *     them). Rule sets an order does not qualify for (those needing
     *     {@link Order#ALLOW_ALTERNATIVE_PICKUP}) are not tried and not listed.
     */
    int ruleSetCount();

    /**
     * @param r the tried rule set, 0 to {@link #ruleSetCount()} less one.
     * @return the name of tried rule set {@code r}.
     */
    String ruleSetName(int r);

    /**
     * @param r the tried rule set, 0 to {@link #ruleSetCount()} less one.
     * @return whether tried rule set {@code r} produced the route.
     */
    boolean ruleSetRouted(int r);

    /**
     * @param r the tried rule set, 0 to {@link #ruleSetCount()} less one.
     * @return how many candidates the explanation of tried rule set {@code r} lists (at most 16).
     */
    int ruleSetCandidateCount(int r);

    /**
     * @param r the tried rule set, 0 to {@link #ruleSetCount()} less one.
     * @param i the entry, 0 to the count less one.
     * @return the location of entry {@code i} of tried rule set {@code r}'s explanation.
     */
    int ruleSetCandidateLocation(int r, int i);

    /**
     * @param r the tried rule set, 0 to {@link #ruleSetCount()} less one.
     * @param i the entry, 0 to the count less one.
     * @return the verdict on entry {@code i} of tried rule set {@code r}'s explanation.
     */
    RoutingReason ruleSetCandidateReason(int r, int i);

    /**
     * @param r the tried rule set, 0 to {@link #ruleSetCount()} less one.
     * @param i the entry, 0 to the count less one.
     * @return the distance of entry {@code i} of tried rule set {@code r}'s explanation from the destination, in metres.
     */
    long ruleSetCandidateDistanceMeters(int r, int i);
}

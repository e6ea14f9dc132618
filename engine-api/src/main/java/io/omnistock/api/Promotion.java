package io.omnistock.api;

/**
 * A copy of one promotion of the forecast master data (PUT_PROMOTION), as
 * {@link StateView#promotionAt(int)} found it (PUT_LEARNED_PROMOTION's too).
 *
 * @param promotionId       the client's id of the promotion.
 * @param sku               the SKU it promotes, or -1 when it names a category.
 * @param category          the category it promotes, or 0 when it names a SKU.
 * @param location          its location id, or -1 for all.
 * @param channel           its channel id, or -1 for all.
 * @param startDay          its first day (UTC epoch day).
 * @param endDay            its last day, included (UTC epoch day).
 * @param upliftBasisPoints its expected uplift in basis points (5000: +50%), or {@link #LEARNED_UPLIFT}
 *                          when the forecast learns it (PUT_LEARNED_PROMOTION).
 */
public record Promotion(long promotionId, int sku, int category, int location, int channel, int startDay, int endDay,
    long upliftBasisPoints)
{
    /**
     * The uplift the engine keeps for a promotion whose uplift the forecast learns
     * (PUT_LEARNED_PROMOTION). No stated uplift is negative (PUT_PROMOTION refuses one with
     * {@link ReasonCode#NEGATIVE_UPLIFT}), so it cannot be mistaken for one.
     */
    public static final long LEARNED_UPLIFT = -1;

    /** @return whether the forecast learns its uplift from past promotions (no uplift was stated). */
    public boolean learnsUplift()
    {
        return isLearnedUplift(upliftBasisPoints);
    }

    /**
     * The one test of the sentinel, for the engine's own rows as for this record.
     *
     * @param upliftBasisPoints a promotion's uplift as the engine keeps it.
     * @return whether {@code upliftBasisPoints} is {@link #LEARNED_UPLIFT}.
     */
    public static boolean isLearnedUplift(final long upliftBasisPoints)
    {
        return upliftBasisPoints == LEARNED_UPLIFT;
    }
}

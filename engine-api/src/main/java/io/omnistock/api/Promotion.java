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
 * @param upliftBasisPoints its expected uplift in basis points (5000: +50%), or -1 when the forecast
 *                          learns it (PUT_LEARNED_PROMOTION).
 */
public record Promotion(long promotionId, int sku, int category, int location, int channel, int startDay, int endDay,
    long upliftBasisPoints)
{
    /** @return whether the forecast learns its uplift from past promotions (no uplift was stated). */
    public boolean learnsUplift()
    {
        return upliftBasisPoints < 0;
    }
}

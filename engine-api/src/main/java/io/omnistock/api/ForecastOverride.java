package io.omnistock.api;

/**
 * A copy of one planner override of a position's forecast (PUT_FORECAST_OVERRIDE), as
 * {@link StateView#forecastOverrideAt(int)} found it.
 *
 * @param location         location id.
 * @param sku              SKU id.
 * @param dailyDemandMilli the daily demand in thousandths of the SKU's unit, or -1 for the model's.
 * @param minLevel         the reorder level it sets, with {@code maxLevel}.
 * @param maxLevel         the order-up-to level it sets, or 0 for the computed levels.
 * @param expiresAtMillis  when it stops winning (engine epoch ms); it stays listed until replaced.
 */
public record ForecastOverride(int location, int sku, long dailyDemandMilli, long minLevel, long maxLevel,
    long expiresAtMillis)
{
}

package io.omnistock.core.catalog;

/**
 * Distances between fixed-point coordinates. Uses {@link StrictMath} so that a replay on another
 * JVM or CPU computes the very same metres, and therefore routes the very same way.
 */
public final class Geo
{
    static final double EARTH_RADIUS_METERS = 6_371_008.8;
    private static final double MICRO_DEGREES_TO_RADIANS = Math.PI / 180.0 / 1_000_000.0;
    /** Metres per micro-degree of latitude. */
    static final double METERS_PER_MICRO_DEGREE = EARTH_RADIUS_METERS * MICRO_DEGREES_TO_RADIANS;
    /** 180 degrees of longitude. */
    static final long HALF_TURN_MICROS = 180_000_000L;

    private Geo()
    {
    }

    /**
     * @return cos(latitude), the factor that shrinks longitude differences near a point; computed
     *     once per routing request.
     */
    public static double longitudeScale(final int latMicros)
    {
        return StrictMath.cos(latMicros * MICRO_DEGREES_TO_RADIANS);
    }

    /**
     * Equirectangular distance: within 0.1% of great-circle distance at the tens of kilometres
     * that matter for store routing, and much cheaper.
     */
    public static long distanceMeters(
        final int latA, final int lonA, final int latB, final int lonB, final double longitudeScale)
    {
        final double dy = (double)latB - latA;
        // The shorter way round: across the antimeridian, not the long way across the globe.
        long dLon = (long)lonB - lonA;
        if (dLon > HALF_TURN_MICROS)
        {
            dLon -= 2 * HALF_TURN_MICROS;
        }
        else if (dLon < -HALF_TURN_MICROS)
        {
            dLon += 2 * HALF_TURN_MICROS;
        }
        final double dx = dLon * longitudeScale;
        return Math.round(Math.sqrt(dx * dx + dy * dy) * METERS_PER_MICRO_DEGREE);
    }
}

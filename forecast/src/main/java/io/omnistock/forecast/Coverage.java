package io.omnistock.forecast;

/**
 * The interval coverages the forecaster offers and their standard normal quantiles. A table, not
 * an inverse-normal routine: engine-core has one (DemandMath, package-private) and this module
 * must not depend on the engine; four levels cover what planners ask for.
 */
public final class Coverage
{
    private static final double[] LEVELS = {0.80, 0.90, 0.95, 0.99};
    private static final double[] Z = {1.2815515655446004, 1.6448536269514722, 1.959963984540054, 2.5758293035489004};

    private Coverage()
    {
    }

    /** @return z such that P(|N(0,1)| &lt;= z) = coverage. */
    public static double z(final double coverage)
    {
        for (int i = 0; i < LEVELS.length; i++)
        {
            if (Math.abs(LEVELS[i] - coverage) < 1e-9)
            {
                return Z[i];
            }
        }
        throw new ForecastException(ForecastException.Reason.INVALID_COVERAGE,
            "interval coverage " + coverage + " is not one of 0.80, 0.90, 0.95, 0.99");
    }
}

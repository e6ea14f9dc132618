package io.omnistock.forecast;

/**
 * A forecast: the mean per step and a central prediction interval of the given coverage
 * (0.80 means 10% below {@code lower} and 10% above {@code upper} under the model's error law).
 *
 * @param model the method chosen, e.g. {@code ETS(A,Ad,M)} or {@code SBA}.
 */
public record Forecast(String model, double[] mean, double[] lower, double[] upper, double coverage)
{
    public int horizon()
    {
        return mean.length;
    }

    /** @return the sum of the means over steps [from, to). */
    public double total(final int from, final int to)
    {
        double sum = 0;
        for (int i = from; i < to; i++)
        {
            sum += mean[i];
        }
        return sum;
    }
}

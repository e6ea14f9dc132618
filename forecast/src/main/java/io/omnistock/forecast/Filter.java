package io.omnistock.forecast;

/**
 * One forecasting method with fixed parameters, run forward over a series one observation at a
 * time. A missing observation ({@code NaN}: a stock-out day, a day set aside as special) advances
 * the state without correcting it, so the model neither learns from it nor loses its place.
 * Reusable: {@link #start} resets every state, so a selector keeps one instance per method.
 */
interface Filter
{
    /** @return the method's name with its parameters, e.g. {@code ETS(A,Ad,M) a=0.10 b=0.01 g=0.05 phi=0.95}. */
    String name();

    /** @return the method's family (what model selection chooses between), e.g. {@code ETS(A,Ad,M)}. */
    String family();

    /** Initialises the state from the start of the series; the filter then runs from index 0. */
    void start(double[] y);

    /** @return the one-step-ahead prediction for the next observation. */
    double predict();

    /** Takes the next observation ({@code NaN}: missing). */
    void update(double y);

    /** Writes the mean forecast for the next {@code mean.length} steps, without changing the state. */
    void forecast(double[] mean);

    /**
     * @return c_j, the weight of step j's shock in the forecast j steps later (ETS class 1
     *     variance: Var(h) = sigma^2 (1 + sum_{j=1}^{h-1} c_j^2)); 0 for a method whose forecast
     *     does not move with the shocks.
     */
    double shockWeight(int j);

    /**
     * @return how many numbers the method estimates from the series (smoothing weights, damping,
     *     initial states, the error variance): the penalty of an information criterion.
     */
    int parameters();

    /** @return the fewest observations {@link #start} needs. */
    int minimumLength();
}

package io.omnistock.forecast;

/**
 * Input the forecaster refuses, with a reason code a caller can act on (and a later journaled
 * command can carry as its rejection reason) and a message naming the offending value.
 */
public final class ForecastException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    /** Why the input was refused. */
    public enum Reason
    {
        PROMOTION_END_BEFORE_START,
        NEGATIVE_UPLIFT,
        INVALID_HORIZON,
        INVALID_SERIES,
        INVALID_CALENDAR,
        INVALID_COVERAGE,
        INVALID_CLASS_THRESHOLDS
    }

    private final Reason reason;

    public ForecastException(final Reason reason, final String message)
    {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public Reason reason()
    {
        return reason;
    }
}

package io.omnistock.pos;

/**
 * A count session operation was refused and changed nothing. The daemon maps
 * {@link CountError#UNKNOWN_SESSION}, {@link CountError#UNKNOWN_LOCATION} and
 * {@link CountError#UNKNOWN_SKU} to 404, {@link CountError#SESSION_EXISTS} and
 * {@link CountError#SESSION_CLOSED} to 409, the rest to 422.
 */
public final class CountSessionException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final CountError error;

    public CountSessionException(final CountError error, final String message)
    {
        super(message);
        this.error = error;
    }

    /** @return why the operation was refused. */
    public CountError error()
    {
        return error;
    }

    /** @return the machine-readable code, e.g. {@code COUNT_SESSION_EXISTS}. */
    public String wireCode()
    {
        return error.wireCode();
    }
}

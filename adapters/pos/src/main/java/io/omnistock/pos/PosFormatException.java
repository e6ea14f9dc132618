package io.omnistock.pos;

/**
 * A POS document or transaction was refused: nothing of it was submitted. Unchecked so the record
 * constructors can validate too; the daemon turns it into a 400 with {@link #wireCode()}.
 */
public final class PosFormatException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final PosFormatError error;

    public PosFormatException(final PosFormatError error, final String message)
    {
        super(message);
        this.error = error;
    }

    public PosFormatException(final PosFormatError error, final String message, final Throwable cause)
    {
        super(message, cause);
        this.error = error;
    }

    /** @return why the input was refused. */
    public PosFormatError error()
    {
        return error;
    }

    /** @return the machine-readable code, e.g. {@code POS_UNKNOWN_UNIT}. */
    public String wireCode()
    {
        return error.wireCode();
    }
}

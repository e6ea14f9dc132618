package io.omnistock.daemon.http;

import io.omnistock.api.ReasonCode;

/**
 * A request the daemon answers with a 4xx or 503 and a machine-readable code. Thrown by handlers
 * and turned into {@code {"error": {"code", "message"}}} in one place ({@link ErrorResponses}).
 */
public final class ApiError extends RuntimeException
{
    private final int status;
    private final String code;
    private final ReasonCode reason;

    public ApiError(final int status, final String code, final String message)
    {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.reason = null;
    }

    private ApiError(final ReasonCode reason, final String message)
    {
        super(message, null, false, false);
        this.status = HttpStatus.of(reason);
        this.code = reason.name();
        this.reason = reason;
    }

    /** An engine rejection found before the command was sent (e.g. an unknown SKU code). */
    public static ApiError of(final ReasonCode reason, final String detail)
    {
        return new ApiError(reason, reason.message() + ": " + detail);
    }

    public static ApiError badRequest(final String code, final String message)
    {
        return new ApiError(400, code, message);
    }

    public int status()
    {
        return status;
    }

    public String code()
    {
        return code;
    }

    /** @return the engine reason this stands for, or null for a protocol error. */
    public ReasonCode reason()
    {
        return reason;
    }
}

package io.omnistock.pos;

/**
 * Why a count session operation was refused. {@link #wireCode()} is the stable code for clients.
 */
public enum CountError
{
    /**
     * No session has this id: never opened, or closed before the last
     * {@value CountSessions#REMEMBERED_CLOSED_SESSIONS} closes or before the process restarted.
     */
    UNKNOWN_SESSION,
    /** A session with this id is already open. */
    SESSION_EXISTS,
    /** The session was committed or abandoned (is being committed) and takes no more scans. */
    SESSION_CLOSED,
    /** The location code is not defined in the engine. */
    UNKNOWN_LOCATION,
    /** A SKU code of the zero-count scope is not defined in the engine. */
    UNKNOWN_SKU,
    /**
     * A scan quantity is not positive, the count grew beyond what one command may carry, or an RFID
     * read carries a quantity other than 1.
     */
    INVALID_QUANTITY,
    /** A required argument (session id, code, EPC) is missing, blank or too long. */
    INVALID_ARGUMENT;

    /** @return the code as sent to clients, e.g. {@code COUNT_UNKNOWN_SESSION}. */
    public String wireCode()
    {
        return "COUNT_" + name();
    }
}

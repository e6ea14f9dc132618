package io.omnistock.pos;

import io.omnistock.api.Limits;

import java.nio.charset.StandardCharsets;

/**
 * Checks external identifiers (SKU, store, terminal and transaction codes) once, at the edge, so a
 * bad one is refused with the field's name instead of surfacing later as an engine rejection.
 */
final class Codes
{
    private Codes()
    {
    }

    /**
     * @param value the code.
     * @param field what it is, for the message.
     * @return the code, unchanged.
     * @throws PosFormatException if it is missing, blank or longer than the engine accepts.
     */
    static String require(final String value, final String field)
    {
        if (value == null || value.isBlank())
        {
            throw new PosFormatException(PosFormatError.MISSING_FIELD, field + " is missing");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > Limits.MAX_CODE_BYTES)
        {
            throw new PosFormatException(PosFormatError.INVALID_FIELD,
                field + " is longer than " + Limits.MAX_CODE_BYTES + " bytes of UTF-8");
        }
        return value;
    }
}

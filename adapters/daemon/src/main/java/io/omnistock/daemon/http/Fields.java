package io.omnistock.daemon.http;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** Presence and shape checks for request fields: each failure names the field. */
final class Fields
{
    private Fields()
    {
    }

    static <T> T required(final T value, final String field)
    {
        if (value == null)
        {
            throw ApiError.badRequest("MISSING_FIELD", "'" + field + "' is required");
        }
        return value;
    }

    /** JSON allows null elements; the collections they feed do not, so each is named like a missing field. */
    static <T> List<T> requiredElements(final List<T> values, final String field)
    {
        for (int i = 0; i < values.size(); i++)
        {
            required(values.get(i), field + "[" + i + "]");
        }
        return values;
    }

    static <V> Map<String, V> requiredValues(final Map<String, V> values, final String field)
    {
        values.forEach((key, value) -> required(value, field + "." + key));
        return values;
    }

    static String requiredText(final String value, final String field)
    {
        if (required(value, field).isEmpty())
        {
            throw ApiError.badRequest("MISSING_FIELD", "'" + field + "' must not be empty");
        }
        return value;
    }

    static long instantMillis(final String iso, final String field)
    {
        try
        {
            return Instant.parse(iso).toEpochMilli();
        }
        catch (final DateTimeParseException | ArithmeticException e)
        {
            throw ApiError.badRequest("INVALID_FIELD", "'" + field + "' must be an ISO-8601 instant such as " +
                "2026-11-22T10:15:30Z, got '" + iso + "'");
        }
    }

    /** Degrees to the engine's micro-degrees; the engine checks the range. */
    static int micros(final double degrees, final String field)
    {
        if (!Double.isFinite(degrees) || Math.abs(degrees) > 1000)
        {
            throw ApiError.badRequest("INVALID_FIELD", "'" + field + "' must be a coordinate in degrees");
        }
        return (int)Math.round(degrees * 1_000_000);
    }

    static long parseLong(final String text, final String field)
    {
        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException e)
        {
            throw ApiError.badRequest("INVALID_FIELD", "'" + field + "' must be a whole number, got '" + text + "'");
        }
    }
}

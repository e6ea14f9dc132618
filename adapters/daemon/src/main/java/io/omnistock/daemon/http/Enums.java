package io.omnistock.daemon.http;

import io.omnistock.api.ReasonCode;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Wire names of enums: lower case with hyphens ("front-warehouse"); upper case is accepted too. */
final class Enums
{
    private Enums()
    {
    }

    static <E extends Enum<E>> E parse(final Class<E> type, final String text, final String field, final ReasonCode invalid)
    {
        Fields.requiredText(text, field);
        try
        {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
        catch (final IllegalArgumentException e)
        {
            throw ApiError.of(invalid, "'" + field + "' must be one of " + Arrays.stream(type.getEnumConstants())
                .map(Enums::wire).collect(Collectors.joining(", ")) + ", got '" + text + "'");
        }
    }

    static String wire(final Enum<?> value)
    {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

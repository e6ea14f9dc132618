package io.omnistock.daemon.http;

import io.omnistock.api.ReasonCode;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Wire names of enum-like fields (tier, unit, type, movement type, reason, kind, mode, scope): lower
 * case with hyphens ("front-warehouse"). One rule for every such field: a name is matched ignoring
 * case, with '-' and '_' alike ("FRONT_WAREHOUSE" is accepted), and nothing else: surrounding
 * spaces make it another name, refused.
 */
public final class Enums
{
    private Enums()
    {
    }

    public static <E extends Enum<E>> E parse(final Class<E> type, final String text, final String field, final ReasonCode invalid)
    {
        Fields.requiredText(text, field);
        try
        {
            return Enum.valueOf(type, constant(text));
        }
        catch (final IllegalArgumentException e)
        {
            throw ApiError.of(invalid, "'" + field + "' must be one of " + Arrays.stream(type.getEnumConstants())
                .map(Enums::wire).collect(Collectors.joining(", ")) + ", got '" + text + "'");
        }
    }

    public static String wire(final Enum<?> value)
    {
        return wire(value.name());
    }

    /** @return {@code text} as a wire name, for fields matched against wire names. */
    static String wire(final String text)
    {
        return text.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return {@code text} as an enum constant's name. */
    static String constant(final String text)
    {
        return text.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}

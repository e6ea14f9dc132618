package io.omnistock.daemon.http;

import io.omnistock.api.ReasonCode;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Wire names of enum-like fields (tier, unit, type, movement type, reason, kind, mode, scope): lower
 * case with hyphens ("front-warehouse"). One rule for every such field: a name is matched ignoring
 * ASCII case, with '-' and '_' alike ("FRONT_WAREHOUSE" is accepted), and nothing else: surrounding
 * spaces, or letters that only upper-case to a name's (a dotless 'ı'), make it another name, refused.
 */
public final class Enums
{
    /** Each enum's constants, looked up once (getEnumConstants copies them per call). */
    private static final ClassValue<Enum<?>[]> CONSTANTS = new ClassValue<>()
    {
        @Override
        protected Enum<?>[] computeValue(final Class<?> type)
        {
            return (Enum<?>[])type.getEnumConstants();
        }
    };

    private Enums()
    {
    }

    public static <E extends Enum<E>> E parse(final Class<E> type, final String text, final String field, final ReasonCode invalid)
    {
        Fields.requiredText(text, field);
        for (final Enum<?> constant : CONSTANTS.get(type))
        {
            if (names(constant.name(), text))
            {
                return type.cast(constant);
            }
        }
        throw ApiError.of(invalid, "'" + field + "' must be one of " + Arrays.stream(type.getEnumConstants())
            .map(Enums::wire).collect(Collectors.joining(", ")) + ", got '" + text + "'");
    }

    /**
     * @return whether {@code text} is {@code name}'s wire name: equal ignoring ASCII case, with '-'
     *     for '_'. Compared in place: the text upper-cased and its hyphens replaced, two new strings per
     *     field, then looked up, was about 45 of the 3,980 bytes the I/O threads allocated per order on
     *     batches of 256 (async-profiler, docs/benchmarks.md run 57).
     */
    static boolean names(final String name, final String text)
    {
        if (name.length() != text.length())
        {
            return false;
        }
        for (int i = 0; i < name.length(); i++)
        {
            if (folded(text.charAt(i)) != name.charAt(i))
            {
                return false;
            }
        }
        return true;
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

    /** @return {@code text} as an enum constant's name: ASCII letters upper-cased, '-' as '_' (as {@link #names} compares). */
    static String constant(final String text)
    {
        final char[] name = new char[text.length()];
        for (int i = 0; i < name.length; i++)
        {
            name[i] = folded(text.charAt(i));
        }
        return new String(name);
    }

    private static char folded(final char c)
    {
        return c == '-' ? '_' : c >= 'a' && c <= 'z' ? (char)(c - ('a' - 'A')) : c;
    }
}

package io.omnistock.core.command;

import java.nio.charset.StandardCharsets;

/**
 * What a code (a location's, SKU's or channel's) must survive: the journal and the cluster's
 * messages carry it as UTF-8, so a code whose UTF-8 bytes do not decode back to it (a lone
 * surrogate, which encoding replaces) is refused as CODE_INVALID and travels as a marker, never as
 * bytes that would decode to another, valid code.
 */
public final class CodeText
{
    /** Stands in for a code that is not valid Unicode when one is decoded from a marker: it fails the same check. */
    public static final String NOT_UNICODE = "\ud800";

    private CodeText()
    {
    }

    /**
     * @param code a code.
     * @param utf8 its bytes from {@code code.getBytes(UTF_8)}.
     * @return whether the bytes decode back to the code.
     */
    public static boolean survivesUtf8(final String code, final byte[] utf8)
    {
        return new String(utf8, StandardCharsets.UTF_8).equals(code);
    }

    /**
     * @return whether optional text (null for none) is valid Unicode of at most {@code maxBytes}
     *     bytes of UTF-8: what the journal can carry faithfully.
     */
    public static boolean fits(final String text, final int maxBytes)
    {
        if (text == null)
        {
            return true;
        }
        // Cheap bound first: a char is at most 3 bytes of UTF-8 (a surrogate pair 4 for 2 chars).
        if (text.length() > maxBytes)
        {
            return false;
        }
        final byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return utf8.length <= maxBytes && survivesUtf8(text, utf8);
    }
}

package io.omnistock.daemon.http;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;

/**
 * Page size and cursors of every listing. A cursor is opaque to clients: the listing it belongs
 * to, the position to continue after and a hash of the filters, with a checksum, base64url. A
 * cursor from another listing, with other filters, edited or cut short is refused (400
 * {@code INVALID_CURSOR}) rather than read as some other position.
 */
final class Paging
{
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final String listing;
    private final long filterHash;
    private final int limit;
    private final long after;

    private Paging(final String listing, final long filterHash, final int limit, final long after)
    {
        this.listing = listing;
        this.filterHash = filterHash;
        this.limit = limit;
        this.after = after;
    }

    /**
     * @param listing the listing's name, e.g. "orders".
     * @param filters the filters as given, canonically ordered: a cursor is valid with the same ones only.
     * @param start   the position before the first item (a page continues after it).
     */
    static Paging of(final Call call, final String listing, final String filters, final long start)
    {
        final long hash = hash(filters);
        final int limit = limit(call.query("limit"));
        final String cursor = call.query("cursor");
        return new Paging(listing, hash, limit, cursor == null ? start : decode(cursor, listing, hash));
    }

    int limit()
    {
        return limit;
    }

    /** @return the position to continue after. */
    long after()
    {
        return after;
    }

    static int limit(final String text)
    {
        if (text == null)
        {
            return DEFAULT_LIMIT;
        }
        final int limit;
        try
        {
            limit = Integer.parseInt(text.trim());
        }
        catch (final NumberFormatException e)
        {
            throw ApiError.badRequest("INVALID_LIMIT", "'limit' must be a whole number from 1 to " + MAX_LIMIT +
                ", got '" + text + "'");
        }
        if (limit < 1 || limit > MAX_LIMIT)
        {
            throw ApiError.badRequest("INVALID_LIMIT", "'limit' must be from 1 to " + MAX_LIMIT + " (the maximum " +
                "page), got " + limit);
        }
        return limit;
    }

    /** @return a page's JSON: its items array to fill, and {@code nextCursor} when more may follow. */
    ObjectNode page(final long next, final ObjectNode json)
    {
        json.put("limit", limit);
        if (next >= 0)
        {
            json.put("nextCursor", encode(listing, next, filterHash));
        }
        return json;
    }

    static String encode(final String listing, final long position, final long filterHash)
    {
        final String text = listing + ":" + position + ":" + Long.toHexString(filterHash);
        final String sealed = text + ":" + Long.toHexString(hash(text));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sealed.getBytes(StandardCharsets.UTF_8));
    }

    static long decode(final String cursor, final String listing, final long filterHash)
    {
        final String text;
        try
        {
            text = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
        }
        catch (final IllegalArgumentException e)
        {
            throw invalid("it is not a cursor this daemon gave");
        }
        final String[] parts = text.split(":", -1);
        if (parts.length != 4 || !Long.toHexString(hash(parts[0] + ":" + parts[1] + ":" + parts[2])).equals(parts[3]))
        {
            throw invalid("it is not a cursor this daemon gave");
        }
        if (!parts[0].equals(listing))
        {
            throw invalid("it belongs to the " + parts[0] + " listing, not to " + listing);
        }
        if (!parts[2].equals(Long.toHexString(filterHash)))
        {
            throw invalid("it was given with other filters: repeat the first page's filters with it");
        }
        try
        {
            final long position = Long.parseLong(parts[1]);
            if (position < -1)
            {
                throw new NumberFormatException();
            }
            return position;
        }
        catch (final NumberFormatException e)
        {
            throw invalid("it is not a cursor this daemon gave");
        }
    }

    private static ApiError invalid(final String why)
    {
        return ApiError.badRequest("INVALID_CURSOR", "'cursor' cannot be used: " + why);
    }

    private static long hash(final String text)
    {
        final CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }
}

package io.omnistock.core.catalog;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * External codes to dense ids, assigned in definition order (so a replay assigns the same ids).
 * Written by the business-logic thread only; {@link #idOf} and {@link #codeOf} may be called from
 * any thread.
 */
final class CodeIndex
{
    private final Map<String, Integer> idByCode = new ConcurrentHashMap<>();
    private String[] codes;
    // Volatile so a reader that sees a count also sees the codes written before it (x86: a plain load).
    private volatile int count;

    CodeIndex(final int initialCapacity)
    {
        codes = new String[initialCapacity];
    }

    int count()
    {
        return count;
    }

    boolean exists(final int id)
    {
        return id >= 0 && id < count;
    }

    int idOf(final String code)
    {
        final Integer id = idByCode.get(code);
        return id == null ? -1 : id;
    }

    String code(final int id)
    {
        return codes[id];
    }

    /** @return the code of {@code id}, or null; safe from any thread. */
    String codeOf(final int id)
    {
        final int defined = count;
        final String[] published = codes;
        return id >= 0 && id < defined && id < published.length ? published[id] : null;
    }

    /** @return the new id; callers grow their own attribute arrays to {@link #capacity()}. */
    int add(final String code)
    {
        final int id = count;
        if (id == codes.length)
        {
            codes = Arrays.copyOf(codes, id * 2);
        }
        codes[id] = code;
        count = id + 1;
        idByCode.put(code, id);
        return id;
    }

    int capacity()
    {
        return codes.length;
    }
}

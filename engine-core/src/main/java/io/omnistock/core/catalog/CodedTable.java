package io.omnistock.core.catalog;

/**
 * What the tables of locations, SKUs and channels share: external codes mapped to dense ids through
 * a concurrent {@link CodeIndex}, so any thread can resolve a code while only the business-logic
 * thread defines new ones. Each table keeps its own per-id columns beside it.
 */
abstract class CodedTable
{
    final CodeIndex index;

    CodedTable(final int initialCapacity)
    {
        index = new CodeIndex(initialCapacity);
    }

    public int count()
    {
        return index.count();
    }

    public boolean exists(final int id)
    {
        return index.exists(id);
    }

    public int idOf(final String code)
    {
        return index.idOf(code);
    }

    /** @return the code of {@code id}, or null if none; safe from any thread. */
    public String codeOf(final int id)
    {
        return index.codeOf(id);
    }

    public String code(final int id)
    {
        return index.code(id);
    }
}

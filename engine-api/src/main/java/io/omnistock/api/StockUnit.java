package io.omnistock.api;

/**
 * The base unit a SKU is counted in. Quantities are always whole numbers of this unit: goods sold
 * by weight are counted in grams (0.42 kg is 420), by volume in millilitres. Adapters convert;
 * the ledger never uses floating point.
 */
public enum StockUnit
{
    /** Counted in whole pieces. */
    PIECE,
    /** Counted in grams. */
    GRAM,
    /** Counted in millilitres. */
    MILLILITRE;

    private static final StockUnit[] VALUES = values();

    /**
     * @param ordinal the wire code.
     * @return the unit, or {@code null} if the code is not a unit.
     */
    public static StockUnit fromOrdinal(final int ordinal)
    {
        return ordinal >= 0 && ordinal < VALUES.length ? VALUES[ordinal] : null;
    }
}

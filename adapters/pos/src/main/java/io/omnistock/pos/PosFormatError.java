package io.omnistock.pos;

/**
 * Why a POS document or transaction was refused before reaching the engine. {@link #wireCode()}
 * is the stable machine-readable code for clients and logs.
 */
public enum PosFormatError
{
    /** Not well-formed XML or JSON, or the wrong document structure. */
    MALFORMED,
    /** The document declares a DTD; refused so that entity expansion (XXE, billion laughs) cannot happen. */
    DTD_FORBIDDEN,
    /** A required field is absent or blank. */
    MISSING_FIELD,
    /** A field is present but not valid (an unknown line kind, a bad timestamp, a code too long...). */
    INVALID_FIELD,
    /** A quantity's unit of measure is not one the adapter converts. */
    UNKNOWN_UNIT,
    /** A quantity is not a whole number of the SKU's base unit (e.g. 0.4205 kg is 420.5 g). */
    FRACTIONAL_QUANTITY,
    /** A quantity is not a positive number, or is too large. */
    INVALID_QUANTITY,
    /**
     * A quantity's unit measures another kind of thing than the SKU's stock unit (a weight for a
     * SKU counted in pieces): converting it would move a wrong amount of stock.
     */
    UNIT_MISMATCH,
    /** Two lines of one transaction have the same line number. */
    DUPLICATE_LINE,
    /**
     * A POSLog item void (a {@code VoidFlag="true"} line with a negative quantity) names no earlier
     * line of the same item, kind and quantity left to cancel.
     */
    UNMATCHED_VOID;

    /**
     * @return the code as sent to clients, e.g. {@code POS_FRACTIONAL_QUANTITY}.
     */
    public String wireCode()
    {
        return "POS_" + name();
    }
}

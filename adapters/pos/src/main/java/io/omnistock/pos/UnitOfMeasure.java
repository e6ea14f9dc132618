package io.omnistock.pos;

import io.omnistock.api.Limits;
import io.omnistock.api.StockUnit;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Units of measure POS quantities arrive in, and their exact conversion into the engine's base
 * units. Codes are UN/ECE Recommendation 20 (as POSLog's {@code UnitOfMeasureCode} uses) plus the
 * common {@code EA}. Only metric units are listed: their factors are powers of ten, so a till's
 * decimal reading converts exactly; a pound is 453.59237 g, and almost no pound reading is a whole
 * number of grams.
 */
public enum UnitOfMeasure
{
    EACH(StockUnit.PIECE, 1, "EA", "C62", "H87", "PCE"),
    KILOGRAM(StockUnit.GRAM, 1000, "KGM", "KG"),
    GRAM(StockUnit.GRAM, 1, "GRM", "G"),
    LITRE(StockUnit.MILLILITRE, 1000, "LTR", "L"),
    MILLILITRE(StockUnit.MILLILITRE, 1, "MLT", "ML");

    /**
     * Significant digits and digits before the decimal point a reading may have. Far above any real
     * quantity (the engine caps one command at 2^40), and checked before any arithmetic so that a
     * hostile reading such as {@code 1E999999999} or a thousand-digit number cannot make the
     * conversion build a huge number.
     */
    private static final int MAX_DIGITS = 40;
    private static final int MAX_INTEGER_DIGITS = 18;
    private static final BigDecimal MAX_QUANTITY = BigDecimal.valueOf(Limits.MAX_COMMAND_QUANTITY);

    private final StockUnit baseUnit;
    private final BigDecimal factor;
    private final String[] codes;

    UnitOfMeasure(final StockUnit baseUnit, final long factor, final String... codes)
    {
        this.baseUnit = baseUnit;
        this.factor = BigDecimal.valueOf(factor);
        this.codes = codes;
    }

    /**
     * @return the engine unit quantities in this unit convert to.
     */
    public StockUnit baseUnit()
    {
        return baseUnit;
    }

    /**
     * @param code a unit code such as {@code KGM} or {@code EA}, case-insensitive.
     * @return the unit.
     * @throws PosFormatException {@link PosFormatError#UNKNOWN_UNIT} if the code is not listed.
     */
    public static UnitOfMeasure fromCode(final String code)
    {
        if (code != null)
        {
            final String upper = code.strip().toUpperCase(Locale.ROOT);
            for (final UnitOfMeasure unit : values())
            {
                for (final String candidate : unit.codes)
                {
                    if (candidate.equals(upper))
                    {
                        return unit;
                    }
                }
            }
        }
        throw new PosFormatException(PosFormatError.UNKNOWN_UNIT,
            "unit of measure '" + code + "' is not one of EA, C62, H87, PCE, KGM, KG, GRM, G, LTR, L, MLT, ML");
    }

    /**
     * Converts a reading in this unit into a whole number of the base unit, exactly.
     *
     * @param reading the quantity as the till recorded it, e.g. 0.42 (kilograms).
     * @return the quantity in the base unit, e.g. 420 (grams).
     * @throws PosFormatException {@link PosFormatError#FRACTIONAL_QUANTITY} if the result is not a
     *     whole number, {@link PosFormatError#INVALID_QUANTITY} if it is not positive or too large.
     */
    public long toBaseUnits(final BigDecimal reading)
    {
        if (reading.signum() <= 0)
        {
            throw new PosFormatException(PosFormatError.INVALID_QUANTITY, "quantity must be positive, was " + reading);
        }
        if (reading.precision() - reading.scale() > MAX_INTEGER_DIGITS)
        {
            throw new PosFormatException(PosFormatError.INVALID_QUANTITY, "quantity " + reading + " is too large");
        }
        if (reading.precision() > MAX_DIGITS)
        {
            throw new PosFormatException(PosFormatError.INVALID_QUANTITY, "quantity has more than " + MAX_DIGITS + " digits");
        }
        final BigDecimal base = reading.multiply(factor).stripTrailingZeros();
        if (base.scale() > 0)
        {
            throw new PosFormatException(PosFormatError.FRACTIONAL_QUANTITY,
                reading + " " + codes[0] + " is " + base + " " + baseUnit
                    + ", not a whole number of " + baseUnit);
        }
        if (base.compareTo(MAX_QUANTITY) > 0)
        {
            throw new PosFormatException(PosFormatError.INVALID_QUANTITY,
                "quantity " + reading + " " + codes[0] + " exceeds the engine's maximum of " + MAX_QUANTITY + " " + baseUnit);
        }
        return base.longValueExact();
    }

    /**
     * Parses a reading's text and converts it; see {@link #toBaseUnits(BigDecimal)}.
     *
     * @param text the quantity as text, e.g. {@code "0.42"}.
     * @return the quantity in the base unit.
     */
    public long toBaseUnits(final String text)
    {
        return toBaseUnits(reading(text));
    }

    /**
     * Parses a reading's text, of any sign, refusing text longer than any real reading before the
     * number is built.
     *
     * @param text the quantity as text, e.g. {@code "0.42"} or {@code "-1"}.
     * @return the reading.
     * @throws PosFormatException {@link PosFormatError#INVALID_QUANTITY} if it is not a decimal number.
     */
    public static BigDecimal reading(final String text)
    {
        final String trimmed = text.strip();
        if (trimmed.length() > MAX_DIGITS + 8)
        {
            throw new PosFormatException(PosFormatError.INVALID_QUANTITY, "quantity text is longer than any real reading");
        }
        try
        {
            return new BigDecimal(trimmed);
        }
        catch (final NumberFormatException notANumber)
        {
            throw new PosFormatException(PosFormatError.INVALID_QUANTITY, "quantity '" + text + "' is not a decimal number",
                notANumber);
        }
    }

    /** @return the code tills most often write for this unit, e.g. {@code KGM}. */
    public String code()
    {
        return codes[0];
    }
}

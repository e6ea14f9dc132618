package io.omnistock.pos;

/**
 * One scan of a batch handed to {@link CountSession#scan(java.util.List)}: a barcode scan (or a
 * quantity keyed or weighed for one item), or an RFID read.
 *
 * @param code     a barcode from the session's mapping, or a SKU code; for an RFID read, the item
 *                 the tag identifies.
 * @param quantity how many of the SKU's base unit the scan counts; always 1 for an RFID read.
 * @param epc      the tag's EPC for an RFID read, {@code null} for a barcode scan.
 */
public record CountScan(String code, long quantity, String epc)
{
    public CountScan
    {
        // A tag is one item: a read claiming more would be silently counted as one.
        if (epc != null && quantity != 1)
        {
            throw new CountSessionException(CountError.INVALID_QUANTITY,
                "an RFID read (epc) counts its tag once; its quantity must be 1 or absent, was " + quantity);
        }
    }

    /** @return a barcode scan counting {@code quantity} of the item. */
    public static CountScan barcode(final String code, final long quantity)
    {
        return new CountScan(code, quantity, null);
    }

    /** @return an RFID read of the tag {@code epc}, identifying the item {@code code}. */
    public static CountScan tag(final String epc, final String code)
    {
        return new CountScan(code, 1, epc);
    }
}

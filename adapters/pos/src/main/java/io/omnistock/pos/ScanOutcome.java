package io.omnistock.pos;

/**
 * What a count session made of one scan; the daemon or a scanner beeps accordingly.
 */
public enum ScanOutcome
{
    /** The item was counted. */
    COUNTED,
    /** An RFID tag already read in this session: counted once only. */
    DUPLICATE_TAG,
    /** Neither a known barcode nor a SKU code the engine knows: not counted. */
    UNKNOWN_ITEM
}

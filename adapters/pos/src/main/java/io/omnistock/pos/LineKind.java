package io.omnistock.pos;

/**
 * What a POS transaction line did to stock.
 */
public enum LineKind
{
    /** Goods left the store with the customer: an engine sale. */
    SALE,
    /** Goods came back from a customer: an engine return to stock. */
    RETURN,
    /**
     * A line entered and voided before the transaction completed (a sale line cancelled at the
     * till), or a POSLog item void and the line it cancels. It is kept so the line numbers match
     * the POS's own, but it moves no stock.
     */
    VOID
}

package io.omnistock.core.replenishment;

import io.omnistock.core.transfer.TransferBook;

/**
 * Snapshot format 3 to 4: format 3 marked a request with a transfer made from it, not which one,
 * and kept no request's transfer per entry. The mark sat in the entry's state bits; format 4 names
 * the transfer. Applied once the transfers are loaded.
 */
final class Format3TransferLink
{
    /** The state bit format 3 marked a request with an unshipped transfer made from it. */
    static final long TRANSFERRING = 1 << 4;

    private Format3TransferLink()
    {
    }

    /**
     * Links each marked request to the created transfer made from a request at its position with
     * the highest id: the one made last when transfers are numbered in order, as they were in every
     * case that build could get wrong. Then clears the marks, which nothing reads any more.
     */
    static void link(final ReplenishmentEntries book, final TransferBook transfers)
    {
        for (final long id : transfers.idsInOrder())
        {
            final int t = transfers.find(id);
            final int e = book.entryOf(transfers.toSlot(t));
            if (e >= 0 && transfers.state(t) == TransferBook.CREATED && transfers.fromRequest(t) &&
                book.stateBits(e, TRANSFERRING))
            {
                book.setRequestTransfer(e, id);
            }
        }
        book.clearStateBits(TRANSFERRING);
    }
}

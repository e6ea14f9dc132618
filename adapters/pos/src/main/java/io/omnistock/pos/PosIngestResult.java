package io.omnistock.pos;

import java.util.List;

/**
 * What ingesting one POS transaction did, line by line, with the counts a client reports.
 *
 * @param transactionId the transaction.
 * @param lines         one outcome per line, in the transaction's order.
 */
public record PosIngestResult(String transactionId, List<LineOutcome> lines)
{
    public PosIngestResult
    {
        lines = List.copyOf(lines);
    }

    /** @return lines that changed stock. */
    public int applied()
    {
        return count(LineOutcome.Status.APPLIED);
    }

    /** @return lines already applied by an earlier upload. */
    public int duplicates()
    {
        return count(LineOutcome.Status.DUPLICATE);
    }

    /** @return lines voided at the till. */
    public int voided()
    {
        return count(LineOutcome.Status.VOIDED);
    }

    /** @return the rejected lines, with their reasons. */
    public List<LineOutcome> rejected()
    {
        return lines.stream().filter(l -> l.status() == LineOutcome.Status.REJECTED).toList();
    }

    /** @return the applied lines that left on hand negative at the store. */
    public List<LineOutcome> negativeOnHand()
    {
        return lines.stream().filter(LineOutcome::negativeOnHand).toList();
    }

    private int count(final LineOutcome.Status status)
    {
        return (int)lines.stream().filter(l -> l.status() == status).count();
    }
}

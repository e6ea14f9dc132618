package io.omnistock.core.journal;

import java.nio.file.Path;

/**
 * The journal's last document, found damaged with nothing valid after it: what a power loss leaves
 * when the page cache had written back only part of the last batch (a record failing its CRC, a
 * frame longer than what is left, a header left not complete). Everything before it is whole.
 *
 * @param file             the cycle file holding it.
 * @param offset           the byte offset of its Chronicle header in that file.
 * @param headerWord       Chronicle's header word found there (length, not-complete and metadata bits).
 * @param index            its Chronicle index, or -1 if Chronicle does not count it as a document.
 * @param lastSequence     the last sequence of the whole documents before it (0 if none).
 * @param intactRecords    how many of its records, from its start, still pass their checksum: the
 *                         sequences after {@code lastSequence} that it certainly held.
 * @param damage           what is wrong with it, one sentence.
 */
public record DamagedTail(
    Path file, long offset, int headerWord, long index, long lastSequence, int intactRecords, String damage)
{
    /** @return a sentence naming the place, the damage and where the intact journal ends. */
    public String describe()
    {
        return "the journal's last document" + (index < 0 ? "" : " (index " + Long.toHexString(index) + ")") +
            " at byte offset " + offset + " of " + file + " is damaged (" + damage + ") and nothing valid follows it: " +
            "the journal's whole documents end at sequence " + lastSequence + "; " + lostSequences();
    }

    /** @return which sequences went with the damaged document. */
    public String lostSequences()
    {
        return intactRecords > 0 ?
            "sequences " + (lastSequence + 1) + " to " + (lastSequence + intactRecords) +
                " were in it (their records still pass their checksums), and possibly more after them" :
            "sequences from " + (lastSequence + 1) + " on (if any) were in it";
    }
}

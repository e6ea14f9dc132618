package io.omnistock.core.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Tears a closed journal's last document as a crash during its write would (its second half never
 * reached the device), for tests outside this package. The offsets are Chronicle's, read as
 * {@link DamagedTailRecoveryTest} reads them.
 */
public final class TornTail
{
    private TornTail()
    {
    }

    /** Zeroes the second half of the last document of the journal in {@code journal}, which must be closed. */
    public static void tear(final Path journal)
    {
        final DamagedTailRecoveryTest.LastDocument last = DamagedTailRecoveryTest.LastDocument.of(journal);
        try
        {
            last.zero(last.offset() + Integer.BYTES + last.length() / 2, last.end());
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }
}

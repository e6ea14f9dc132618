package io.omnistock.core.journal;

import net.openhft.chronicle.queue.ChronicleQueue;

import java.nio.file.Path;

/** Test support: journals started in a given format version, as an older build would have. */
public final class JournalFormats
{
    private JournalFormats()
    {
    }

    /** A writer that starts an empty journal in {@code version} (or appends in the journal's own). */
    public static JournalWriter writer(final ChronicleQueue queue, final int version)
    {
        return new JournalWriter(queue, version);
    }

    /** Starts an empty journal in {@code dir} with a header of {@code version}; engines then append in it. */
    public static void start(final Path dir, final int version)
    {
        try (ChronicleQueue queue = Journal.open(dir, false))
        {
            new JournalWriter(queue, version).close();
        }
    }
}

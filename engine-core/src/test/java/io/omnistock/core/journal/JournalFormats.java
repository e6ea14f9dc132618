package io.omnistock.core.journal;

import net.openhft.chronicle.queue.ChronicleQueue;

import java.nio.file.Path;

/** Test support: journals started in a given format version, as an older build would have. */
public final class JournalFormats
{
    private JournalFormats()
    {
    }

    /**
     * A writer in {@code version}, as the build of that format wrote: an empty journal is started
     * with a header of that version (logic version 1, the only one before format 3).
     */
    public static JournalWriter writer(final ChronicleQueue queue, final int version)
    {
        return new JournalWriter(queue, version, io.omnistock.core.state.LogicVersion.FIRST);
    }

    /**
     * Starts an empty journal in {@code dir} with a header of {@code version} (logic version 1);
     * engines then append in this build's format.
     */
    public static void start(final Path dir, final int version)
    {
        try (ChronicleQueue queue = Journal.open(dir, false))
        {
            new JournalWriter(queue, version, io.omnistock.core.state.LogicVersion.FIRST).close();
        }
    }

    /** Starts an empty journal in this build's format, in logic version {@code logicVersion}. */
    public static void startInLogic(final Path dir, final int logicVersion)
    {
        try (ChronicleQueue queue = Journal.open(dir, false))
        {
            new JournalWriter(queue, JournalCodec.FORMAT_VERSION, logicVersion).close();
        }
    }
}

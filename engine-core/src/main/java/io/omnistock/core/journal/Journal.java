package io.omnistock.core.journal;

import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

import java.nio.file.Path;

/**
 * Opens the Chronicle Queue that holds a journal. The one place that knows how the queue is built,
 * so the writer, the reader and the tools agree on it.
 */
public final class Journal
{
    static
    {
        ChronicleSettings.apply();
    }

    private Journal()
    {
    }

    /**
     * @param dir  the journal directory; created if missing.
     * @param sync whether {@code sync()} on an appender must reach the device (msync), rather than
     *             leave the data to the OS page cache.
     */
    public static ChronicleQueue open(final Path dir, final boolean sync)
    {
        return SingleChronicleQueueBuilder.binary(dir)
            .syncMode(sync ? SyncMode.SYNC : SyncMode.NONE)
            .build();
    }
}

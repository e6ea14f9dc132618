package io.omnistock.core;

/**
 * Test seam of the journal stage: called just before each journal write, so a test can make the
 * write fail as a full disk or a dying device would, and watch the engine halt and recover. The
 * engine itself runs with {@link #NONE}, whose empty calls the JIT removes. Package-private on
 * purpose: nothing outside the engine's own tests may make a journal fail.
 */
interface JournalFaults
{
    JournalFaults NONE = new JournalFaults()
    {
    };

    /** Before a command is added to the journal batch. */
    default void beforeAppend(final long sequence)
    {
    }

    /** Before the batch is written to the queue as one document. */
    default void beforeFlush()
    {
    }

    /** Before what was written is forced to the device. */
    default void beforeSync()
    {
    }
}

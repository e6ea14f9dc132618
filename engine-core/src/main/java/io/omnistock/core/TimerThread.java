package io.omnistock.core;

/**
 * Where the engine's timed work runs: the timer that turns wall-clock time into journaled
 * {@code EXPIRE_HOLDS} commands and periodic-durability sync ticks, and the journal pretouch that
 * goes with it. Either way the timer publishes the very same commands into the ring, so what is
 * journaled and how it replays do not depend on this choice.
 */
public enum TimerThread
{
    /** Chosen by {@link ThreadModel} from the cores the engine may use. */
    AUTO,
    /**
     * Threads of their own: {@code omnistock-timer} looks at the clock every 10 ms and
     * {@code omnistock-journal-pretouch} reads the journal file in ahead of the writer. Right when
     * cores are to spare; on a shared core each wake-up can preempt the writer.
     */
    OWN,
    /**
     * Folded into the single writer ({@link JournalThread#WRITER} only): it looks at the clock after
     * each ring batch and, while idle, every 10 ms (its wait times out: {@link WaitStrategyKind#BLOCKING}
     * or {@link WaitStrategyKind#PHASED} only), and reads the journal's next pages in when the ring is
     * empty. No thread besides the writer wakes up.
     */
    WRITER
}

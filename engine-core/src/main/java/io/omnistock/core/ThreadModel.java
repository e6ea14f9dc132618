package io.omnistock.core;

/**
 * Which of the engine's jobs get a thread of their own, chosen from the cores it may use: the
 * engine's busy threads are counted against {@code availableProcessors()} or a configured
 * {@linkplain EngineConfig#cpuBudget() CPU budget}, and a setting given explicitly always wins.
 *
 * <ul>
 *   <li><b>Split</b> (a budget of {@value #SPLIT_CORES} or more: a core each for the single writer,
 *       the journal thread and at least one producer): today's layout. A journal thread of its own
 *       ({@link JournalThread#OWN}), the timer and the journal pretouch on threads of their own
 *       ({@link TimerThread#OWN}), {@link WaitStrategyKind#SLEEPING}.</li>
 *   <li><b>Compact</b> (fewer): one engine thread. The single writer journals its own batches
 *       ({@link JournalThread#WRITER}), does the timer's work after each batch and, idle, every
 *       10 ms, and reads the journal's next pages in when the ring is empty
 *       ({@link TimerThread#WRITER}); it waits {@link WaitStrategyKind#PHASED}, which blocks when
 *       idle. Threads that spin or wake on their own would take the shared cores from the writer and
 *       the producers in scheduler slices of milliseconds (docs/benchmarks.md, runs 20 and 31).</li>
 * </ul>
 *
 * @param cpuBudget     the cores counted.
 * @param journalThread where the journal is written and results are released.
 * @param waitStrategy  how the engine's threads wait.
 * @param timerThread   where the timer's and the journal pretouch's work runs.
 * @param reason        one line naming the choice and why, for the start log.
 */
public record ThreadModel(
    int cpuBudget, JournalThread journalThread, WaitStrategyKind waitStrategy, TimerThread timerThread, String reason)
{
    /** The single writer, the journal thread and one producer, each on a core of its own. */
    public static final int SPLIT_CORES = 3;

    /** How long the single writer may wait idle before it does the timer's work (the timer thread's own period). */
    static final long IDLE_TICK_NANOS = 10_000_000;

    /**
     * The decision, as a pure function of the settings and the machine.
     *
     * @param config     the settings; {@code AUTO} ones and a budget of 0 are chosen here.
     * @param processors {@code Runtime.availableProcessors()}, used when no budget is configured.
     */
    public static ThreadModel choose(final EngineConfig config, final int processors)
    {
        final int budget = config.cpuBudget() > 0 ? config.cpuBudget() : processors;
        final String counted = config.cpuBudget() > 0 ? "a CPU budget of " + budget : budget + " processors";
        // A timer placed on the writer needs the writer's layout: it is the one explicit choice that implies the others.
        final boolean compact = config.timerThread() == TimerThread.WRITER || budget < SPLIT_CORES;
        final JournalThread journal = config.journalThread() != JournalThread.AUTO ? config.journalThread() :
            compact ? JournalThread.WRITER : JournalThread.OWN;
        final WaitStrategyKind wait = config.waitStrategy() != WaitStrategyKind.AUTO ? config.waitStrategy() :
            compact ? WaitStrategyKind.PHASED : WaitStrategyKind.SLEEPING;
        // EngineConfig refuses an explicit timer on the writer that cannot be folded there.
        final boolean foldable = journal == JournalThread.WRITER && wait.timesOut();
        final TimerThread timer = config.timerThread() != TimerThread.AUTO ? config.timerThread() :
            compact && foldable ? TimerThread.WRITER : TimerThread.OWN;
        final String layout = journal == JournalThread.WRITER && timer == TimerThread.WRITER ?
            "compact (the writer journals, keeps the timer and pretouches in its idle time)" :
            journal == JournalThread.OWN && timer == TimerThread.OWN ?
                "split (writer, journal, timer and pretouch threads)" :
                "journal on " + journal + ", timer and pretouch on " + timer;
        final String why = (budget < SPLIT_CORES ?
            counted + ", fewer than the " + SPLIT_CORES + " a split layout keeps busy (writer, journal, a producer)" :
            counted + ", at least the " + SPLIT_CORES + " a split layout keeps busy (writer, journal, a producer)") +
            explicit(config);
        return new ThreadModel(budget, journal, wait, timer, layout + ", " + wait + " waits: " + why);
    }

    private static String explicit(final EngineConfig config)
    {
        final StringBuilder set = new StringBuilder();
        if (config.journalThread() != JournalThread.AUTO)
        {
            set.append(" journalThread=").append(config.journalThread());
        }
        if (config.waitStrategy() != WaitStrategyKind.AUTO)
        {
            set.append(" waitStrategy=").append(config.waitStrategy());
        }
        if (config.timerThread() != TimerThread.AUTO)
        {
            set.append(" timerThread=").append(config.timerThread());
        }
        return set.length() == 0 ? "" : "; set explicitly:" + set;
    }

    /** @return whether the single writer runs the timer and the pretouch in its idle time. */
    boolean timerOnWriter()
    {
        return timerThread == TimerThread.WRITER;
    }

    @Override
    public String toString()
    {
        return reason;
    }
}

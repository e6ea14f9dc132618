package io.omnistock.core;

import io.omnistock.api.EventListener;
import io.omnistock.core.state.CommandWindow;
import io.omnistock.core.state.LogicVersion;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Engine settings, with defaults fit for a small deployment. Build with {@link #builder()}.
 *
 * @param journalDir           journal directory, or {@code null} for no journal (tests, benchmarks).
 * @param snapshotDir          snapshot directory, or {@code null} for none.
 * @param ringSize             command ring slots, a power of two.
 * @param waitStrategy         how engine threads wait; {@code AUTO}: chosen by {@link ThreadModel}.
 * @param durability           when the journal is forced to disk.
 * @param expectedPositions    positions to pre-size the ledger for.
 * @param expectedReservations open reservations to pre-size for.
 * @param idempotencyWindow    how many recent command ids are remembered for duplicate detection.
 * @param snapshotsToKeep      newest snapshots kept on disk.
 * @param clock                the engine's source of time, read only when sequencing commands.
 * @param eventListeners       receive output events after they are journaled.
 * @param journalThread        which thread journals and answers: its own, or the single writer;
 *                             {@code AUTO}: chosen by {@link ThreadModel}.
 * @param journalPretouch      whether the journal file's next pages are read in ahead of the writer (on
 *                             a thread of its own, or in the writer's idle time with {@link TimerThread#WRITER}),
 *                             so the journaling thread does not take their page faults.
 * @param logicVersion         the logic version the engine decides by: a new journal starts in it,
 *                             and a journal of an older one is switched to it at start (an
 *                             {@code UPGRADE_LOGIC} command, journaled); a journal already past it
 *                             keeps its own, since logic never moves back. Default: the newest
 *                             this build knows. A replicated deployment pins the version its
 *                             oldest member knows, and raises it once all members run the new build.
 * @param timerThread          where the timer and the journal pretouch run: threads of their own, or
 *                             the single writer's idle time; {@code AUTO}: chosen by {@link ThreadModel}.
 * @param cpuBudget            the cores the engine may count on when {@link ThreadModel} chooses its
 *                             threads; 0: {@code Runtime.availableProcessors()}.
 */
public record EngineConfig(
    Path journalDir,
    Path snapshotDir,
    int ringSize,
    WaitStrategyKind waitStrategy,
    Durability durability,
    int expectedPositions,
    int expectedReservations,
    int idempotencyWindow,
    int snapshotsToKeep,
    EngineClock clock,
    List<EventListener> eventListeners,
    JournalThread journalThread,
    boolean journalPretouch,
    int logicVersion,
    TimerThread timerThread,
    int cpuBudget)
{
    /** The oldest logic version this build decides by: the lowest {@link #logicVersion()} it accepts. */
    public static final int FIRST_LOGIC_VERSION = LogicVersion.FIRST;
    /** The newest logic version this build knows: the default {@link #logicVersion()}. */
    public static final int LATEST_LOGIC_VERSION = LogicVersion.LATEST;

    public EngineConfig
    {
        if (ringSize < 1 || Integer.bitCount(ringSize) != 1)
        {
            throw new IllegalArgumentException("ringSize must be a positive power of two: " + ringSize);
        }
        positive("expectedPositions", expectedPositions, 0);
        positive("expectedReservations", expectedReservations, 0);
        positive("idempotencyWindow", idempotencyWindow, 1);
        positive("snapshotsToKeep", snapshotsToKeep, 1);
        if (idempotencyWindow > CommandWindow.MAX_CAPACITY)
        {
            throw new IllegalArgumentException("idempotencyWindow must be at most " + CommandWindow.MAX_CAPACITY +
                ": " + idempotencyWindow);
        }
        Objects.requireNonNull(waitStrategy, "waitStrategy");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(eventListeners, "eventListeners");
        eventListeners = List.copyOf(eventListeners);
        Objects.requireNonNull(journalThread, "journalThread");
        Objects.requireNonNull(timerThread, "timerThread");
        positive("cpuBudget", cpuBudget, 0);
        if (timerThread == TimerThread.WRITER && (journalThread == JournalThread.OWN ||
            waitStrategy != WaitStrategyKind.AUTO && !waitStrategy.timesOut()))
        {
            // The writer does the timer's work when its wait times out, and only when it is the only stage.
            throw new IllegalArgumentException("timerThread WRITER needs journalThread WRITER (or AUTO) and waitStrategy " +
                "BLOCKING or PHASED (or AUTO); got journalThread " + journalThread + ", waitStrategy " + waitStrategy);
        }
        if (!LogicVersion.known(logicVersion))
        {
            throw new IllegalArgumentException("logicVersion must be " + LogicVersion.FIRST + " to " +
                LogicVersion.LATEST + " (the logic versions this build knows): " + logicVersion);
        }
    }

    private static void positive(final String setting, final int value, final int least)
    {
        if (value < least)
        {
            throw new IllegalArgumentException(setting + " must be at least " + least + ": " + value);
        }
    }

    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * Builder with the documented defaults.
     */
    public static final class Builder
    {
        private Path journalDir;
        private Path snapshotDir;
        private boolean snapshotDirSet;
        private int ringSize = 1 << 14;
        private WaitStrategyKind waitStrategy = WaitStrategyKind.AUTO;
        private Durability durability = Durability.pageCache();
        private int expectedPositions = 1 << 16;
        private int expectedReservations = 1 << 14;
        private int idempotencyWindow = 1 << 20;
        private int snapshotsToKeep = 3;
        private EngineClock clock = EngineClock.SYSTEM;
        private final List<EventListener> eventListeners = new ArrayList<>();
        private JournalThread journalThread = JournalThread.AUTO;
        private TimerThread timerThread = TimerThread.AUTO;
        private int cpuBudget;
        private boolean journalPretouch = true;
        private int logicVersion = LogicVersion.LATEST;

        private Builder()
        {
        }

        /** Journal directory; snapshots default to its {@code snapshots} subdirectory. Default: none. */
        public Builder journalDir(final Path dir)
        {
            journalDir = dir;
            return this;
        }

        /** Snapshot directory, or {@code null} for no snapshots. */
        public Builder snapshotDir(final Path dir)
        {
            snapshotDir = dir;
            snapshotDirSet = true;
            return this;
        }

        /** Default 16384. */
        public Builder ringSize(final int slots)
        {
            ringSize = slots;
            return this;
        }

        /**
         * Default {@link WaitStrategyKind#AUTO}: {@link WaitStrategyKind#PHASED} on a small machine,
         * {@link WaitStrategyKind#SLEEPING} otherwise ({@link ThreadModel}).
         */
        public Builder waitStrategy(final WaitStrategyKind kind)
        {
            waitStrategy = kind;
            return this;
        }

        /** Default {@link Durability#pageCache()}. */
        public Builder durability(final Durability policy)
        {
            durability = policy;
            return this;
        }

        /** Default 65536. */
        public Builder expectedPositions(final int positions)
        {
            expectedPositions = positions;
            return this;
        }

        /** Default 16384. */
        public Builder expectedReservations(final int reservations)
        {
            expectedReservations = reservations;
            return this;
        }

        /** Default 1,048,576 command ids. */
        public Builder idempotencyWindow(final int commandIds)
        {
            idempotencyWindow = commandIds;
            return this;
        }

        /** Default 3. */
        public Builder snapshotsToKeep(final int count)
        {
            snapshotsToKeep = count;
            return this;
        }

        /** Default: the system clock. Tests pass a controllable clock. */
        public Builder clock(final EngineClock epochClock)
        {
            clock = epochClock;
            return this;
        }

        public Builder eventListener(final EventListener listener)
        {
            eventListeners.add(Objects.requireNonNull(listener, "eventListener"));
            return this;
        }

        /**
         * Default {@link JournalThread#AUTO}: {@link JournalThread#WRITER} on a small machine,
         * {@link JournalThread#OWN} otherwise ({@link ThreadModel}).
         */
        public Builder journalThread(final JournalThread thread)
        {
            journalThread = thread;
            return this;
        }

        /**
         * Default {@link TimerThread#AUTO}: folded into the single writer on a small machine
         * ({@link ThreadModel}); {@link TimerThread#OWN} forces the timer and pretouch threads.
         */
        public Builder timerThread(final TimerThread thread)
        {
            timerThread = thread;
            return this;
        }

        /**
         * The cores the engine may count on when it chooses its threads (a container's share, or
         * what is left beside the producers and other processes). Default 0:
         * {@code Runtime.availableProcessors()}.
         */
        public Builder cpuBudget(final int cores)
        {
            cpuBudget = cores;
            return this;
        }

        /**
         * Default on: the journal file is read ahead of the writer, so that the journaling thread
         * does not fault in and zero each new page itself (see docs/benchmarks.md, run 20). On a
         * thread of its own (about 30% of a core at 300 K routed orders/s on the benchmark machine)
         * with {@link TimerThread#OWN}; in the writer's idle time, a little at a time, with
         * {@link TimerThread#WRITER}.
         */
        public Builder journalPretouch(final boolean pretouch)
        {
            journalPretouch = pretouch;
            return this;
        }

        /** The logic version to decide by; see {@link EngineConfig#logicVersion()}. Default: the newest. */
        public Builder logicVersion(final int version)
        {
            logicVersion = version;
            return this;
        }

        public EngineConfig build()
        {
            final Path snapshots = snapshotDirSet ? snapshotDir :
                journalDir == null ? null : journalDir.resolve("snapshots");
            return new EngineConfig(journalDir, snapshots, ringSize, waitStrategy, durability, expectedPositions,
                expectedReservations, idempotencyWindow, snapshotsToKeep, clock, eventListeners, journalThread,
                journalPretouch, logicVersion, timerThread, cpuBudget);
        }
    }
}

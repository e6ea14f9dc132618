package io.omnistock.cluster;

import java.util.Locale;

/**
 * How a member's Aeron agents get threads, chosen from the cores the member may use: its busy
 * threads are counted against {@code availableProcessors()} or a configured CPU budget
 * ({@link ClusterNodeConfig#cpuBudget()}), and a layout given explicitly always wins.
 *
 * <ul>
 *   <li><b>Shared</b> (a budget under {@value #DEDICATED_CORES}): the driver's agents on one thread,
 *       the archive's on another; with the consensus module and the service, four busy threads.
 *       On two cores, three members and their clients already share the cores; threads of their own
 *       per agent would only wait for a core more often (docs/cluster.md, "Threads and idling").</li>
 *   <li><b>Dedicated</b> ({@value #DEDICATED_CORES} or more): a thread per agent, so a sender or a
 *       receiver never waits behind the archive's recording writes or the conductor's housekeeping
 *       in the same duty cycle. Not measured here (the benchmark machine has two cores); the
 *       threshold is the count of busy threads the layout keeps, a core each.</li>
 * </ul>
 *
 * <p>Every thread idles the same way in both layouts: the member's backoff, parking up to
 * {@link ClusterNodeConfig#idleParkMaxMicros()}.
 *
 * @param cpuBudget the cores counted.
 * @param threading the layout, never {@link MemberThreading#AUTO}.
 * @param reason    one line naming the choice and why, for the start log.
 */
record MemberThreads(int cpuBudget, MemberThreading threading, String reason)
{
    /**
     * The busy threads of the dedicated layout: the driver's conductor, sender and receiver, the
     * archive's conductor, recorder and replayer, the consensus module, the service.
     */
    static final int DEDICATED_CORES = 8;

    /**
     * The decision, as a pure function of the settings and the machine.
     *
     * @param config     the member's settings; {@code AUTO} and a budget of 0 are chosen here.
     * @param processors {@code Runtime.availableProcessors()}, used when no budget is configured.
     */
    static MemberThreads choose(final ClusterNodeConfig config, final int processors)
    {
        final int budget = config.cpuBudget() > 0 ? config.cpuBudget() : processors;
        final String counted = config.cpuBudget() > 0 ? "a CPU budget of " + budget : budget + " processors";
        final MemberThreading threading;
        final String why;
        if (config.threading() != MemberThreading.AUTO)
        {
            threading = config.threading();
            why = "set explicitly (threading=" + threading.name().toLowerCase(Locale.ROOT) + "), " + counted;
        }
        else if (config.driverOnArchiveThread())
        {
            // The driver invoked by the archive's thread is a shared layout of its own.
            threading = MemberThreading.SHARED;
            why = "driverOnArchiveThread=true, " + counted;
        }
        else
        {
            threading = budget >= DEDICATED_CORES ? MemberThreading.DEDICATED : MemberThreading.SHARED;
            why = counted + (budget >= DEDICATED_CORES ? ", at least " : ", fewer than ") + "the " + DEDICATED_CORES +
                " busy threads a dedicated layout keeps (a thread per Aeron agent)";
        }
        final String layout = threading == MemberThreading.DEDICATED ?
            "dedicated (a thread per Aeron agent: driver conductor, sender, receiver; archive conductor, recorder, " +
                "replayer; consensus module; service)" :
            config.driverOnArchiveThread() ?
                "shared (driver run by the archive's thread; consensus module; service)" :
                "shared (driver on one thread, archive on another; consensus module; service)";
        return new MemberThreads(budget, threading, layout + ": " + why);
    }

    @Override
    public String toString()
    {
        return reason;
    }
}

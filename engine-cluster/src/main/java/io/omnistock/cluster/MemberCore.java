package io.omnistock.cluster;

import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.cluster.ClusteredMediaDriver;
import io.aeron.cluster.ConsensusModule;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.driver.status.SystemCounterDescriptor;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * A member's media driver, archive and consensus module. Aeron's {@link ClusteredMediaDriver} runs
 * the driver and the archive on a thread each (SHARED modes), or every agent of theirs on a thread
 * of its own ({@link MemberThreading#DEDICATED}). With
 * {@link ClusterNodeConfig#driverOnArchiveThread()} the driver has no thread: it is in INVOKER mode,
 * the archive (also INVOKER, which Aeron requires of an archive given the driver's invoker) invokes it
 * in each duty cycle, and one runner of ours invokes the archive. The consensus module keeps its
 * thread: its start connects to the archive and waits for the answer, which needs the archive
 * running on another thread. The runner starts before the consensus module, whose Aeron client
 * needs a driver that answers.
 */
final class MemberCore implements AutoCloseable
{
    private final MediaDriver driver;
    private final Archive archive;
    private final ConsensusModule consensus;
    private final ClusteredMediaDriver aeronComposed;
    private final AgentRunner driverAndArchive;

    private MemberCore(final MediaDriver driver, final Archive archive, final ConsensusModule consensus,
        final ClusteredMediaDriver aeronComposed, final AgentRunner driverAndArchive)
    {
        this.driver = driver;
        this.archive = archive;
        this.consensus = consensus;
        this.aeronComposed = aeronComposed;
        this.driverAndArchive = driverAndArchive;
    }

    static MemberCore launch(final MediaDriver.Context driverContext, final Archive.Context archiveContext,
        final ConsensusModule.Context consensusContext, final MemberThreading threading,
        final boolean driverOnArchiveThread, final IdleStrategy idle, final ErrorHandler errors)
    {
        if (!driverOnArchiveThread)
        {
            final boolean dedicated = threading == MemberThreading.DEDICATED;
            final ClusteredMediaDriver composed = ClusteredMediaDriver.launch(
                driverContext.threadingMode(dedicated ? ThreadingMode.DEDICATED : ThreadingMode.SHARED),
                archiveContext.threadingMode(dedicated ? ArchiveThreadingMode.DEDICATED : ArchiveThreadingMode.SHARED),
                consensusContext);
            return new MemberCore(composed.mediaDriver(), composed.archive(), composed.consensusModule(), composed, null);
        }
        MediaDriver driver = null;
        Archive archive = null;
        AgentRunner runner = null;
        try
        {
            driver = MediaDriver.launch(driverContext.threadingMode(ThreadingMode.INVOKER));
            archive = Archive.launch(archiveContext
                .threadingMode(ArchiveThreadingMode.INVOKER)
                .mediaDriverAgentInvoker(driver.sharedAgentInvoker())
                .aeronDirectoryName(driver.aeronDirectoryName())
                .errorCounter(new AtomicCounter(driverContext.countersValuesBuffer(), SystemCounterDescriptor.ERRORS.id())));
            runner = new AgentRunner(idle, errors, null, invoking(archive.invoker()));
            AgentRunner.startOnThread(runner);
            final ConsensusModule consensus = ConsensusModule.launch(consensusContext
                .aeronDirectoryName(driver.aeronDirectoryName()));
            return new MemberCore(driver, archive, consensus, null, runner);
        }
        catch (final RuntimeException e)
        {
            CloseHelper.quietCloseAll(runner, archive, driver);
            throw e;
        }
    }

    /** The archive's agent (and through it the driver's) on a runner of ours; the invoker keeps its lifecycle. */
    private static Agent invoking(final AgentInvoker invoker)
    {
        return new Agent()
        {
            @Override
            public void onStart()
            {
                invoker.start();
            }

            @Override
            public int doWork()
            {
                return invoker.invoke();
            }

            @Override
            public String roleName()
            {
                return "omnistock-driver-and-archive";
            }
        };
    }

    String aeronDirectoryName()
    {
        return driver.aeronDirectoryName();
    }

    ConsensusModule.Context consensus()
    {
        return consensus.context();
    }

    @Override
    public void close()
    {
        if (aeronComposed != null)
        {
            aeronComposed.close();
            return;
        }
        // The consensus module first (a client of both); the runner stops before the archive closes its invoker.
        CloseHelper.closeAll(consensus, driverAndArchive, archive, driver);
    }
}

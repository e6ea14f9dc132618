package io.omnistock.cluster;

import io.omnistock.api.Command;
import io.omnistock.api.CommandResult;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.command.CommandEncoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writers sending the {@link Workload} through a cluster client, each with several commands in
 * flight. Every acknowledged (command id, result) is recorded; a command answered NO_LEADER
 * (outcome unknown) is sent again with the same id until it gets an answer. After
 * {@link #leaderKilled}, the first answer that comes from another leader is timed: the failover.
 */
final class Writers
{
    private static final int IN_FLIGHT = 16;

    final Map<Long, CommandResult> acknowledged = new ConcurrentHashMap<>();
    final Map<Long, Command> commands = new ConcurrentHashMap<>();
    final AtomicInteger noLeaderAnswers = new AtomicInteger();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final ClusterClient client;
    private final List<Thread> threads = new ArrayList<>();
    private final List<Semaphore> windows = new ArrayList<>();
    private volatile boolean stop;
    private volatile long killNanos;
    private volatile int killedLeader = -1;
    private final AtomicLong firstAckAfterKillNanos = new AtomicLong();

    Writers(final ClusterClient client, final int writers)
    {
        this.client = client;
        for (int w = 0; w < writers; w++)
        {
            final Workload workload = new Workload(100 + w, 1_000_000L * (w + 1));
            final Semaphore window = new Semaphore(IN_FLIGHT);
            windows.add(window);
            threads.add(new Thread(() -> write(workload, window), "writer-" + w));
        }
    }

    Writers start()
    {
        threads.forEach(Thread::start);
        return this;
    }

    private void write(final Workload workload, final Semaphore window)
    {
        final CommandEncoder encoder = new CommandEncoder();
        try
        {
            while (!stop)
            {
                if (!window.tryAcquire(100, TimeUnit.MILLISECONDS))
                {
                    continue;
                }
                final Command command = workload.next();
                final long id = encoder.write(command).commandId();
                commands.put(id, command);
                submit(command, id, window);
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void submit(final Command command, final long id, final Semaphore window)
    {
        client.submit(command).whenComplete((result, error) ->
        {
            if (error != null)
            {
                failures.add(error);
                window.release();
            }
            else if (result.reason() == ReasonCode.NO_LEADER)
            {
                noLeaderAnswers.incrementAndGet();
                submit(command, id, window);
            }
            else
            {
                acknowledged.put(id, result);
                // Answers arrive on the client's thread after it followed the new leader: an answer
                // while the client still names the killed member came from before the kill.
                if (killedLeader >= 0 && client.leaderMemberId() != killedLeader)
                {
                    firstAckAfterKillNanos.compareAndSet(0, System.nanoTime());
                }
                window.release();
            }
        });
    }

    /** Starts timing a failover: call it right before killing {@code memberId}, the leader. */
    void leaderKilled(final int memberId)
    {
        firstAckAfterKillNanos.set(0);
        killNanos = System.nanoTime();
        killedLeader = memberId;
    }

    /**
     * @return milliseconds from {@link #leaderKilled} to the first command acknowledged by another
     *     leader, or -1 if none came within {@code timeoutMillis}.
     */
    long awaitFailoverMillis(final long timeoutMillis) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (firstAckAfterKillNanos.get() == 0 && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        final long at = firstAckAfterKillNanos.get();
        killedLeader = -1;
        return at == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(at - killNanos);
    }

    /** Stops sending and waits until every command sent has its answer. */
    void stop() throws InterruptedException
    {
        stop = true;
        for (final Thread t : threads)
        {
            t.join(10_000);
        }
        for (final Semaphore window : windows)
        {
            if (!window.tryAcquire(IN_FLIGHT, 60, TimeUnit.SECONDS))
            {
                throw new IllegalStateException("commands still unanswered 60 s after the writers stopped");
            }
        }
    }

    /** @return the outcome the engine decided for an acknowledged command, first time or not. */
    static ReasonCode outcome(final CommandResult result)
    {
        return result.reason() == ReasonCode.DUPLICATE_COMMAND ? result.originalReason() : result.reason();
    }
}

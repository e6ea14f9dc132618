package io.omnistock.cluster;

import io.omnistock.api.Command;
import io.omnistock.api.CommandResult;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.command.CommandSlot;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A stand-alone {@link ClusterClient} in its own JVM, so a test can freeze it (SIGSTOP) together
 * with the leader. Arguments: members, driver dir. It writes the {@link Workload} with a few
 * commands in flight, sends a command answered {@code NO_LEADER} again with the same id, and prints
 * one line per answer, {@code ack <commandId> <reason> <originalReason> <sequence> <leader> <sessions>}
 * (leader and sessions as the client knows them when the answer arrives). A line {@code stop} on
 * stdin stops the writes; once every command sent is answered it prints {@code done} and exits.
 */
public final class ClientProcess
{
    private static final int IN_FLIGHT = 8;

    private ClientProcess()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        // Its log (stderr) is read beside the test's: when the client dropped and reconnected.
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        System.setProperty("org.slf4j.simpleLogger.log.io.omnistock.cluster.ClusterClient", "debug");
        final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        final ClusterClient.Settings settings = new ClusterClient.Settings(args[0], "127.0.0.1:0",
            Duration.ofSeconds(5), Duration.ofSeconds(3), Path.of(args[1]));
        try (ClusterClient client = ClusterClient.start(settings))
        {
            final Semaphore window = new Semaphore(IN_FLIGHT);
            final Thread stopper = new Thread(ClientProcess::awaitStop, "stdin");
            stopper.setDaemon(true);
            stopper.start();
            final Workload workload = new Workload(7, 50_000_000L);
            final CommandSlot slot = new CommandSlot();
            while (stopper.isAlive())
            {
                if (!window.tryAcquire(100, TimeUnit.MILLISECONDS))
                {
                    continue;
                }
                final Command command = workload.next();
                slot.clearInput();
                command.writeTo(slot);
                submit(client, command, slot.commandId, window, out);
            }
            if (!window.tryAcquire(IN_FLIGHT, 60, TimeUnit.SECONDS))
            {
                throw new IllegalStateException("commands unanswered 60 s after the writes stopped");
            }
            out.println("done");
        }
    }

    private static void awaitStop()
    {
        try
        {
            final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("stop"))
            {
                // Only "stop" means anything.
            }
        }
        catch (final java.io.IOException e)
        {
            // stdin closed: stop as well.
        }
    }

    private static void submit(final ClusterClient client, final Command command, final long id,
        final Semaphore window, final PrintStream out)
    {
        client.submit(command).whenComplete((result, error) ->
        {
            if (error != null)
            {
                out.println("error " + id + " " + error);
                window.release();
            }
            else if (result.reason() == ReasonCode.NO_LEADER)
            {
                // Outcome unknown: the same id again.
                submit(client, command, id, window, out);
            }
            else
            {
                out.println("ack " + id + " " + result.reason() + " " + result.originalReason() + " " +
                    result.sequence() + " " + client.leaderMemberId() + " " + client.sessionsOpened());
                window.release();
            }
        });
    }

    /** @return the acknowledged result a line {@code ack ...} describes (what the journal audit compares). */
    static CommandResult parseAck(final String[] f)
    {
        final ReasonCode reason = ReasonCode.valueOf(f[2]);
        return new CommandResult(Long.parseLong(f[1]), null, Long.parseLong(f[4]), 0, reason,
            ReasonCode.valueOf(f[3]), -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, 0,
            java.util.List.of(), java.util.List.of(), java.util.List.of(), java.util.List.of());
    }
}

package io.omnistock.cluster;

import io.omnistock.api.CommandResult;
import io.omnistock.api.ReasonCode;
import org.agrona.CloseHelper;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code cluster-demo}: three members on loopback in their own processes, writers sending
 * receipts, reservations and routed orders through a {@link ClusterClient}, and the leader killed
 * with SIGKILL mid-load ({@code --kills N} times; the killed member is restarted from its disk and
 * caught up before the next kill). Prints the failover times (kill to the first write acknowledged
 * by the next leader), what was acknowledged, how resends were answered, and the members' applied
 * sequence and state checksum; checks on every live member's journal that each acknowledged
 * command is there exactly once with its acknowledged outcome. Exits 0 when all of that holds.
 */
final class ClusterDemo
{
    /** Acknowledged commands sent again at the end, the newest: far fewer than any idempotency window. */
    private static final int RESENT = 50;
    private static final long FAILOVER_WAIT_MILLIS = 60_000;

    private ClusterDemo()
    {
    }

    private record Options(Path dir, long loadMillis, int kills, int writers, int idempotencyWindow)
    {
        static Options parse(final String[] args) throws java.io.IOException
        {
            Path dir = null;
            long loadMillis = 5_000;
            int kills = 1;
            int writers = 3;
            int idempotencyWindow = MemberProcess.IDEMPOTENCY_WINDOW;
            for (int i = 0; i < args.length; i++)
            {
                final String option = args[i];
                if (i + 1 == args.length)
                {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                final String value = args[++i];
                switch (option)
                {
                    case "--dir" -> dir = Path.of(value);
                    case "--load-seconds" -> loadMillis = (long)(number(option, value, 0.1, 3_600) * 1_000);
                    case "--kills" -> kills = (int)number(option, value, 1, 1_000);
                    case "--writers" -> writers = (int)number(option, value, 1, 16);
                    case "--idempotency-window" -> idempotencyWindow = (int)number(option, value, 1_024, 1 << 26);
                    default -> throw new IllegalArgumentException("unknown option " + option +
                        " (known: --dir, --load-seconds, --kills, --writers, --idempotency-window)");
                }
            }
            if (dir == null)
            {
                dir = Files.createTempDirectory("omnistock-cluster-demo");
            }
            else if (Files.exists(dir))
            {
                try (java.util.stream.Stream<Path> entries = Files.list(dir))
                {
                    if (entries.findAny().isPresent())
                    {
                        throw new IllegalArgumentException("--dir " + dir + " is not empty: the demo starts a new cluster");
                    }
                }
            }
            return new Options(dir, loadMillis, kills, writers, idempotencyWindow);
        }
    }

    /** @return {@code value}, an option's, as a number in [min, max]; else why not, naming the option. */
    static double number(final String option, final String value, final double min, final double max)
    {
        final double n;
        try
        {
            n = Double.parseDouble(value);
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException(option + " must be a number, not '" + value + "'");
        }
        if (!(n >= min && n <= max))
        {
            throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", not " + value);
        }
        return n;
    }

    /** @return the exit code: 0 all checks held, 1 one failed, 2 bad options. */
    static int run(final String[] args, final PrintStream out, final PrintStream err) throws Exception
    {
        final Options options;
        try
        {
            options = Options.parse(args);
        }
        catch (final IllegalArgumentException e)
        {
            err.println("cluster-demo: " + e.getMessage());
            err.println("usage: cluster-demo [--dir DIR] [--load-seconds S (5)] [--kills N (1)] [--writers W (3)] " +
                "[--idempotency-window IDS (65536)]");
            return 2;
        }
        final String members = ClusterNodeConfig.freeLoopbackMembers(3);
        out.println("cluster-demo: 3 members on loopback (" + members + "), data and logs under " + options.dir());
        final List<MemberProcess> processes = new ArrayList<>();
        ClusterClient client = null;
        try
        {
            for (int id = 0; id < 3; id++)
            {
                processes.add(new MemberProcess(id, members, options.dir().resolve("member-" + id),
                    options.idempotencyWindow()).start());
            }
            client = ClusterClient.start(new ClusterClient.Settings(members, "127.0.0.1:0", Duration.ofSeconds(10),
                Duration.ofSeconds(3), options.dir().resolve("client")));
            return demo(options, members, processes, client, out, err);
        }
        finally
        {
            CloseHelper.quietClose(client);
            for (final MemberProcess m : processes)
            {
                m.close();
            }
        }
    }

    private static int demo(final Options options, final String members, final List<MemberProcess> processes,
        final ClusterClient client, final PrintStream out, final PrintStream err) throws Exception
    {
        final CommandResult refused = Workload.sendSetup(client::submit);
        if (refused != null)
        {
            err.println("cluster-demo: setup command refused: " + refused);
            return 1;
        }
        out.printf("leader: member %d; %d setup commands acknowledged; %d writers sending receipts, reservations " +
            "and routed orders%n", client.leaderMemberId(), Workload.setupSize(), options.writers());
        final Writers writers = new Writers(client, options.writers()).start();
        Thread.sleep(options.loadMillis());

        final List<Long> failovers = new ArrayList<>();
        for (int kill = 1; kill <= options.kills(); kill++)
        {
            final MemberProcess leader = member(processes, client.leaderMemberId());
            final int before = writers.acknowledged.size();
            writers.leaderKilled(leader.id());
            leader.kill9();
            final long failoverMillis = writers.awaitFailoverMillis(FAILOVER_WAIT_MILLIS);
            if (failoverMillis < 0)
            {
                err.printf("cluster-demo: no write acknowledged within %d ms of killing leader %d%n",
                    FAILOVER_WAIT_MILLIS, leader.id());
                return 1;
            }
            failovers.add(failoverMillis);
            out.printf("kill %d: leader member %d killed (SIGKILL) after %d acknowledged; first write acknowledged " +
                "%d ms later, by member %d%n", kill, leader.id(), before, failoverMillis, client.leaderMemberId());
            Thread.sleep(options.loadMillis());
            if (kill < options.kills())
            {
                // The next kill needs three members again: restart this one from its disk, let it catch up.
                processes.remove(leader);
                processes.add(new MemberProcess(leader.id(), members, leader.dataDir(), options.idempotencyWindow()).start());
                MemberProcess.agreedChecksum(client, live(processes));
            }
        }
        writers.stop();
        if (!writers.failures.isEmpty())
        {
            err.println("cluster-demo: commands failed: " + writers.failures);
            return 1;
        }

        final Map<Long, CommandResult> acks = writers.acknowledged;
        // The newest acknowledged commands: the engine remembers the last idempotencyWindow command
        // ids, and a resend of an older one would be a new command (applied again), by design.
        final List<Map.Entry<Long, CommandResult>> newest = acks.entrySet().stream()
            .filter(e -> e.getValue().reason() != ReasonCode.DUPLICATE_COMMAND)
            .sorted((a, b) -> Long.compare(b.getValue().sequence(), a.getValue().sequence()))
            .limit(RESENT).toList();
        int duplicates = 0;
        for (final Map.Entry<Long, CommandResult> ack : newest)
        {
            final CommandResult again = client.submit(writers.commands.get(ack.getKey())).get(60, TimeUnit.SECONDS);
            if (again.reason() == ReasonCode.DUPLICATE_COMMAND && again.originalReason() == Writers.outcome(ack.getValue()))
            {
                duplicates++;
            }
        }
        final int resent = newest.size();
        final List<MemberProcess> live = live(processes);
        final String checksum = MemberProcess.agreedChecksum(client, live);
        final List<String> problems = new ArrayList<>();
        for (final MemberProcess m : live)
        {
            problems.addAll(JournalAudit.acknowledgedExactlyOnce(
                JournalAudit.read(m.dataDir(), MemberProcess.sequenceOf(checksum)), acks));
        }

        final List<Long> sorted = new ArrayList<>(failovers);
        Collections.sort(sorted);
        // The median of an even count is the mean of the middle two.
        final long median = (sorted.get((sorted.size() - 1) / 2) + sorted.get(sorted.size() / 2)) / 2;
        out.printf("failover (kill -9 of the leader to the first acknowledged write): %s ms; median %d ms, max %d ms " +
            "over %d kill(s)%n", failovers, median, sorted.get(sorted.size() - 1), sorted.size());
        out.printf("acknowledged commands: %d (%d answered DUPLICATE_COMMAND: the client resent them after a leader " +
            "change and the first application's outcome came back); NO_LEADER answers retried: %d%n", acks.size(),
            acks.values().stream().filter(r -> r.reason() == ReasonCode.DUPLICATE_COMMAND).count(),
            writers.noLeaderAnswers.get());
        out.printf("resends of acknowledged commands answered as duplicates with their outcome: %d of %d%n",
            duplicates, resent);
        out.printf("journals of members %s: acknowledged commands lost or applied twice: %d%n",
            live.stream().map(MemberProcess::id).toList(), problems.size());
        for (final MemberProcess m : live)
        {
            out.printf("member %d: applied sequence %d, state checksum %s%n", m.id(), MemberProcess.sequenceOf(checksum),
                m.checksum().split(" ")[1]);
        }
        out.println("checksums equal: yes");
        problems.stream().limit(20).forEach(p -> err.println("cluster-demo: " + p));
        return problems.isEmpty() && duplicates == resent ? 0 : 1;
    }

    private static MemberProcess member(final List<MemberProcess> processes, final int id)
    {
        return processes.stream().filter(m -> m.id() == id && m.alive()).findFirst()
            .orElseThrow(() -> new IllegalStateException("no live member " + id));
    }

    private static List<MemberProcess> live(final List<MemberProcess> processes)
    {
        return processes.stream().filter(MemberProcess::alive).toList();
    }
}

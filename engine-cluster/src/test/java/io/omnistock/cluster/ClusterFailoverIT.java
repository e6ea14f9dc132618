package io.omnistock.cluster;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.Header;
import io.omnistock.api.Command;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.ReasonCode;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three member JVMs on loopback, real SIGKILLs. Nothing acknowledged is lost or applied twice
 * across a leader's death; survivors and the restarted member agree to the checksum; a follower's
 * death does not stop writes; malformed messages are refused and change nothing.
 */
class ClusterFailoverIT
{
    @TempDir
    Path dir;

    private final List<MemberProcess> members = new ArrayList<>();
    private ClusterClient client;
    private String membersText;

    private void startCluster() throws Exception
    {
        membersText = MemberProcess.freeMembers(3);
        for (int id = 0; id < 3; id++)
        {
            members.add(new MemberProcess(id, membersText, dir.resolve("member-" + id)).start());
        }
        client = ClusterClient.start(new ClusterClient.Settings(membersText, "127.0.0.1:0", Duration.ofSeconds(10),
            Duration.ofSeconds(3), dir.resolve("client")));
        for (final Command c : Workload.setup())
        {
            final CommandResult r = answer(client.submit(c), 60);
            assertEquals(ReasonCode.OK, r.reason(), r.toString());
        }
    }

    @AfterEach
    void stop() throws Exception
    {
        CloseHelper.quietClose(client);
        for (final MemberProcess m : members)
        {
            m.close();
        }
    }

    private static <T> T answer(final CompletableFuture<T> future, final int seconds) throws Exception
    {
        return future.get(seconds, TimeUnit.SECONDS);
    }

    private MemberProcess member(final int id)
    {
        return members.stream().filter(m -> m.id() == id).findFirst().orElseThrow();
    }

    @Test
    void leaderKilledMidLoadLosesNothingAcknowledgedAndTheMembersAgree() throws Exception
    {
        startCluster();
        final Writers writers = new Writers(client, 3).start();
        await("300 acknowledged before the kill", 60, () -> writers.acknowledged.size() >= 300);

        final MemberProcess leader = member(client.leaderMemberId());
        leader.kill9();
        final int atKill = writers.acknowledged.size();
        await("300 more acknowledged after the leader's death", 90,
            () -> writers.acknowledged.size() >= atKill + 300);
        writers.stop();
        assertTrue(writers.failures.isEmpty(), writers.failures.toString());

        final List<MemberProcess> survivors = members.stream().filter(MemberProcess::alive).toList();
        assertEquals(2, survivors.size());
        final String checksum = agreedChecksum(survivors);
        final List<JournalAudit.Entry> journal = journal(survivors.get(0), sequenceOf(checksum));
        assertEquals(journal, journal(survivors.get(1), sequenceOf(checksum)), "the survivors' journals differ");
        assertAcknowledgedExactlyOnce(journal, writers.acknowledged);
        assertReplaysTo(survivors.get(0), checksum);
        assertReplaysTo(survivors.get(1), checksum);

        // A resend of an acknowledged command is answered from the idempotency window, as before.
        int resent = 0;
        for (final Map.Entry<Long, CommandResult> ack : writers.acknowledged.entrySet())
        {
            if (resent++ == 50)
            {
                break;
            }
            final CommandResult again = answer(client.submit(writers.commands.get(ack.getKey())), 30);
            assertEquals(ReasonCode.DUPLICATE_COMMAND, again.reason(), again.toString());
            assertEquals(Writers.outcome(ack.getValue()), again.originalReason());
        }

        // The killed member restarts from its own disk, catches up and matches.
        final MemberProcess restarted = new MemberProcess(leader.id(), membersText, leader.dataDir()).start();
        members.add(restarted);
        final String caughtUp = agreedChecksum(members.stream().filter(MemberProcess::alive).toList());
        assertEquals(journal(survivors.get(0), sequenceOf(caughtUp)), journal(restarted, sequenceOf(caughtUp)));
        assertReplaysTo(restarted, caughtUp);
        System.out.printf("leader failover: %d acknowledged, %d answered DUPLICATE_COMMAND after a resend, " +
            "%d NO_LEADER answers retried%n", writers.acknowledged.size(),
            writers.acknowledged.values().stream().filter(r -> r.reason() == ReasonCode.DUPLICATE_COMMAND).count(),
            writers.noLeaderAnswers.get());
    }

    @Test
    void aFollowersDeathDoesNotStopWritesAndMalformedMessagesChangeNothing() throws Exception
    {
        startCluster();
        final ClusterClient.Checksum before = answer(client.stateChecksum(), 30);
        final List<ReasonCode> refusals = sendMalformed();
        assertEquals(List.of(ReasonCode.MALFORMED_MESSAGE, ReasonCode.MALFORMED_MESSAGE, ReasonCode.UNKNOWN_COMMAND),
            refusals);
        final ClusterClient.Checksum after = answer(client.stateChecksum(), 30);
        assertEquals(before, after, "a malformed message changed the state");

        final MemberProcess follower = members.stream().filter(m -> m.id() != client.leaderMemberId()).findFirst()
            .orElseThrow();
        follower.kill9();
        // Restarted at once: kill -9 left its mark files looking alive, so it waits (about 10 s, while the
        // writes below run on two members), then rejoins.
        final MemberProcess restarted = new MemberProcess(follower.id(), membersText, follower.dataDir()).start();
        final Writers writers = new Writers(client, 2).start();
        await("200 acknowledged with a follower dead", 60, () -> writers.acknowledged.size() >= 200);
        writers.stop();
        assertTrue(writers.failures.isEmpty(), writers.failures.toString());
        assertEquals(0, writers.noLeaderAnswers.get(), "writes stalled without a leader");
        final List<MemberProcess> survivors = members.stream().filter(MemberProcess::alive).toList();
        members.add(restarted);
        final String checksum = agreedChecksum(survivors);
        assertReplaysTo(survivors.get(0), checksum);
        assertReplaysTo(survivors.get(1), checksum);
        assertAcknowledgedExactlyOnce(journal(survivors.get(1), sequenceOf(checksum)), writers.acknowledged);

        // It waited out its mark files, rejoined and caught up.
        final String caughtUp = agreedChecksum(members.stream().filter(MemberProcess::alive).toList());
        assertReplaysTo(restarted, caughtUp);
        assertTrue(restarted.log().contains("still looks active"), restarted.log());
    }

    /** Sends what the client never would, on a session of its own: truncated, oversize, a command with no type. */
    private List<ReasonCode> sendMalformed()
    {
        final List<ReasonCode> refusals = new ArrayList<>();
        final EgressCodec codec = new EgressCodec();
        final EgressCodec.Handler handler = new EgressCodec.Handler()
        {
            @Override
            public void onResult(final CommandResult result)
            {
                throw new AssertionError("a malformed message was applied: " + result);
            }

            @Override
            public void onRejected(final long batchId, final ReasonCode reason)
            {
                refusals.add(reason);
            }

            @Override
            public void onChecksum(final long batchId, final long sequence, final long checksum)
            {
            }
        };
        final EgressListener listener = (final long sessionId, final long timestamp, final DirectBuffer buffer,
            final int offset, final int length, final Header header) -> codec.decode(buffer, offset, length, handler);
        final byte[] good = Messages.commands(1, List.of(Commands.receive(900_001, 0, 0, 5)));
        final List<byte[]> bad = List.of(
            java.util.Arrays.copyOf(good, good.length - 3),
            new byte[IngressCodec.MAX_MESSAGE_BYTES + 10],
            Messages.commands(3, List.of(writer -> { })));
        try (MediaDriver driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                .aeronDirectoryName(dir.resolve("raw-client").toString())
                .threadingMode(ThreadingMode.SHARED).dirDeleteOnStart(true).dirDeleteOnShutdown(true));
            AeronCluster raw = AeronCluster.connect(new AeronCluster.Context()
                .aeronDirectoryName(driver.aeronDirectoryName())
                .egressListener(listener)
                .ingressChannel("aeron:udp?term-length=1m")
                .ingressEndpoints(ClusterNodeConfig.ingressEndpoints(membersText))
                .egressChannel("aeron:udp?endpoint=127.0.0.1:0|term-length=1m")))
        {
            for (final byte[] message : bad)
            {
                while (raw.offer(new UnsafeBuffer(message), 0, message.length) < 0)
                {
                    raw.pollEgress();
                }
            }
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (refusals.size() < bad.size() && System.nanoTime() < deadline)
            {
                if (raw.pollEgress() == 0)
                {
                    Thread.onSpinWait();
                }
            }
        }
        return refusals;
    }

    private String agreedChecksum(final List<MemberProcess> live) throws Exception
    {
        return MemberProcess.agreedChecksum(client, live);
    }

    /** The member's journal up to and including {@code toSequence}, checked for gaps. */
    private static List<JournalAudit.Entry> journal(final MemberProcess member, final long toSequence)
    {
        return JournalAudit.read(member.dataDir(), toSequence);
    }

    /** Each acknowledged command is in the journal once (as first applied), with the outcome acknowledged. */
    private static void assertAcknowledgedExactlyOnce(final List<JournalAudit.Entry> journal,
        final Map<Long, CommandResult> acks)
    {
        assertEquals(List.of(), JournalAudit.acknowledgedExactlyOnce(journal, acks));
    }

    /**
     * The member's journal replays, verified record by record, to the agreed checksum at the agreed
     * sequence (hold expiries may have added records since).
     */
    private static void assertReplaysTo(final MemberProcess member, final String checksum)
    {
        final long replayed = ReplicatedEngineTest.replayJournal(member.dataDir().resolve("journal"),
            MemberProcess.IDEMPOTENCY_WINDOW, sequenceOf(checksum)).checksum();
        assertEquals(checksum.split(" ")[1], Long.toHexString(replayed), "member " + member.id());
    }

    private static long sequenceOf(final String checksum)
    {
        return MemberProcess.sequenceOf(checksum);
    }

    private static void await(final String what, final int seconds, final BooleanSupplier condition)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}

package io.omnistock.core;

import io.omnistock.api.AdjustmentReason;
import io.omnistock.api.Capabilities;
import io.omnistock.api.Command;
import io.omnistock.api.CommandTranslator;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.ResultListener;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recovery of a snapshot larger than one decoding chunk of the mapped load (262,144 positions) plus a
 * journal tail: the tail replays and verifies (recovery refuses a journal whose recorded outcomes differ
 * from the re-applied ones), and the state equals the live engine's and a full replay's of the journal
 * alone.
 */
class LargeSnapshotRecoveryTest
{
    private static final int LOCATIONS = 11;
    private static final int SKUS = 30_011;
    private static final int TAIL = 20_000;

    @TempDir
    Path dir;

    @Test
    void snapshotPlusTailEqualsTheLiveStateAndAFullReplay() throws Exception
    {
        final long live;
        final long snapshotSequence;
        try (OmnistockEngine engine = OmnistockEngine.start(config(true)))
        {
            final Answers answers = new Answers();
            long id = 1;
            for (int l = 0; l < LOCATIONS; l++)
            {
                final int location = l;
                final long commandId = id++;
                send(engine, w -> w.defineLocation(commandId, "L" + location, Tier.values()[location % Tier.COUNT],
                    31_000_000 + location, 121_000_000, Capabilities.ALL), answers);
            }
            for (int s = 0; s < SKUS; s++)
            {
                final int sku = s;
                final long commandId = id++;
                send(engine, w -> w.defineSku(commandId, "S" + sku, StockUnit.PIECE), answers);
            }
            for (int l = 0; l < LOCATIONS; l++)
            {
                for (int s = 0; s < SKUS; s++)
                {
                    final int location = l;
                    final int sku = s;
                    final long commandId = id++;
                    send(engine, w -> w.receive(commandId, location, sku, 1 + (location + sku) % 7), answers);
                }
            }
            answers.await(id - 1);
            snapshotSequence = engine.snapshot().get();
            final SplittableRandom random = new SplittableRandom(22);
            for (int i = 0; i < TAIL; i++)
            {
                final int location = random.nextInt(LOCATIONS);
                final int sku = random.nextInt(SKUS);
                final long commandId = id++;
                final long reservation = commandId;
                switch (random.nextInt(4))
                {
                    case 0 -> send(engine, w -> w.reserve(commandId, reservation, location, sku, 1), answers);
                    case 1 -> send(engine, w -> w.receive(commandId, location, sku, 3), answers);
                    // Some positions kept back whole: no longer holders of their SKU.
                    case 2 -> send(engine, w -> w.setSafetyStock(commandId, location, sku, 2), answers);
                    default -> send(engine, w -> w.adjust(commandId, location, sku, -1, AdjustmentReason.DAMAGED),
                        answers);
                }
            }
            answers.await(id - 1);
            live = engine.stateChecksum().get();
        }

        try (OmnistockEngine recovered = OmnistockEngine.start(config(true)))
        {
            final RecoveryReport report = recovered.recoveryReport();
            assertNotNull(report.snapshot(), "recovered from the snapshot");
            assertEquals(snapshotSequence, report.snapshotSequence());
            assertEquals(TAIL, report.replayedCommands(), "the tail replayed and verified");
            assertTrue(report.problems().isEmpty(), report.problems().toString());
            assertEquals(LOCATIONS * SKUS, ledgerSize(recovered), "every position loaded");
            assertEquals(live, recovered.stateChecksum().get(), "snapshot + tail equals the live state");
        }
        try (OmnistockEngine replayed = OmnistockEngine.start(config(false)))
        {
            assertEquals(snapshotSequence + TAIL, replayed.recoveryReport().replayedCommands(), "full replay");
            assertEquals(live, replayed.stateChecksum().get(), "a full replay equals snapshot + tail");
        }
    }

    private static int ledgerSize(final OmnistockEngine engine) throws Exception
    {
        final java.util.concurrent.atomic.AtomicInteger size = new java.util.concurrent.atomic.AtomicInteger();
        engine.read(state -> size.set(state.ledger().size())).get();
        return size.get();
    }

    private EngineConfig config(final boolean snapshots)
    {
        final EngineConfig.Builder builder = EngineConfig.builder().journalDir(dir.resolve("journal"));
        return (snapshots ? builder.snapshotDir(dir.resolve("snapshots")) : builder).build();
    }

    private static final CommandTranslator<Command> WRITE = (writer, command) -> command.writeTo(writer);

    private static void send(final OmnistockEngine engine, final Command command, final Answers answers)
    {
        engine.publish(WRITE, command, answers);
    }

    /** Counts answers; every loading command must succeed (the tail's may be refused, as live). */
    private static final class Answers implements ResultListener
    {
        private final AtomicLong answered = new AtomicLong();
        private volatile ReasonCode firstLoadRefusal;

        @Override
        public void onResult(final io.omnistock.api.ResultView result)
        {
            if (result.reason() != ReasonCode.OK && firstLoadRefusal == null && answered.get() < LOCATIONS + SKUS +
                (long)LOCATIONS * SKUS)
            {
                firstLoadRefusal = result.reason();
            }
            answered.incrementAndGet();
        }

        void await(final long commands) throws InterruptedException
        {
            while (answered.get() < commands)
            {
                Thread.sleep(1);
            }
            assertEquals(null, firstLoadRefusal, "loading refused a command");
        }
    }
}

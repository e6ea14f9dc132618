package io.omnistock.core;

import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static io.omnistock.core.model.EngineProbe.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where the journal is forced: beside the writer for periodic durability (the writer never waits
 * for the device), on the writer before results are released for sync-each-batch; and a periodic
 * force that fails still halts the engine, losing nothing acknowledged before it.
 */
class JournalSyncerTest
{
    @TempDir
    Path dir;

    /** Records the threads the journal was forced on; fails a force when told to. */
    private static final class Forces implements JournalFaults
    {
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        volatile boolean fail;

        @Override
        public void beforeSync()
        {
            threads.add(Thread.currentThread().getName());
            if (fail)
            {
                throw new DeviceFailure();
            }
        }
    }

    /** Without a stack: the engine logs it, and the line should read as the deliberate fault it is. */
    private static final class DeviceFailure extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        DeviceFailure()
        {
            super("an injected failure of the device (expected)", null, false, false);
        }
    }

    private EngineConfig config(final Durability durability)
    {
        return EngineConfig.builder().journalDir(dir).journalPretouch(false).durability(durability).build();
    }

    @Test
    void periodicForcesRunBesideTheWriter() throws Exception
    {
        final Forces forces = new Forces();
        try (OmnistockEngine engine = OmnistockEngine.start(config(Durability.periodic(1, Duration.ofMillis(10))),
            new RecoveryProgress(), forces))
        {
            define(engine);
            for (int i = 0; i < 20; i++)
            {
                assertEquals(ReasonCode.OK, await(engine.submit(Commands.receive(10 + i, 0, 0, 1))).reason());
            }
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (forces.threads.isEmpty() && System.nanoTime() < deadline)
            {
                Thread.sleep(5);
            }
        }
        assertEquals(Set.of("omnistock-journal-sync"), forces.threads,
            "periodic forces ran on " + forces.threads + " (the writer's final force on close is not a periodic one)");
    }

    @Test
    void syncEachBatchForcesOnTheWriterBeforeAnswering() throws Exception
    {
        final Forces forces = new Forces();
        try (OmnistockEngine engine = OmnistockEngine.start(config(Durability.syncEachBatch()), new RecoveryProgress(),
            forces))
        {
            define(engine);
            assertFalse(forces.threads.isEmpty(), "answered before any force");
        }
        assertFalse(forces.threads.contains("omnistock-journal-sync"), forces.threads::toString);
    }

    @Test
    void aFailedPeriodicForceHaltsTheEngineAndKeepsWhatWasAcknowledged() throws Exception
    {
        final Forces forces = new Forces();
        final EngineConfig config = config(Durability.periodic(1, Duration.ofMillis(10)));
        final long acknowledged;
        try (OmnistockEngine engine = OmnistockEngine.start(config, new RecoveryProgress(), forces))
        {
            acknowledged = define(engine);
            forces.fail = true;
            await(engine.submit(Commands.receive(10, 0, 0, 1)));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!engine.halted() && System.nanoTime() < deadline)
            {
                Thread.sleep(5);
            }
            assertTrue(engine.halted(), "a failed force did not halt the engine");
            final CommandResult after = await(engine.submit(Commands.receive(11, 0, 0, 1)));
            assertTrue(after.reason() == ReasonCode.ENGINE_HALTED || after.reason() == ReasonCode.JOURNAL_FAILED,
                after.reason()::name);
        }
        forces.fail = false;
        try (OmnistockEngine engine = OmnistockEngine.start(config, new RecoveryProgress(), forces))
        {
            assertTrue(engine.recoveryReport().lastSequence() >= acknowledged,
                "recovered to " + engine.recoveryReport().lastSequence() + ", acknowledged " + acknowledged);
        }
    }

    /** @return the sequence of the last definition. */
    private static long define(final OmnistockEngine engine) throws Exception
    {
        await(engine.submit(Commands.defineLocation(1, "S1", Tier.STORE, 0, 0, Capabilities.ALL)));
        return await(engine.submit(Commands.defineSku(2, "MILK", StockUnit.PIECE))).sequence();
    }
}

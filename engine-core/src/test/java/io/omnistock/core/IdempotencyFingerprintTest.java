package io.omnistock.core;

import io.omnistock.api.Capabilities;
import io.omnistock.api.Command;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Request fingerprints end to end through the engine (logic 3, journal format 4): an id reused
 * for another request is refused with nothing applied, a retry of the same request is a
 * duplicate, and both hold after a restart from the journal alone and from a snapshot, because
 * the fingerprint is journaled with its command and kept in the snapshotted idempotency window.
 */
class IdempotencyFingerprintTest
{
    private static final long FIRST = 0x1234_5678_9ABC_DEF0L;
    private static final long OTHER = 0x0FED_CBA9_8765_4321L;

    @TempDir
    Path dir;
    private int store;
    private int milk;

    private EngineConfig config(final int logicVersion)
    {
        return EngineConfig.builder().journalDir(dir.resolve("journal")).snapshotDir(dir.resolve("snapshots"))
            .logicVersion(logicVersion).build();
    }

    private static CommandResult run(final OmnistockEngine engine, final Command command) throws Exception
    {
        return engine.submit(command).get(10, TimeUnit.SECONDS);
    }

    private void define(final OmnistockEngine engine) throws Exception
    {
        store = run(engine, Commands.defineLocation(1, "ST-1", Tier.STORE, 31_230_416, 121_473_701, Capabilities.ALL))
            .assignedId();
        milk = run(engine, Commands.defineSku(2, "MILK", StockUnit.PIECE)).assignedId();
    }

    private Command receive(final long quantity, final long fingerprint)
    {
        return Commands.fingerprinted(Commands.receive(100, store, milk, quantity), fingerprint);
    }

    private long onHand(final OmnistockEngine engine) throws Exception
    {
        return run(engine, Commands.queryPosition(9_999, store, milk)).onHand();
    }

    private void checkReuse(final OmnistockEngine engine) throws Exception
    {
        final CommandResult reused = run(engine, receive(7, OTHER));
        assertEquals(ReasonCode.IDEMPOTENCY_KEY_REUSED, reused.reason());
        final CommandResult retry = run(engine, receive(5, FIRST));
        assertEquals(ReasonCode.DUPLICATE_COMMAND, retry.reason());
        assertEquals(ReasonCode.OK, retry.originalReason());
        assertEquals(ReasonCode.DUPLICATE_COMMAND, run(engine, receive(5, 0)).reason(),
            "without a fingerprint the id alone decides");
        assertEquals(5, onHand(engine), "only the first request was applied");
    }

    @Test
    void aReusedIdIsRefusedAcrossRestartsFromTheJournal() throws Exception
    {
        try (OmnistockEngine engine = OmnistockEngine.start(config(3)))
        {
            define(engine);
            assertEquals(ReasonCode.OK, run(engine, receive(5, FIRST)).reason());
            checkReuse(engine);
        }
        try (OmnistockEngine engine = OmnistockEngine.start(config(3)))
        {
            checkReuse(engine);
        }
    }

    @Test
    void aReusedIdIsRefusedAfterASnapshot() throws Exception
    {
        try (OmnistockEngine engine = OmnistockEngine.start(config(3)))
        {
            define(engine);
            assertEquals(ReasonCode.OK, run(engine, receive(5, FIRST)).reason());
            engine.snapshot().get(10, TimeUnit.SECONDS);
        }
        try (OmnistockEngine engine = OmnistockEngine.start(config(3)))
        {
            assertNotNull(engine.recoveryReport().snapshot(), "recovered from the snapshot");
            assertEquals(0, engine.recoveryReport().replayedCommands(), "with nothing replayed after it");
            checkReuse(engine);
        }
    }

    @Test
    void logicTwoAnswersAReusedIdAsADuplicate() throws Exception
    {
        try (OmnistockEngine engine = OmnistockEngine.start(config(2)))
        {
            define(engine);
            assertEquals(ReasonCode.OK, run(engine, receive(5, FIRST)).reason());
            final CommandResult reused = run(engine, receive(7, OTHER));
            assertEquals(ReasonCode.DUPLICATE_COMMAND, reused.reason());
            assertEquals(5, onHand(engine));
        }
        // Upgraded to 3, the fingerprint journaled under 2 now tells the requests apart.
        try (OmnistockEngine engine = OmnistockEngine.start(config(3)))
        {
            checkReuse(engine);
        }
    }
}

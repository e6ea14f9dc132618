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

import static io.omnistock.core.model.EngineProbe.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Found by the simulator's FLUSH fault: a command answered {@link ReasonCode#JOURNAL_FAILED} because
 * the journal write of its batch failed was written when the halted engine closed (JournalWriter's
 * close flushed the batch the failed write left), and a restart applied it. The halted journal stage
 * now discards that batch.
 */
class JournalFailureCloseTest
{
    @TempDir
    Path dir;

    @Test
    void aCommandAnsweredJournalFailedIsNotRecovered()
    {
        final EngineConfig config = EngineConfig.builder().journalDir(dir).journalPretouch(false).build();
        final InjectedJournalFaults faults = new InjectedJournalFaults();
        final long acknowledged;
        try (OmnistockEngine engine = faults.start(config))
        {
            await(engine.submit(Commands.defineLocation(1, "S1", Tier.STORE, 0, 0, Capabilities.ALL)));
            acknowledged = await(engine.submit(Commands.defineSku(2, "MILK", StockUnit.PIECE))).sequence();
            faults.arm(InjectedJournalFaults.Kind.FLUSH);
            final CommandResult failed = await(engine.submit(Commands.receive(3, 0, 0, 5)));
            assertEquals(ReasonCode.JOURNAL_FAILED, failed.reason());
        }
        try (OmnistockEngine engine = faults.start(config))
        {
            assertEquals(acknowledged, engine.recoveryReport().lastSequence(),
                "the receive answered JOURNAL_FAILED was recovered");
            assertEquals(0, await(engine.submit(Commands.queryPosition(4, 0, 0))).onHand());
        }
    }
}

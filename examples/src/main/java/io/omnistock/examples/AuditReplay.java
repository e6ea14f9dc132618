package io.omnistock.examples;

import io.omnistock.api.CommandType;
import io.omnistock.api.StateView;
import io.omnistock.core.EngineConfig;
import io.omnistock.core.JournalReplayer;
import io.omnistock.core.journal.Journal;
import io.omnistock.core.journal.JournalReader;
import io.omnistock.core.journal.JournalRecord;
import net.openhft.chronicle.queue.ChronicleQueue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An auditor's replay: a day is run and journaled (the store-network demo), then the journal alone
 * is replayed through the engine's business logic, every record checked byte for byte, and the
 * state compared with the live engine's; finally one order's routing decision is read back from
 * the journal with its explanation. The same as {@code bin/omnistock replay --verify} and
 * {@code explain}, done through the library API.
 */
public final class AuditReplay
{
    private final PrintStream out;

    AuditReplay(final PrintStream out)
    {
        this.out = out;
    }

    public static void main(final String[] args) throws Exception
    {
        final Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("omnistock-audit");
        new AuditReplay(System.out).run(dir);
    }

    /** @return whether the replayed state equals the live one. */
    boolean run(final Path dir) throws Exception
    {
        // The day, recorded quietly: the live engine's checksum is what the replay must reach.
        final long live = new StoreNetworkDemo(new PrintStream(new ByteArrayOutputStream(), true,
            StandardCharsets.UTF_8)).run(dir)[1];
        out.printf("live engine state checksum:     %016x%n", live);

        final JournalReplayer replayer = JournalReplayer.withFreshState(EngineConfig.builder().build(), null);
        final long replayed;
        try (ChronicleQueue queue = Journal.open(dir.resolve("journal"), false);
             JournalReader reader = new JournalReader(queue))
        {
            replayed = replayer.replay(reader, Long.MAX_VALUE, true);
        }
        out.printf("replayed %d journaled commands, every record verified byte for byte%n", replayed);
        out.printf("replayed state checksum:        %016x  %s%n", replayer.stateChecksum(),
            replayer.stateChecksum() == live ? "identical" : "DIFFERENT");

        final StateView state = replayer.state();
        try (ChronicleQueue queue = Journal.open(dir.resolve("journal"), false);
             JournalReader reader = new JournalReader(queue))
        {
            for (JournalRecord record = reader.nextRecord(); record != null; record = reader.nextRecord())
            {
                if (record.type() == CommandType.ROUTE_ORDER && record.command().orderId() == 80_001)
                {
                    out.printf("order 80001, sequence %d: %s%n", record.sequence(), record.reason());
                    for (int i = 0; i < record.candidateCount(); i++)
                    {
                        out.printf("  %-10s %-16s %,7d m%n", state.locationCode(record.candidateLocation(i)),
                            record.candidateReason(i), record.candidateDistanceMeters(i));
                    }
                }
            }
        }
        return replayer.stateChecksum() == live;
    }
}

package io.omnistock.core;

import com.lmax.disruptor.RingBuffer;
import io.omnistock.api.EventListener;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.journal.Journal;
import io.omnistock.core.journal.JournalReader;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalStageTest
{
    private static final int COMMANDS = 5_000;

    @TempDir
    Path dir;

    /**
     * A ring batch of thousands is answered as its journal documents are written, not all at its
     * end: the first answers come while most of the batch waits, and each answer only after its
     * command is in the journal.
     */
    @Test
    void aLongRingBatchIsAnsweredDocumentByDocument()
    {
        final RingBuffer<CommandSlot> ring = RingBuffer.createSingleProducer(CommandSlot::new, 8192);
        final long[] answered = {0};
        final long[] journaledWhenFirstAnswered = {-1};
        try (ChronicleQueue queue = Journal.open(dir, false))
        {
            final JournalStage stage = new JournalStage(queue, Durability.pageCache(), new HaltSignal(),
                new EventListener[0], false, false, io.omnistock.core.state.LogicVersion.LATEST, JournalFaults.NONE);
            stage.attach(ring);
            stage.onStart();
            for (int s = 0; s < COMMANDS; s++)
            {
                final CommandSlot slot = ring.get(s);
                slot.clearInput();
                slot.receive(s + 1, 0, 0, 1);
                slot.clearResult();
                slot.sequence = s + 1;
                slot.reason = ReasonCode.OK;
                slot.originalReason = ReasonCode.OK;
                slot.journal = true;
                slot.listener = result ->
                {
                    if (answered[0]++ == 0)
                    {
                        journaledWhenFirstAnswered[0] = records(queue);
                    }
                };
            }
            long answeredBeforeTheEnd = -1;
            for (int s = 0; s < COMMANDS; s++)
            {
                stage.onEvent(ring.get(s), s, s == COMMANDS - 1);
                if (s == COMMANDS - 2)
                {
                    answeredBeforeTheEnd = answered[0];
                }
            }
            stage.onShutdown();
            assertTrue(answeredBeforeTheEnd > COMMANDS / 2, answeredBeforeTheEnd + " answered before the batch ended");
            assertTrue(journaledWhenFirstAnswered[0] > 0, "the first answer came only after its command was journaled");
            assertEquals(COMMANDS, answered[0]);
            assertEquals(COMMANDS, records(queue));
        }
    }

    private static long records(final ChronicleQueue queue)
    {
        long count = 0;
        try (JournalReader reader = new JournalReader(queue))
        {
            final CommandSlot slot = new CommandSlot();
            while (reader.next(slot))
            {
                count++;
            }
        }
        return count;
    }
}

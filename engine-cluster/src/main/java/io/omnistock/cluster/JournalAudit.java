package io.omnistock.cluster;

import io.omnistock.api.CommandResult;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.journal.Journal;
import io.omnistock.core.journal.JournalReader;
import net.openhft.chronicle.queue.ChronicleQueue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a member's local journal to check what clients were told: every acknowledged command is
 * in it exactly once (as first applied) with the outcome acknowledged. The demo, the failover
 * benchmark and the tests share it.
 */
final class JournalAudit
{
    /** One journaled command: what the audit compares. */
    record Entry(long sequence, long commandId, ReasonCode reason, ReasonCode originalReason)
    {
    }

    private JournalAudit()
    {
    }

    /**
     * @return the journal of the member with data dir {@code dataDir} up to and including {@code toSequence}.
     * @throws IllegalStateException if it has a gap or ends before {@code toSequence}.
     */
    static List<Entry> read(final Path dataDir, final long toSequence)
    {
        final List<Entry> entries = new ArrayList<>();
        final CommandSlot slot = new CommandSlot();
        try (ChronicleQueue queue = Journal.open(dataDir.resolve("journal"), false);
            JournalReader reader = new JournalReader(queue))
        {
            while (entries.size() < toSequence && reader.next(slot))
            {
                if (slot.sequence != entries.size() + 1)
                {
                    throw new IllegalStateException(dataDir + ": the journal has a gap before sequence " + slot.sequence);
                }
                entries.add(new Entry(slot.sequence, slot.commandId, slot.reason, slot.originalReason));
            }
        }
        if (entries.size() != toSequence)
        {
            throw new IllegalStateException(dataDir + ": the journal ends at " + entries.size() + ", before " + toSequence);
        }
        return entries;
    }

    /**
     * @return what is wrong, one line each (empty: nothing): an acknowledged command missing, a
     *     command applied twice, an outcome or sequence other than the one acknowledged.
     */
    static List<String> acknowledgedExactlyOnce(final List<Entry> journal, final Map<Long, CommandResult> acks)
    {
        final List<String> problems = new ArrayList<>();
        final Map<Long, Entry> applied = new HashMap<>();
        for (final Entry e : journal)
        {
            if (e.commandId() != 0 && e.reason() != ReasonCode.DUPLICATE_COMMAND && applied.put(e.commandId(), e) != null)
            {
                problems.add("command " + e.commandId() + " applied twice");
            }
        }
        for (final Map.Entry<Long, CommandResult> ack : acks.entrySet())
        {
            final Entry e = applied.get(ack.getKey());
            if (e == null)
            {
                problems.add("acknowledged command " + ack.getKey() + " is missing");
            }
            else if (Writers.outcome(ack.getValue()) != e.reason())
            {
                problems.add("command " + ack.getKey() + " acknowledged " + Writers.outcome(ack.getValue()) +
                    ", journaled " + e.reason());
            }
            else if (ack.getValue().reason() != ReasonCode.DUPLICATE_COMMAND && ack.getValue().sequence() != e.sequence())
            {
                problems.add("command " + ack.getKey() + " acknowledged at sequence " + ack.getValue().sequence() +
                    ", journaled at " + e.sequence());
            }
        }
        return problems;
    }
}

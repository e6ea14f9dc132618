package io.omnistock.daemon.reads;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayDeque;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The primitive ring against {@link ArrayDeque}, through growth while it wraps around. */
class ClosingQueueTest
{
    @Property(tries = 200)
    void actsAsAFifoOfTriples(@ForAll @Size(max = 400) final List<@IntRange(min = -3, max = 40) Integer> steps)
    {
        final ClosingQueue queue = new ClosingQueue();
        final ArrayDeque<long[]> model = new ArrayDeque<>();
        long next = 1;
        for (final int step : steps)
        {
            // Adds in runs of up to 40 and removes in runs of up to 3: it grows past 1,024 while wrapped.
            for (int i = 0; i < step; i++, next++)
            {
                queue.add(next, next * 7, next * 13);
                model.add(new long[] {next, next * 7, next * 13});
            }
            for (int i = 0; i < -step && !model.isEmpty(); i++)
            {
                final long[] head = model.poll();
                assertEquals(head[0], queue.headClosedAtMillis());
                assertEquals(head[1], queue.headEngineId());
                assertEquals(head[2], queue.headCreatedSequence());
                queue.removeHead();
            }
            assertEquals(model.isEmpty(), queue.isEmpty());
        }
        while (!model.isEmpty())
        {
            assertEquals(model.poll()[0], queue.headClosedAtMillis());
            queue.removeHead();
        }
    }
}

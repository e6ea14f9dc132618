package io.omnistock.daemon.reads;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Appends and removals, through growth and squeezes, against a {@link TreeMap}. */
class CreationIndexTest
{
    @Property(tries = 200)
    void holdsWhatWasAppendedAndNotRemovedInCreationOrder(
        @ForAll @Size(max = 3_000) final List<@IntRange(min = 0, max = 9) Integer> steps)
    {
        final CreationIndex index = new CreationIndex();
        final TreeMap<Long, Long> model = new TreeMap<>();
        long sequence = 0;
        for (final int step : steps)
        {
            if (step < 6 || model.isEmpty())
            {
                sequence += 1 + step;
                final long engineId = sequence * 7;
                index.append(sequence, engineId);
                model.put(sequence, engineId);
            }
            else
            {
                // The oldest mostly (eviction), sometimes one further on (an id routed anew).
                final Long key = step == 9 ? model.ceilingKey(sequence / 2) : model.firstKey();
                final long removed = key == null ? model.firstKey() : key;
                model.remove(removed);
                index.remove(removed);
            }
        }
        final long probe = sequence / 3;
        final List<Long> live = new ArrayList<>();
        for (int i = index.after(probe); i < index.count(); i++)
        {
            if (index.engineId(i) != CreationIndex.HOLE)
            {
                assertEquals(index.sequence(i) * 7, index.engineId(i));
                live.add(index.sequence(i));
            }
        }
        assertEquals(new ArrayList<>(model.tailMap(probe, false).keySet()), live);
    }
}

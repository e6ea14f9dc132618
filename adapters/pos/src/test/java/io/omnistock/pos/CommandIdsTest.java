package io.omnistock.pos;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class CommandIdsTest
{
    @Test
    void theSameLineAlwaysGetsTheSameId()
    {
        assertEquals(CommandIds.posLine("SH001-SCO07-4711", 2), CommandIds.posLine("SH001-SCO07-4711", 2));
        assertEquals(CommandIds.countLine("count-1", "MILK-1L"), CommandIds.countLine("count-1", "MILK-1L"));
    }

    @Test
    void partsThatConcatenateAlikeAndDifferentPurposesGetDifferentIds()
    {
        assertNotEquals(CommandIds.posLine("A1", 2), CommandIds.posLine("A", 12));
        assertNotEquals(CommandIds.posLine("T", 1), CommandIds.countLine("T", "1"));
    }

    @Test
    void idsOfManyLinesAreDistinctAndNonZero()
    {
        final Set<Long> ids = new HashSet<>();
        for (int transaction = 0; transaction < 2_000; transaction++)
        {
            for (int line = 1; line <= 50; line++)
            {
                final long id = CommandIds.posLine("SH001-POS01-" + transaction, line);
                assertNotEquals(0, id);
                ids.add(id);
            }
        }
        assertEquals(100_000, ids.size());
    }
}

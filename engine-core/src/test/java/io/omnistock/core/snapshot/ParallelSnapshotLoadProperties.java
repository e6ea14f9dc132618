package io.omnistock.core.snapshot;

import io.omnistock.api.Commands;
import io.omnistock.api.Tier;
import io.omnistock.core.state.EngineState;
import io.omnistock.core.state.ProcessorHarness;
import io.omnistock.core.stock.StockLedger;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A snapshot loaded through {@link SnapshotInput} (positional reads, the ledger decoded in parallel
 * chunks) gives the state a stream load gives ({@code DataInputStream}, one position after another,
 * as the replicated engine still loads): same checksum, same positions under the same keys, and the
 * same order in every SKU's holder list and the same availability sums, which the checksum does not
 * cover. A repeated position is refused by both.
 */
class ParallelSnapshotLoadProperties
{
    /** Magic, format version, sequence and journal index before the state. */
    private static final int HEADER_BYTES = 28;
    private static final Tier[] TIERS = Tier.values();

    @Property(tries = 60, edgeCases = EdgeCasesMode.NONE)
    void parallelLoadEqualsStreamLoad(
        @ForAll @IntRange(min = 1, max = 7) final int locations,
        @ForAll @IntRange(min = 1, max = 40) final int skus,
        @ForAll @Size(max = 400) final List<@LongRange(min = 0, max = 1_000_000) Long> draws) throws IOException
    {
        final ProcessorHarness h = network(locations, skus);
        for (final long draw : draws)
        {
            // Positions created in a random order, some left at zero available (not holders), some
            // with stock kept back or held.
            final int location = (int)(draw % locations);
            final int sku = (int)(draw / 7 % skus);
            final long quantity = draw / 300 % 9;
            switch ((int)(draw / 3000 % 4))
            {
                case 0 -> h.run(Commands.receive(h.id(), location, sku, quantity));
                case 1 -> h.run(Commands.setSafetyStock(h.id(), location, sku, quantity));
                case 2 -> h.run(Commands.reserve(h.id(), h.id(), location, sku, 1 + quantity % 3));
                default -> h.run(Commands.adjust(h.id(), location, sku, -quantity,
                    io.omnistock.api.AdjustmentReason.DAMAGED));
            }
        }
        final Path dir = Files.createTempDirectory("mapped-snapshot");
        try
        {
            checkBothLoads(h.state, dir);
        }
        finally
        {
            deleteAll(dir);
        }
    }

    private static void deleteAll(final Path dir) throws IOException
    {
        try (java.util.stream.Stream<Path> files = Files.list(dir))
        {
            for (final Path file : files.toList())
            {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    /** More positions than one decoding chunk (262,144), ending part way through a page. */
    @Example
    void severalChunksLoadAlikeAndARepeatedKeyIsRefused() throws IOException
    {
        final int locations = 9;
        final int skus = 30_001;
        final ProcessorHarness h = network(locations, skus);
        for (int l = 0; l < locations; l++)
        {
            for (int s = 0; s < skus; s++)
            {
                h.run(Commands.receive(h.id(), l, s, (l * 31L + s) % 5));
            }
        }
        final Path dir = Files.createTempDirectory("mapped-snapshot");
        try
        {
            checkBothLoadsAndRefuseARepeatedKey(h, dir);
        }
        finally
        {
            deleteAll(dir);
        }
    }

    private static void checkBothLoadsAndRefuseARepeatedKey(final ProcessorHarness h, final Path dir) throws IOException
    {
        checkBothLoads(h.state, dir);
        // The last position (in the second chunk) given the key of the sixth (in the first).
        final StockLedger ledger = h.state.ledger();
        final int last = ledger.size() - 1;
        final Path file = new SnapshotStore(dir, 1).newestFirst().get(0);
        final byte[] bytes = Files.readAllBytes(file);
        replaceOnce(bytes, key(ledger, last), key(ledger, 5));
        Files.write(file, bytes);
        final List<String> problems = new ArrayList<>();
        assertNull(new SnapshotStore(dir, 1).loadNewest(() -> empty(), problems));
        assertTrue(problems.get(0).contains("invalid or repeated key"), problems.toString());
        final IOException streamed = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
            () -> streamLoad(bytes));
        assertTrue(streamed.getMessage().contains("invalid or repeated key"), streamed.getMessage());
    }

    private static ProcessorHarness network(final int locations, final int skus)
    {
        final ProcessorHarness h = new ProcessorHarness(empty());
        for (int l = 0; l < locations; l++)
        {
            h.location("L" + l, TIERS[l % TIERS.length]);
        }
        for (int s = 0; s < skus; s++)
        {
            h.sku("S" + s);
        }
        return h;
    }

    private static EngineState empty()
    {
        return new EngineState(16, 16, 64);
    }

    private static void checkBothLoads(final EngineState state, final Path dir) throws IOException
    {
        final SnapshotStore store = new SnapshotStore(dir, 1);
        final Path file = store.write(state, -1);
        final List<String> problems = new ArrayList<>();
        final SnapshotStore.Loaded mapped = store.loadNewest(ParallelSnapshotLoadProperties::empty, problems);
        assertNotNull(mapped, problems.toString());
        final EngineState streamed = streamLoad(Files.readAllBytes(file));
        assertEquals(state.checksum(), mapped.state().checksum());
        assertEquals(state.checksum(), streamed.checksum());
        sameLedger(streamed.ledger(), mapped.state().ledger(), state.skus().count());
    }

    private static EngineState streamLoad(final byte[] file) throws IOException
    {
        final EngineState state = empty();
        state.readFrom(new DataInputStream(new ByteArrayInputStream(file, HEADER_BYTES,
            file.length - HEADER_BYTES - Integer.BYTES)), SnapshotStore.FORMAT_VERSION);
        return state;
    }

    private static void sameLedger(final StockLedger expected, final StockLedger actual, final int skus)
    {
        assertEquals(expected.size(), actual.size());
        for (int slot = 0; slot < expected.size(); slot++)
        {
            assertEquals(slot, actual.find(expected.location(slot), expected.sku(slot)), "slot of position " + slot);
            assertEquals(expected.onHand(slot), actual.onHand(slot));
            assertEquals(expected.reserved(slot), actual.reserved(slot));
            assertEquals(expected.inTransit(slot), actual.inTransit(slot));
            assertEquals(expected.safetyStock(slot), actual.safetyStock(slot));
        }
        for (int sku = 0; sku < skus; sku++)
        {
            assertEquals(expected.holderCount(sku), actual.holderCount(sku), "holders of SKU " + sku);
            for (int i = 0; i < expected.holderCount(sku); i++)
            {
                assertEquals(expected.holderSlot(sku, i), actual.holderSlot(sku, i), "holder " + i + " of SKU " + sku);
            }
            for (int tier = 0; tier < Tier.COUNT; tier++)
            {
                assertEquals(expected.tierAvailable(sku, tier), actual.tierAvailable(sku, tier));
            }
        }
    }

    private static long key(final StockLedger ledger, final int slot)
    {
        return (long)ledger.location(slot) << 32 | ledger.sku(slot);
    }

    /** Puts {@code to} where {@code from} is (once in the file), and re-signs the file's checksum. */
    private static void replaceOnce(final byte[] file, final long from, final long to)
    {
        final byte[] pattern = ByteBuffer.allocate(Long.BYTES).putLong(from).array();
        int found = -1;
        for (int i = 0; i + Long.BYTES <= file.length - Integer.BYTES; i++)
        {
            if (java.util.Arrays.equals(file, i, i + Long.BYTES, pattern, 0, Long.BYTES))
            {
                assertEquals(-1, found, "the key occurs once");
                found = i;
            }
        }
        assertTrue(found >= 0);
        ByteBuffer.wrap(file).putLong(found, to);
        final CRC32C crc = new CRC32C();
        crc.update(file, 0, file.length - Integer.BYTES);
        ByteBuffer.wrap(file).putInt(file.length - Integer.BYTES, (int)crc.getValue());
    }
}

package io.omnistock.core.sim;

import io.omnistock.core.snapshot.SnapshotStore;
import io.omnistock.core.state.EngineState;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The state that seeded simulator workloads leave, by its checksum and its snapshot's bytes, equals
 * what the build before the shared entry pool left (issue 17; recorded from main {@code d2ff112}).
 * The reservation book writes its snapshot in entry order, so these bytes also pin the order the
 * books hand out entries in (the one released last, else the next never used): a change there
 * changes a snapshot's bytes, which needs a new snapshot format. The bytes also load back into a
 * state that writes them again, the same.
 */
class StateBytesTest
{
    /**
     * Seed and commands, the state's checksum and its snapshot's SHA-256 after them, recorded from
     * main before the entry pool: runs that end with reservations, orders and transfers open.
     */
    private record Run(long seed, int commands, long checksum, String snapshotSha256)
    {
    }

    private static final Run[] RECORDED = {
        new Run(2002, 2_000, 5177986545014251690L, "3f5cd599b7667d4b0aed55fab2b46933630242bdd700c6b198048af73d1650b5"),
        new Run(2004, 800, 3294000527837929597L, "1aaedb559be6e3f01bd2b18169ec1e17ddfbdb5144ac6de9a13e6f92095a916a"),
        new Run(2004, 2_000, 8818811539229922965L, "e9931395cf3f2bfb0d141164755e1900a82d017cca6bde9ad4c9ad643af33d2d"),
        new Run(2006, 800, -4455683482652331007L, "3a157363af1318d3f1e8e3639c8d879c29ccc2d034b463c02190d9a0752c8b68"),
    };

    @Test
    void seededWorkloadsLeaveTheRecordedChecksumAndSnapshotBytes() throws IOException
    {
        int reservations = 0;
        int orders = 0;
        int transfers = 0;
        for (final Run run : RECORDED)
        {
            final Simulator simulator = new Simulator(run.seed(), run.commands(), false, 100, true);
            simulator.run();
            final EngineState state = simulator.inProcessState();
            final byte[] bytes = snapshot(state);
            final String what = "seed " + run.seed() + " after " + run.commands() + " commands";
            System.out.printf("%s: checksum %dL, snapshot %s; open reservations %d, orders %d, transfers %d%n",
                what, state.checksum(), sha256(bytes), state.reservations().openCount(),
                state.orders().openCount(), state.transfers().idsInOrder().length);
            assertEquals(run.checksum(), state.checksum(), "checksum, " + what);
            assertEquals(run.snapshotSha256(), sha256(bytes), "snapshot, " + what);

            final EngineState loaded = new EngineState(256, 256, 1 << 16);
            loaded.readFrom(new DataInputStream(new ByteArrayInputStream(bytes)), SnapshotStore.FORMAT_VERSION);
            assertEquals(state.checksum(), loaded.checksum(), "checksum loaded, " + what);
            assertArrayEquals(bytes, snapshot(loaded), "snapshot loaded and written again, " + what);
            reservations += state.reservations().openCount();
            orders += state.orders().openCount();
            transfers += state.transfers().idsInOrder().length;
        }
        // The books must hold something at the end, or the bytes would pin nothing of them.
        assertTrue(reservations > 0 && orders > 0 && transfers > 0,
            "open at the end: " + reservations + " reservations, " + orders + " orders, " + transfers + " transfers");
    }

    private static byte[] snapshot(final EngineState state) throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes))
        {
            state.writeTo(out);
        }
        return bytes.toByteArray();
    }

    private static String sha256(final byte[] bytes)
    {
        try
        {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (final NoSuchAlgorithmException e)
        {
            throw new AssertionError(e);
        }
    }
}

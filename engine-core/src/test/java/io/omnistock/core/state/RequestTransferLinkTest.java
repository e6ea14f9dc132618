package io.omnistock.core.state;

import io.omnistock.api.Command;
import io.omnistock.api.Commands;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.ReplenishmentPolicy;
import io.omnistock.api.Tier;
import io.omnistock.core.snapshot.SnapshotStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.omnistock.api.ReasonCode.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A transfer made from a request is linked to that request only: when the request closes while
 * the transfer is still created, shipping or cancelling the transfer later must not free the
 * position's next request for a second conversion. The link survives a snapshot, and a format 3
 * snapshot (which kept only a mark) is read with the link worked out.
 */
class RequestTransferLinkTest
{
    private static final long DAY = 86_400_000L;

    @TempDir
    Path dir;

    private ProcessorHarness h;
    private int warehouse;
    private int store;
    private int milk;

    @BeforeEach
    void network()
    {
        h = new ProcessorHarness();
        warehouse = h.location("WH", Tier.WAREHOUSE);
        store = h.location("ST", Tier.STORE);
        milk = h.sku("MILK");
        h.run(Commands.receive(h.id(), warehouse, milk, 1_000));
        h.run(Commands.receive(h.id(), store, milk, 30));
        h.run(Commands.setPositionPolicy(h.id(), store, milk, ReplenishmentPolicy.minMax(10, 50)
            .withSource(warehouse, 4)));
        h.run(Commands.sale(h.id(), store, milk, 25));
        assertEquals(45, openRequest(), "request one");
        ok(Commands.transferFromRequest(h.id(), 1, store, milk));
    }

    private long openRequest()
    {
        return h.state.replenishment().openRequest(h.state.ledger().find(store, milk));
    }

    private void ok(final Command command)
    {
        assertEquals(OK, h.run(command).reason());
    }

    private ReasonCode convert(final long transferId)
    {
        return h.run(Commands.transferFromRequest(h.id(), transferId, store, milk)).reason();
    }

    /** Request two opens after request one closed by the way given, and becomes transfer 2. */
    private void secondRequestTransferred()
    {
        assertEquals(45, openRequest(), "request two");
        ok(Commands.transferFromRequest(h.id(), 2, store, milk));
        assertEquals(REQUEST_ALREADY_TRANSFERRED, convert(3));
    }

    @Test
    void cancellingTheTransferOfARequestClosedByStockFreesNotTheNextRequest()
    {
        h.run(Commands.receive(h.id(), store, milk, 20));
        assertEquals(0, openRequest(), "stock arrived: request one closed, transfer 1 still created");
        h.run(Commands.sale(h.id(), store, milk, 20));
        secondRequestTransferred();
        ok(Commands.cancelTransfer(h.id(), 1));
        assertEquals(REQUEST_ALREADY_TRANSFERRED, convert(3));
        assertEquals(45, h.position(warehouse, milk).reserved(), "transfer 2 alone holds stock");
        ok(Commands.cancelTransfer(h.id(), 2));
        assertEquals(OK, convert(3), "its own transfer's cancel frees request two");
    }

    @Test
    void shippingTheTransferOfACancelledRequestFreesNotTheNextRequest()
    {
        // Levels high enough that transfer 1's 45 units in transit leave the next request open.
        ok(Commands.setPositionPolicy(h.id(), store, milk, ReplenishmentPolicy.minMax(100, 120)
            .withSource(warehouse, 4)));
        ok(Commands.cancelReplenishment(h.id(), store, milk));
        h.run(Commands.sale(h.id(), store, milk, 1));
        assertEquals(116, openRequest(), "request two");
        ok(Commands.transferFromRequest(h.id(), 2, store, milk));
        ok(Commands.shipTransfer(h.id(), 1, h.now + DAY));
        assertEquals(116, openRequest(), "still open at 4 + 45 in transit");
        assertEquals(REQUEST_ALREADY_TRANSFERRED, convert(3));
    }

    @Test
    void cancellingTheTransferOfARequestWhosePolicyWentFreesNotTheNextRequest()
    {
        ok(Commands.setPositionPolicy(h.id(), store, milk, null));
        assertEquals(0, openRequest(), "no policy: request one closed");
        ok(Commands.setPositionPolicy(h.id(), store, milk, ReplenishmentPolicy.minMax(10, 50)
            .withSource(warehouse, 4)));
        secondRequestTransferred();
        ok(Commands.cancelTransfer(h.id(), 1));
        assertEquals(REQUEST_ALREADY_TRANSFERRED, convert(3));
    }

    @Test
    void theLinkSurvivesASnapshot() throws IOException
    {
        h.run(Commands.receive(h.id(), store, milk, 20));
        h.run(Commands.sale(h.id(), store, milk, 20));
        secondRequestTransferred();
        final long checksum = h.state.checksum();
        new SnapshotStore(dir, 1).write(h.state, -1);

        final ProcessorHarness loaded = h.continueFrom(load());
        assertEquals(checksum, loaded.state.checksum(), "loaded from the snapshot");
        h = loaded;
        ok(Commands.cancelTransfer(h.id(), 1));
        assertEquals(REQUEST_ALREADY_TRANSFERRED, convert(3));
        ok(Commands.cancelTransfer(h.id(), 2));
        assertEquals(OK, convert(3));
    }

    /**
     * {@code snapshots/format3} was written by the build before the link (format 3): at store ST,
     * MILK's open request made transfer 1; TEA's first request made transfer 3 and closed when
     * stock arrived, its second request made transfer 4. All three are still created.
     */
    @Test
    void aFormat3SnapshotLinksEachMarkedRequestToItsNewestTransfer() throws IOException
    {
        final String name = "snapshot-00000000000000000017.snap";
        try (InputStream in = getClass().getResourceAsStream("/snapshots/format3/" + name))
        {
            assertNotNull(in, name);
            Files.copy(in, dir.resolve(name));
        }
        final EngineState state = load();
        h = new ProcessorHarness(state);
        for (int i = 0; i < 17; i++)
        {
            h.id(); // the snapshot's commands took ids 1 to 17: its idempotency window holds them
        }
        final int tea = state.skus().idOf("TEA");
        assertEquals(REQUEST_ALREADY_TRANSFERRED, convert(5));
        ok(Commands.cancelTransfer(h.id(), 1));
        assertEquals(OK, convert(5), "MILK's only transfer freed its request");

        assertEquals(REQUEST_ALREADY_TRANSFERRED, h.run(Commands.transferFromRequest(h.id(), 6, store, tea)).reason());
        ok(Commands.cancelTransfer(h.id(), 3));
        assertEquals(REQUEST_ALREADY_TRANSFERRED, h.run(Commands.transferFromRequest(h.id(), 6, store, tea)).reason(),
            "transfer 3 came from TEA's first request");
        ok(Commands.cancelTransfer(h.id(), 4));
        assertEquals(OK, h.run(Commands.transferFromRequest(h.id(), 6, store, tea)).reason());
    }

    private EngineState load()
    {
        final List<String> problems = new ArrayList<>();
        final SnapshotStore.Loaded loaded = new SnapshotStore(dir, 1)
            .loadNewest(() -> new EngineState(64, 16, 1024), problems);
        assertEquals(List.of(), problems);
        assertNotNull(loaded, "a snapshot");
        return loaded.state();
    }
}

package io.omnistock.pos;

import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.InventoryEngine;
import io.omnistock.api.Limits;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * One stocktake at one location: scans are tallied here and nothing reaches the engine until
 * {@link CountSessions#commit}, which sets on hand to the absolute count of every SKU seen (and,
 * optionally, zero for the SKUs of a scope that were not seen). Open from {@link CountSessions}.
 *
 * <p>Scans may come from any thread (the daemon's handlers, a JavaPOS event thread); they are
 * serialised on the session.
 */
public final class CountSession
{
    private final String id;
    private final String location;
    private final int locationId;
    private final Map<String, String> barcodes;
    private final SortedSet<String> zeroCountScope;
    private final InventoryEngine engine;
    private final SortedMap<String, Long> counts = new TreeMap<>();
    private final Set<String> tagsRead = new HashSet<>();
    private boolean closed;

    CountSession(
        final String id, final String location, final int locationId, final Map<String, String> barcodes,
        final Set<String> zeroCountScope, final InventoryEngine engine)
    {
        this.id = id;
        this.location = location;
        this.locationId = locationId;
        this.barcodes = Map.copyOf(barcodes);
        this.zeroCountScope = new TreeSet<>(zeroCountScope);
        this.engine = engine;
    }

    /** @return the session id. */
    public String id()
    {
        return id;
    }

    /** @return the location code being counted. */
    public String location()
    {
        return location;
    }

    /**
     * A barcode scan, or a quantity keyed or weighed for one item.
     *
     * @param code     a barcode from the session's mapping, or a SKU code.
     * @param quantity how many of the SKU's base unit this scan counts (1 for a piece scanned).
     * @return whether it was counted.
     * @throws CountSessionException if the session is closed or the quantity is not positive.
     */
    public ScanOutcome scan(final String code, final long quantity)
    {
        return scan(List.of(CountScan.barcode(code, quantity))).get(0);
    }

    /**
     * An RFID read. A reader sees the same tag many times while it sweeps a shelf; each tag (EPC)
     * is counted once per session.
     *
     * @param epc  the tag's EPC, in hex (case and surrounding space do not matter).
     * @param code the item the tag identifies: a barcode (GTIN) from the mapping, or a SKU code, as
     *             the reader's middleware decoded it.
     * @return whether it was counted, or already counted.
     */
    public ScanOutcome scanTag(final String epc, final String code)
    {
        return scan(List.of(CountScan.tag(epc, code))).get(0);
    }

    /**
     * A batch of scans, counted whole or not at all: a refused scan (closed session, missing code,
     * a quantity that is not positive or takes a count past the engine's maximum) refuses the
     * batch and leaves the tally as it was, so a client can correct the batch and send it again
     * without counting its first scans twice. A tag read twice in the batch counts once.
     *
     * @param scans the scans, in the order they were made.
     * @return one outcome per scan, in order.
     * @throws CountSessionException if the session is closed or any scan is refused.
     */
    public synchronized List<ScanOutcome> scan(final List<CountScan> scans)
    {
        requireOpen();
        final Batch batch = new Batch();
        final List<ScanOutcome> outcomes = new ArrayList<>(scans.size());
        for (final CountScan scan : scans)
        {
            outcomes.add(scan.epc() == null ? batch.scan(scan.code(), scan.quantity()) : batch.scanTag(scan.epc(), scan.code()));
        }
        batch.apply();
        return outcomes;
    }

    /**
     * @return the tally so far, by SKU code.
     */
    public synchronized SortedMap<String, Long> counts()
    {
        return new TreeMap<>(counts);
    }

    /** Closes the session and submits one stocktake per SKU; called by the registry only. */
    synchronized CompletableFuture<CountCommitResult> commit()
    {
        closed = true;
        final SortedSet<String> skus = new TreeSet<>(counts.keySet());
        skus.addAll(zeroCountScope);
        final List<CompletableFuture<CountLineOutcome>> outcomes = new ArrayList<>(skus.size());
        for (final String sku : skus)
        {
            final long counted = counts.getOrDefault(sku, 0L);
            // A stocktake sets on hand to the count and leaves reservations as they are: stock held
            // for orders stays held, and a count below it is flagged as a shortfall by the engine.
            outcomes.add(engine.submit(Commands.stocktake(CommandIds.countLine(id, sku), locationId, engine.skuId(sku),
                counted)).thenApply(result -> outcome(sku, counted, result)));
        }
        return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
            .thenApply(done -> new CountCommitResult(id, location, outcomes.stream().map(CompletableFuture::join).toList()));
    }

    /** Closes the session without submitting anything; called by the registry only. */
    synchronized void abandon()
    {
        closed = true;
    }

    private void requireOpen()
    {
        if (closed)
        {
            throw new CountSessionException(CountError.SESSION_CLOSED, "count session " + id + " is closed");
        }
    }

    private static CountLineOutcome outcome(final String sku, final long counted, final CommandResult result)
    {
        return new CountLineOutcome(sku, counted, result.reason(), result.onHand(), result.reserved());
    }

    /**
     * The scans of one batch, tallied aside from the session's and added to it only once every scan
     * of the batch was accepted. Used under the session's lock.
     */
    private final class Batch
    {
        private final Map<String, Long> added = new HashMap<>();
        private final Set<String> tags = new HashSet<>();

        ScanOutcome scan(final String code, final long quantity)
        {
            CountSessions.requireArgument(code, "scanned code");
            if (quantity <= 0)
            {
                throw new CountSessionException(CountError.INVALID_QUANTITY, "a scan counts a positive quantity, was " + quantity);
            }
            return tally(code, quantity);
        }

        ScanOutcome scanTag(final String epc, final String code)
        {
            final String tag = CountSessions.requireArgument(epc, "EPC").strip().toUpperCase(Locale.ROOT);
            CountSessions.requireArgument(code, "tag's item code");
            if (tagsRead.contains(tag) || tags.contains(tag))
            {
                return ScanOutcome.DUPLICATE_TAG;
            }
            final ScanOutcome outcome = tally(code, 1);
            if (outcome == ScanOutcome.COUNTED)
            {
                tags.add(tag);
            }
            return outcome;
        }

        private ScanOutcome tally(final String code, final long quantity)
        {
            final String stripped = code.strip();
            final String sku = barcodes.getOrDefault(stripped, stripped);
            if (engine.skuId(sku) < 0)
            {
                return ScanOutcome.UNKNOWN_ITEM;
            }
            final long before = counts.getOrDefault(sku, 0L) + added.getOrDefault(sku, 0L);
            if (quantity > Limits.MAX_COMMAND_QUANTITY - before)
            {
                throw new CountSessionException(CountError.INVALID_QUANTITY,
                    "the count of " + sku + " would exceed the engine's maximum of " + Limits.MAX_COMMAND_QUANTITY);
            }
            added.merge(sku, quantity, Long::sum);
            return ScanOutcome.COUNTED;
        }

        void apply()
        {
            added.forEach((sku, quantity) -> counts.merge(sku, quantity, Long::sum));
            tagsRead.addAll(tags);
        }
    }
}

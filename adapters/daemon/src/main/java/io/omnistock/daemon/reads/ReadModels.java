package io.omnistock.daemon.reads;

import io.omnistock.daemon.events.JournalTail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The daemon's journal-fed read models, the orders' ({@link OrderHistory}) and the open
 * reservations' ({@link OpenReservations}), fed by one journal tail: each record is read and decoded
 * once, on one thread. They had a tail each; the second cost 0.6 µs of CPU per order of a flash sale
 * decoding records it then dropped (docs/benchmarks.md run 33). Both have applied the same records at
 * any time, so one {@link AppliedSequence} says how far, for both. A journal the tail cannot read
 * (or a model that throws) stops both, and whoever waits for them hears why.
 */
public final class ReadModels implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(ReadModels.class);

    private final OrderHistory orders;
    private final OpenReservations reservations = new OpenReservations();
    private final AppliedSequence applied = new AppliedSequence();
    private final JournalTail tail;

    public ReadModels(final Path journalDir, final Duration orderHistoryRetention)
    {
        this.orders = new OrderHistory(orderHistoryRetention);
        this.tail = new JournalTail(journalDir, "omnistock-read-models", record ->
        {
            orders.apply(record);
            reservations.apply(record);
            applied.advance(record.sequence());
        }, () -> { }, e ->
        {
            LOG.error("the read models stopped following the journal after sequence {}", applied.get(), e);
            applied.fail(e);
        });
    }

    public OrderHistory orders()
    {
        return orders;
    }

    public OpenReservations reservations()
    {
        return reservations;
    }

    public AppliedSequence applied()
    {
        return applied;
    }

    public void start()
    {
        tail.start();
    }

    @Override
    public void close()
    {
        tail.close();
        applied.fail(new IllegalStateException("the read models are closed"));
    }
}

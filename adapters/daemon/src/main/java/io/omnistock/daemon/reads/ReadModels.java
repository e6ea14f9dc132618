package io.omnistock.daemon.reads;

import io.omnistock.daemon.events.JournalTail;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The daemon's journal-fed read models, the orders' ({@link OrderHistory}) and the open
 * reservations' ({@link OpenReservations}), fed by one journal tail: each record is read and decoded
 * once, on one thread. They had a tail each; the second cost 0.6 µs of CPU per order of a flash sale
 * decoding records it then dropped (docs/benchmarks.md run 33). A journal the tail cannot read (or
 * a model that throws) stops both, and both say so to their readers.
 */
public final class ReadModels implements AutoCloseable
{
    private final OrderHistory orders;
    private final OpenReservations reservations = new OpenReservations();
    private final JournalTail tail;

    public ReadModels(final Path journalDir, final Duration orderHistoryRetention)
    {
        this.orders = new OrderHistory(orderHistoryRetention);
        this.tail = new JournalTail(journalDir, "omnistock-read-models", record ->
        {
            orders.apply(record);
            reservations.apply(record);
        }, () -> { }, e ->
        {
            orders.failed(e);
            reservations.failed(e);
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

    public void start()
    {
        tail.start();
    }

    @Override
    public void close()
    {
        tail.close();
        orders.close();
    }
}

package io.omnistock.benchmarks;

/**
 * A system under test in {@link PeerComparison}: it holds stock per position and takes orders by
 * checking and decrementing every line atomically, recording the order's hold.
 */
interface PeerSystem extends AutoCloseable
{
    /** What this system runs as, and at which durability, in one line for the report. */
    String describe();

    /** Sets every position of the workload to {@code quantity} units and forgets earlier holds. */
    void load(PeerWorkload workload, long quantity) throws Exception;

    /** A connection for one client thread. */
    Client client(PeerWorkload workload, int index) throws Exception;

    /** Units available at every position of the workload now, by position number. */
    long[] available(PeerWorkload workload) throws Exception;

    /** One client's connection: sends a batch of orders and waits for every answer. */
    interface Client extends AutoCloseable
    {
        /**
         * Sends {@code count} orders drawn from {@code orders}, waits for all answers, and tells
         * {@code outcome} about each.
         */
        void send(PeerWorkload.Orders orders, int count, Outcome outcome) throws Exception;

        @Override
        void close() throws Exception;
    }

    /** Receives each order's answer: which order of the batch, whether it was taken, and when. */
    interface Outcome
    {
        void answered(int order, int[] positions, boolean accepted, long answeredAtNanos);
    }

    @Override
    void close() throws Exception;
}

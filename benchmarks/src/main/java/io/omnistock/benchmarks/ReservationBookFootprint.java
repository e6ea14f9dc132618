package io.omnistock.benchmarks;

import io.omnistock.core.stock.ReservationBook;

import java.util.Locale;

/**
 * Heap the engine's reservation book holds per open reservation (not a JMH benchmark: a plain main).
 *
 * <p>Builds a {@link ReservationBook} sized as the other footprint benchmarks size the engine's
 * (16,384 expected), opens {@code reservations} reservations (default 1,000,000) with sequential
 * ids, and reports heap used after {@code System.gc()} after them minus before the book, per
 * reservation: the book's columns and its id index, as grown (room to grow included). The book
 * alone, not the ledger: opening one does not check its slot (a snapshot load does).
 *
 * <p>Usage: {@code java -Xmx4g <jvm flags> -cp benchmarks.jar io.omnistock.benchmarks.ReservationBookFootprint
 * [reservations]}.
 */
public final class ReservationBookFootprint
{
    private static final int EXPECTED_RESERVATIONS = 1 << 14;

    private ReservationBookFootprint()
    {
    }

    public static void main(final String[] args)
    {
        final int reservations = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
        final long before = PositionFootprint.usedHeapAfterGc();
        final ReservationBook book = new ReservationBook(null, EXPECTED_RESERVATIONS);
        for (int id = 1; id <= reservations; id++)
        {
            book.open(id, id % 100_000, 1 + id % 7);
        }
        final long held = PositionFootprint.usedHeapAfterGc() - before;
        if (book.openCount() != reservations)
        {
            throw new IllegalStateException(book.openCount() + " reservations open, expected " + reservations);
        }
        System.out.printf(Locale.ROOT, "open reservations: %,d; heap held by the book: %,d bytes = %.1f bytes per " +
            "reservation%n", reservations, held, (double)held / reservations);
    }
}

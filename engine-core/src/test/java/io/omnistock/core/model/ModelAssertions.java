package io.omnistock.core.model;

import io.omnistock.api.CommandResult;
import io.omnistock.api.CommandType;
import io.omnistock.api.Tier;
import io.omnistock.core.state.EngineState;
import io.omnistock.core.stock.ReservationBook;
import io.omnistock.core.stock.StockLedger;

import java.util.Map;

/**
 * Compares the engine (its results and its state) with the {@link ReferenceModel}. Throws
 * {@link AssertionError} naming the first difference.
 */
public final class ModelAssertions
{
    private ModelAssertions()
    {
    }

    /**
     * Compares one command's result with the model's prediction: the reason always; what the
     * result describes (position, held, tier sums, assigned id) when the command was accepted.
     */
    public static void assertResult(final String context, final Cmd cmd, final ReferenceModel.Outcome expected,
        final CommandResult actual)
    {
        final String where = context + " " + cmd + ": ";
        check(expected.reason() == actual.reason(), where + "reason expected " + expected.reason() + " but was " +
            actual.reason());
        check(expected.originalReason() == actual.originalReason(), where + "original reason expected " +
            expected.originalReason() + " but was " + actual.originalReason());
        check(cmd.commandId() == actual.commandId(), where + "result for the wrong command id " + actual.commandId());
        check(cmd.type() == actual.type(), where + "result for the wrong type " + actual.type());
        check(expected.assignedId() == actual.assignedId(), where + "assigned id expected " + expected.assignedId() +
            " but was " + actual.assignedId());
        if (!expected.accepted())
        {
            return;
        }
        final CommandType type = cmd.type();
        if (type == CommandType.DEFINE_LOCATION || type == CommandType.DEFINE_SKU)
        {
            return;
        }
        if (type == CommandType.QUERY_AVAILABILITY)
        {
            long network = 0;
            for (final Tier tier : Tier.values())
            {
                final long want = expected.tierAvailable()[tier.ordinal()];
                network += want;
                check(want == actual.tierAvailable(tier), where + tier + " available expected " + want + " but was " +
                    actual.tierAvailable(tier));
            }
            check(network == actual.networkAvailable(), where + "network available expected " + network +
                " but was " + actual.networkAvailable());
            return;
        }
        check(expected.location() == actual.location() && expected.sku() == actual.sku(),
            where + "describes position " + actual.location() + "/" + actual.sku() + ", expected " +
                expected.location() + "/" + expected.sku());
        check(expected.onHand() == actual.onHand(), where + "onHand expected " + expected.onHand() + " but was " +
            actual.onHand());
        check(expected.reserved() == actual.reserved(), where + "reserved expected " + expected.reserved() +
            " but was " + actual.reserved());
        check(expected.inTransit() == actual.inTransit(), where + "inTransit expected " + expected.inTransit() +
            " but was " + actual.inTransit());
        check(expected.safetyStock() == actual.safetyStock(), where + "safety stock expected " +
            expected.safetyStock() + " but was " + actual.safetyStock());
        final long available = Math.max(0, expected.onHand() - expected.reserved() - expected.safetyStock());
        check(available == actual.available(), where + "available expected " + available + " but was " +
            actual.available());
        if (type == CommandType.RESERVE || type == CommandType.RELEASE || type == CommandType.FULFIL)
        {
            check(expected.held() == actual.held(), where + "held expected " + expected.held() + " but was " +
                actual.held());
            check(cmd.reservationId() == actual.reservationId(), where + "reservation id " + actual.reservationId());
        }
    }

    /**
     * Compares the whole engine state with the model: definitions, every position, the per-tier
     * availability sums, and the open reservations among {@code reservationIds}.
     */
    public static void assertState(final String context, final EngineState state, final ReferenceModel model,
        final Iterable<Long> reservationIds)
    {
        final String where = context + ": ";
        check(model.lastSequence() == state.lastSequence(), where + "last sequence expected " + model.lastSequence() +
            " but was " + state.lastSequence());
        check(model.locationCount() == state.locations().count(), where + "location count expected " +
            model.locationCount() + " but was " + state.locations().count());
        check(model.skuCount() == state.skus().count(), where + "SKU count expected " + model.skuCount() +
            " but was " + state.skus().count());
        for (int l = 0; l < model.locationCount(); l++)
        {
            check(model.locationCode(l).equals(state.locations().code(l)) &&
                model.locationTier(l) == state.locations().tier(l), where + "location " + l + " differs");
        }
        for (int s = 0; s < model.skuCount(); s++)
        {
            check(model.skuCode(s).equals(state.skus().code(s)), where + "SKU " + s + " differs");
        }
        final StockLedger ledger = state.ledger();
        for (int l = 0; l < model.locationCount(); l++)
        {
            for (int s = 0; s < model.skuCount(); s++)
            {
                final ReferenceModel.Position want = model.position(l, s);
                final int slot = ledger.find(l, s);
                final long onHand = slot < 0 ? 0 : ledger.onHand(slot);
                final long reserved = slot < 0 ? 0 : ledger.reserved(slot);
                final long inTransit = slot < 0 ? 0 : ledger.inTransit(slot);
                final long safety = slot < 0 ? 0 : ledger.safetyStock(slot);
                final long available = slot < 0 ? 0 : ledger.available(slot);
                final String pos = where + "position " + l + "/" + s + " ";
                check(want.onHand == onHand, pos + "onHand expected " + want.onHand + " but was " + onHand);
                check(want.reserved == reserved, pos + "reserved expected " + want.reserved + " but was " + reserved);
                check(want.inTransit == inTransit, pos + "inTransit expected " + want.inTransit + " but was " +
                    inTransit);
                check(want.safetyStock == safety, pos + "safety expected " + want.safetyStock + " but was " + safety);
                check(available >= 0, pos + "available is negative: " + available);
                check(want.available() == available, pos + "available expected " + want.available() + " but was " +
                    available);
            }
        }
        for (int s = 0; s < model.skuCount(); s++)
        {
            for (final Tier tier : Tier.values())
            {
                final long want = model.tierAvailable(s, tier);
                final long got = ledger.tierAvailable(s, tier.ordinal());
                check(got >= 0, where + "SKU " + s + " " + tier + " available is negative: " + got);
                check(want == got, where + "SKU " + s + " " + tier + " available expected " + want + " but was " + got);
            }
        }
        final ReservationBook book = state.reservations();
        final Map<Long, ReferenceModel.Reservation> open = model.reservations();
        check(open.size() == book.openCount(), where + "open reservations expected " + open.size() + " but was " +
            book.openCount());
        for (final long id : reservationIds)
        {
            final ReferenceModel.Reservation want = open.get(id);
            final int entry = book.find(id);
            if (want == null)
            {
                check(entry < 0, where + "reservation " + id + " should not be open");
                continue;
            }
            check(entry >= 0, where + "reservation " + id + " should be open");
            final int slot = book.slot(entry);
            check(want.held() == book.held(entry), where + "reservation " + id + " holds " + book.held(entry) +
                ", expected " + want.held());
            check(want.location() == ledger.location(slot) && want.sku() == ledger.sku(slot),
                where + "reservation " + id + " is at the wrong position");
        }
    }

    private static void check(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new AssertionError(message);
        }
    }
}

package io.omnistock.cluster;

import io.omnistock.api.Allocation;
import io.omnistock.api.Candidate;
import io.omnistock.api.CommandResult;
import io.omnistock.api.CommandType;
import io.omnistock.api.OrderState;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.ResultView;
import io.omnistock.api.RoutingReason;
import io.omnistock.api.RuleSetExplanation;
import io.omnistock.api.Tier;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Egress messages: what the cluster answers a client. Integers are zig-zag LEB128 ({@link Wire}),
 * so the zeros and small ids most results hold take a byte each.
 *
 * <pre>
 *   u8 version {@link #VERSION}, u8 kind, then
 *   RESULTS:  varint count, count x result (every field of a {@link CommandResult}, in its order)
 *   REJECTED: varint batchId, varint reason code (a whole ingress message refused)
 *   CHECKSUM: varint batchId, varint applied sequence, varint state checksum
 * </pre>
 */
final class EgressCodec
{
    static final int VERSION = 1;
    static final int KIND_RESULTS = 1;
    static final int KIND_REJECTED = 2;
    static final int KIND_CHECKSUM = 3;
    private static final int NONE = 0xFF;
    private static final int HEADER_BYTES = 2 + 5;

    private final Wire wire = new Wire();
    private MutableDirectBuffer out;
    private int count;

    // ---- encoding, on the cluster ----

    void beginResults(final MutableDirectBuffer buffer)
    {
        out = buffer;
        count = 0;
        // The count goes in front once known: results are written after room for its largest form.
        wire.writeTo(buffer, HEADER_BYTES);
    }

    /** @return bytes written so far by {@link #beginResults} and {@link #addResult}. */
    int resultsLength()
    {
        return wire.position();
    }

    int resultCount()
    {
        return count;
    }

    void addResult(final ResultView r)
    {
        final Wire w = wire;
        w.putLong(r.commandId());
        w.putByte(r.type() == null ? NONE : r.type().ordinal());
        w.putLong(r.sequence());
        w.putLong(r.timestamp());
        w.putLong(r.reason().code());
        w.putLong(r.originalReason().code());
        w.putLong(r.assignedId());
        w.putLong(r.location());
        w.putLong(r.sku());
        w.putLong(r.reservationId());
        w.putLong(r.held());
        w.putLong(r.onHand());
        w.putLong(r.reserved());
        w.putLong(r.inTransit());
        w.putLong(r.safetyStock());
        w.putLong(r.available());
        w.putLong(r.networkAvailable());
        w.putLong(r.tierAvailable(Tier.WAREHOUSE));
        w.putLong(r.tierAvailable(Tier.FRONT_WAREHOUSE));
        w.putLong(r.tierAvailable(Tier.STORE));
        w.putLong(r.orderId());
        w.putByte(r.orderState() == null ? NONE : r.orderState().ordinal());
        w.putLong(r.expiresAt());
        w.putLong(r.allocationCount());
        for (int i = 0; i < r.allocationCount(); i++)
        {
            w.putLong(r.allocationLine(i));
            w.putLong(r.allocationLocation(i));
            w.putLong(r.allocationSku(i));
            w.putLong(r.allocationQuantity(i));
        }
        w.putLong(r.unfilledLineCount());
        for (int i = 0; i < r.unfilledLineCount(); i++)
        {
            w.putLong(r.unfilledLine(i));
        }
        w.putLong(r.candidateCount());
        for (int i = 0; i < r.candidateCount(); i++)
        {
            putCandidate(r.candidateLocation(i), r.candidateReason(i), r.candidateDistanceMeters(i));
        }
        w.putLong(r.ruleSetCount());
        for (int s = 0; s < r.ruleSetCount(); s++)
        {
            w.putString(r.ruleSetName(s));
            w.putByte(r.ruleSetRouted(s) ? 1 : 0);
            w.putLong(r.ruleSetCandidateCount(s));
            for (int i = 0; i < r.ruleSetCandidateCount(s); i++)
            {
                putCandidate(r.ruleSetCandidateLocation(s, i), r.ruleSetCandidateReason(s, i),
                    r.ruleSetCandidateDistanceMeters(s, i));
            }
        }
        count++;
    }

    private void putCandidate(final int location, final RoutingReason reason, final long distance)
    {
        wire.putLong(location);
        wire.putByte(reason == null ? NONE : reason.ordinal());
        wire.putLong(distance);
    }

    /**
     * Writes the header in front of the results.
     *
     * @return the message's length, from offset 0.
     */
    int finishResults()
    {
        // Count as a fixed five-byte varint (continuation bits set), so it fits the room left for it.
        out.putByte(0, (byte)VERSION);
        out.putByte(1, (byte)KIND_RESULTS);
        long zigzag = (long)count << 1;
        for (int i = 0; i < 5; i++)
        {
            out.putByte(2 + i, (byte)((zigzag & 0x7F) | (i < 4 ? 0x80 : 0)));
            zigzag >>>= 7;
        }
        return wire.position();
    }

    /** @return the length of a rejection of a whole ingress message, written at offset 0. */
    int rejected(final MutableDirectBuffer buffer, final long batchId, final ReasonCode reason)
    {
        wire.writeTo(buffer, 0);
        wire.putByte(VERSION);
        wire.putByte(KIND_REJECTED);
        wire.putLong(batchId);
        wire.putLong(reason.code());
        return wire.position();
    }

    /** @return the length of a checksum answer, written at offset 0. */
    int checksum(final MutableDirectBuffer buffer, final long batchId, final long sequence, final long checksum)
    {
        wire.writeTo(buffer, 0);
        wire.putByte(VERSION);
        wire.putByte(KIND_CHECKSUM);
        wire.putLong(batchId);
        wire.putLong(sequence);
        wire.putLong(checksum);
        return wire.position();
    }

    // ---- decoding, on the client ----

    /** What a client receives, as values. */
    interface Handler
    {
        void onResult(CommandResult result);

        void onRejected(long batchId, ReasonCode reason);

        void onChecksum(long batchId, long sequence, long checksum);
    }

    /**
     * @throws Wire.Truncated or IllegalArgumentException for a message this build cannot read.
     */
    void decode(final DirectBuffer buffer, final int offset, final int length, final Handler handler)
    {
        final Wire w = wire.readFrom(buffer, offset, length);
        final int version = w.getByte();
        if (version != VERSION)
        {
            throw new IllegalArgumentException("egress message version " + version + " is not " + VERSION);
        }
        final int kind = w.getByte();
        if (kind == KIND_RESULTS)
        {
            final long results = w.getLong();
            for (long i = 0; i < results; i++)
            {
                handler.onResult(result(w));
            }
        }
        else if (kind == KIND_REJECTED)
        {
            handler.onRejected(w.getLong(), reason(w.getLong()));
        }
        else if (kind == KIND_CHECKSUM)
        {
            handler.onChecksum(w.getLong(), w.getLong(), w.getLong());
        }
        else
        {
            throw new IllegalArgumentException("unknown egress message kind " + kind);
        }
    }

    private static CommandResult result(final Wire w)
    {
        final long commandId = w.getLong();
        final int type = w.getByte();
        final long sequence = w.getLong();
        final long timestamp = w.getLong();
        final ReasonCode reason = reason(w.getLong());
        final ReasonCode originalReason = reason(w.getLong());
        final int assignedId = w.getInt();
        final int location = w.getInt();
        final int sku = w.getInt();
        final long reservationId = w.getLong();
        final long held = w.getLong();
        final long onHand = w.getLong();
        final long reserved = w.getLong();
        final long inTransit = w.getLong();
        final long safetyStock = w.getLong();
        final long available = w.getLong();
        final long networkAvailable = w.getLong();
        final long warehouse = w.getLong();
        final long frontWarehouse = w.getLong();
        final long store = w.getLong();
        final long orderId = w.getLong();
        final int orderState = w.getByte();
        final long expiresAt = w.getLong();
        final List<Allocation> allocations = new ArrayList<>();
        for (long i = 0, n = w.getLong(); i < n; i++)
        {
            allocations.add(new Allocation(w.getInt(), w.getInt(), w.getInt(), w.getLong()));
        }
        final List<Integer> unfilled = new ArrayList<>();
        for (long i = 0, n = w.getLong(); i < n; i++)
        {
            unfilled.add(w.getInt());
        }
        final List<Candidate> candidates = candidates(w);
        final List<RuleSetExplanation> ruleSets = new ArrayList<>();
        for (long s = 0, n = w.getLong(); s < n; s++)
        {
            final String name = w.getString();
            final boolean routed = w.getByte() != 0;
            ruleSets.add(new RuleSetExplanation(name, routed, candidates(w)));
        }
        return new CommandResult(commandId, CommandType.fromOrdinal(type), sequence, timestamp,
            reason, originalReason, assignedId, location, sku, reservationId, held, onHand, reserved, inTransit,
            safetyStock, available, networkAvailable, warehouse, frontWarehouse, store, orderId,
            orderState == NONE ? null : OrderState.fromOrdinal(orderState), expiresAt, allocations, unfilled,
            candidates, ruleSets);
    }

    private static List<Candidate> candidates(final Wire w)
    {
        final List<Candidate> list = new ArrayList<>();
        for (long i = 0, n = w.getLong(); i < n; i++)
        {
            final int location = w.getInt();
            final int reason = w.getByte();
            list.add(new Candidate(location, reason == NONE ? null : RoutingReason.fromOrdinal(reason), w.getLong()));
        }
        return list;
    }

    private static ReasonCode reason(final long code)
    {
        final ReasonCode reason = ReasonCode.fromCode((int)code);
        if (reason == null)
        {
            throw new IllegalArgumentException("unknown reason code " + code);
        }
        return reason;
    }
}

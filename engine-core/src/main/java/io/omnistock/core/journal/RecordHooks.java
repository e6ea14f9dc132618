package io.omnistock.core.journal;

import io.omnistock.api.Limits;
import io.omnistock.api.OrderState;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.RoutingReason;
import io.omnistock.core.command.CodeText;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.command.RoutingOutcome;
import io.omnistock.core.state.PolicyCodec;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The parts of a command's journal record that are more than a fixed-width field, named as hooks in
 * {@code commands.xml} and called by the generated {@link CommandRecordBody}. Each hook is a pair, so
 * its two directions sit side by side, and each is given the record's format: a layout that changed
 * with a format keeps the older one beside it, for journals written in it. Each decoder is also given
 * the record's reader of variable-length integers ({@link Varints}), used or not, as the generated
 * code calls every hook alike.
 */
final class RecordHooks
{
    /** Written for a null enum. */
    private static final int NONE = 0xFF;
    /** Code length marker of a code that is not valid Unicode (rejected as CODE_INVALID). */
    private static final int INVALID_CODE = 0xFFFD;
    private static final int NULL_CODE = 0xFFFF;
    private static final int OVERLONG_CODE = 0xFFFE;

    private RecordHooks()
    {
    }

    /** A code: u16 length, then its UTF-8 bytes; or a marker in place of the length. */
    static int encodeCode(final CommandSlot c, final UnsafeBuffer b, final int at, final int format)
    {
        return encodeText(c.code, Limits.MAX_CODE_BYTES, b, at);
    }

    static int decodeCode(final CommandSlot c, final UnsafeBuffer b, final int at, final int format, final Varints in)
    {
        c.code = decodeText(b, at, Limits.MAX_CODE_BYTES);
        return at + textLength(b, at);
    }

    /**
     * A stand-alone reservation's external reference and metadata (format 5 on): a u8 of which are
     * present (1 the reference, 2 the metadata), then each present one as text (as a code is, with
     * its own limit). A reservation without them costs the one byte.
     */
    static int encodeReservationTags(final CommandSlot c, final UnsafeBuffer b, final int at, final int format)
    {
        b.putByte(at, (byte)((c.externalReference == null ? 0 : 1) | (c.metadata == null ? 0 : 2)));
        int i = at + 1;
        if (c.externalReference != null)
        {
            i = encodeText(c.externalReference, Limits.MAX_EXTERNAL_REFERENCE_BYTES, b, i);
        }
        if (c.metadata != null)
        {
            i = encodeText(c.metadata, Limits.MAX_METADATA_BYTES, b, i);
        }
        return i;
    }

    static int decodeReservationTags(final CommandSlot c, final UnsafeBuffer b, final int at, final int format, final Varints in)
    {
        final int present = b.getByte(at);
        int i = at + 1;
        if ((present & 1) != 0)
        {
            c.externalReference = decodeText(b, i, Limits.MAX_EXTERNAL_REFERENCE_BYTES);
            i += textLength(b, i);
        }
        if ((present & 2) != 0)
        {
            c.metadata = decodeText(b, i, Limits.MAX_METADATA_BYTES);
            i += textLength(b, i);
        }
        return i;
    }

    /** A text (a webhook's URL): as a code is, up to {@link Limits#MAX_WEBHOOK_URL_BYTES}. */
    static int encodeText(final CommandSlot c, final UnsafeBuffer b, final int at, final int format)
    {
        return encodeText(c.text, Limits.MAX_WEBHOOK_URL_BYTES, b, at);
    }

    static int decodeText(final CommandSlot c, final UnsafeBuffer b, final int at, final int format, final Varints in)
    {
        c.text = decodeText(b, at, Limits.MAX_WEBHOOK_URL_BYTES);
        return at + textLength(b, at);
    }

    /** Text of at most {@code maxBytes} of UTF-8: u16 length, then the bytes; or a marker in place of the length. */
    private static int encodeText(final String text, final int maxBytes, final UnsafeBuffer b, final int at)
    {
        if (text == null)
        {
            b.putShort(at, (short)NULL_CODE, LITTLE_ENDIAN);
            return at + 2;
        }
        final byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        // Over-long text was rejected; its rejection replays from a marker, not from the text.
        if (utf8.length > maxBytes)
        {
            b.putShort(at, (short)OVERLONG_CODE, LITTLE_ENDIAN);
            return at + 2;
        }
        // Text that is not valid Unicode was rejected too, and has no faithful UTF-8 form: a marker,
        // or replay would decode the replacement characters as valid text.
        if (!CodeText.survivesUtf8(text, utf8))
        {
            b.putShort(at, (short)INVALID_CODE, LITTLE_ENDIAN);
            return at + 2;
        }
        b.putShort(at, (short)utf8.length, LITTLE_ENDIAN);
        b.putBytes(at + 2, utf8);
        return at + 2 + utf8.length;
    }

    /** @return the text at {@code at}, or for a marker text that the same check rejects again. */
    private static String decodeText(final UnsafeBuffer b, final int at, final int maxBytes)
    {
        final int length = b.getShort(at, LITTLE_ENDIAN) & 0xFFFF;
        return switch (length)
        {
            case NULL_CODE -> null;
            case OVERLONG_CODE -> "x".repeat(maxBytes + 1);
            case INVALID_CODE -> CodeText.NOT_UNICODE;
            default -> b.getStringWithoutLengthUtf8(at + 2, length);
        };
    }

    /** @return the bytes the text at {@code at} takes: its length field, and its bytes unless it is a marker. */
    private static int textLength(final UnsafeBuffer b, final int at)
    {
        final int length = b.getShort(at, LITTLE_ENDIAN) & 0xFFFF;
        return length == NULL_CODE || length == OVERLONG_CODE || length == INVALID_CODE ? 2 : 2 + length;
    }

    /**
     * An order's lines: u8 count, u8 "too many lines", then per line its SKU and quantity: i32 and
     * i64 before format 6, variable-length integers from it.
     */
    static int encodeOrderLines(final CommandSlot c, final UnsafeBuffer b, final int at, final int format)
    {
        b.putByte(at, (byte)c.lineCount);
        b.putByte(at + 1, (byte)(c.tooManyLines ? 1 : 0));
        int i = at + 2;
        final boolean compact = format >= JournalCodec.FIRST_COMPACT_FORMAT;
        for (int line = 0; line < c.lineCount; line++)
        {
            if (compact)
            {
                i = Varints.putSigned(b, i, c.lineSku[line]);
                i = Varints.putSigned(b, i, c.lineQuantity[line]);
            }
            else
            {
                b.putInt(i, c.lineSku[line], LITTLE_ENDIAN);
                b.putLong(i + 4, c.lineQuantity[line], LITTLE_ENDIAN);
                i += 12;
            }
        }
        return i;
    }

    static int decodeOrderLines(final CommandSlot c, final UnsafeBuffer b, final int at, final int format, final Varints in)
    {
        final int lines = b.getByte(at) & 0xFF;
        c.tooManyLines = b.getByte(at + 1) != 0;
        int i = at + 2;
        final boolean compact = format >= JournalCodec.FIRST_COMPACT_FORMAT;
        for (int line = 0; line < lines; line++)
        {
            if (compact)
            {
                final int sku = (int)in.getSigned(b, i);
                i = in.end();
                final long quantity = in.getSigned(b, i);
                i = in.end();
                c.addLine(sku, quantity);
            }
            else
            {
                c.addLine(b.getInt(i, LITTLE_ENDIAN), b.getLong(i + 4, LITTLE_ENDIAN));
                i += 12;
            }
        }
        return i;
    }

    /**
     * What an order command decided: u8 state, the hold's expiry, u8 allocation count and per
     * allocation u8 line, location, SKU and quantity, u8 unfilled count and their u8 lines, u8
     * candidate count and per candidate its location, u8 verdict and distance in metres. The
     * integers that are not u8 are fixed-width (i64 expiry, i32 location and SKU, i64 quantity and
     * distance) before format 6, variable-length integers from it.
     */
    static int encodeRoutingOutcome(final CommandSlot c, final UnsafeBuffer b, final int at, final int format)
    {
        if (format < JournalCodec.FIRST_COMPACT_FORMAT)
        {
            return encodeFixedRoutingOutcome(c.routing, b, at);
        }
        final RoutingOutcome r = c.routing;
        b.putByte(at, (byte)(r.orderState() == null ? NONE : r.orderState().ordinal()));
        int i = Varints.putSigned(b, at + 1, r.expiresAt);
        b.putByte(i++, (byte)r.allocationCount);
        for (int a = 0; a < r.allocationCount; a++)
        {
            b.putByte(i++, (byte)r.allocationLine[a]);
            i = Varints.putSigned(b, i, r.allocationLocation[a]);
            i = Varints.putSigned(b, i, r.allocationSku[a]);
            i = Varints.putSigned(b, i, r.allocationQuantity[a]);
        }
        i = encodeUnfilled(r, b, i);
        b.putByte(i++, (byte)r.candidateCount);
        for (int k = 0; k < r.candidateCount; k++)
        {
            i = Varints.putSigned(b, i, r.candidateLocation[k]);
            b.putByte(i++, (byte)r.candidateReason(k).ordinal());
            i = Varints.putSigned(b, i, r.candidateDistance[k]);
        }
        return i;
    }

    static int decodeRoutingOutcome(final CommandSlot c, final UnsafeBuffer b, final int at, final int format, final Varints in)
    {
        if (format < JournalCodec.FIRST_COMPACT_FORMAT)
        {
            return decodeFixedRoutingOutcome(c.routing, b, at);
        }
        final RoutingOutcome r = c.routing;
        r.orderState(OrderState.fromOrdinal(b.getByte(at) & 0xFF));
        r.expiresAt = in.getSigned(b, at + 1);
        int i = in.end();
        final int allocations = b.getByte(i++) & 0xFF;
        for (int a = 0; a < allocations; a++)
        {
            final int line = b.getByte(i++) & 0xFF;
            final int location = (int)in.getSigned(b, i);
            i = in.end();
            final int sku = (int)in.getSigned(b, i);
            i = in.end();
            final long quantity = in.getSigned(b, i);
            i = in.end();
            r.addAllocation(line, location, sku, quantity);
        }
        i = decodeUnfilled(r, b, i);
        final int candidates = b.getByte(i++) & 0xFF;
        for (int k = 0; k < candidates; k++)
        {
            final int location = (int)in.getSigned(b, i);
            i = in.end();
            final RoutingReason reason = RoutingReason.fromOrdinal(b.getByte(i++));
            final long meters = in.getSigned(b, i);
            i = in.end();
            r.addCandidate(location, reason, meters);
        }
        return i;
    }

    /**
     * Formats 1 to 5's layout, apart from format 6's on purpose: one encoder for both, with a branch
     * on the format at each integer, routed 253K orders/s through the pipeline against 304K and 334K
     * with the two apart (two alternated runs of {@code RoutingBenchmark.routeThroughPipeline}, 2026-12-07).
     */
    private static int encodeFixedRoutingOutcome(final RoutingOutcome r, final UnsafeBuffer b, final int at)
    {
        b.putByte(at, (byte)(r.orderState() == null ? NONE : r.orderState().ordinal()));
        b.putLong(at + 1, r.expiresAt, LITTLE_ENDIAN);
        b.putByte(at + 9, (byte)r.allocationCount);
        int i = at + 10;
        for (int a = 0; a < r.allocationCount; a++)
        {
            b.putByte(i, (byte)r.allocationLine[a]);
            b.putInt(i + 1, r.allocationLocation[a], LITTLE_ENDIAN);
            b.putInt(i + 5, r.allocationSku[a], LITTLE_ENDIAN);
            b.putLong(i + 9, r.allocationQuantity[a], LITTLE_ENDIAN);
            i += 17;
        }
        i = encodeUnfilled(r, b, i);
        b.putByte(i++, (byte)r.candidateCount);
        for (int k = 0; k < r.candidateCount; k++)
        {
            b.putInt(i, r.candidateLocation[k], LITTLE_ENDIAN);
            b.putByte(i + 4, (byte)r.candidateReason(k).ordinal());
            b.putLong(i + 5, r.candidateDistance[k], LITTLE_ENDIAN);
            i += 13;
        }
        return i;
    }

    private static int decodeFixedRoutingOutcome(final RoutingOutcome r, final UnsafeBuffer b, final int at)
    {
        r.orderState(OrderState.fromOrdinal(b.getByte(at) & 0xFF));
        r.expiresAt = b.getLong(at + 1, LITTLE_ENDIAN);
        final int allocations = b.getByte(at + 9) & 0xFF;
        int i = at + 10;
        for (int a = 0; a < allocations; a++)
        {
            r.addAllocation(b.getByte(i) & 0xFF, b.getInt(i + 1, LITTLE_ENDIAN), b.getInt(i + 5, LITTLE_ENDIAN),
                b.getLong(i + 9, LITTLE_ENDIAN));
            i += 17;
        }
        i = decodeUnfilled(r, b, i);
        final int candidates = b.getByte(i++) & 0xFF;
        for (int k = 0; k < candidates; k++)
        {
            r.addCandidate(b.getInt(i, LITTLE_ENDIAN), RoutingReason.fromOrdinal(b.getByte(i + 4)),
                b.getLong(i + 5, LITTLE_ENDIAN));
            i += 13;
        }
        return i;
    }

    /** The unfilled lines, in every format: u8 count, then each line as a u8. */
    private static int encodeUnfilled(final RoutingOutcome r, final UnsafeBuffer b, final int at)
    {
        int i = at;
        b.putByte(i++, (byte)r.unfilledCount);
        for (int u = 0; u < r.unfilledCount; u++)
        {
            b.putByte(i++, (byte)r.unfilledLine[u]);
        }
        return i;
    }

    private static int decodeUnfilled(final RoutingOutcome r, final UnsafeBuffer b, final int at)
    {
        int i = at;
        final int unfilled = b.getByte(i++) & 0xFF;
        for (int u = 0; u < unfilled; u++)
        {
            r.addUnfilled(b.getByte(i++) & 0xFF);
        }
        return i;
    }

    /** A routing policy: u16 length, then its bytes (see PolicyCodec); a marker for a rejected one. */
    static int encodeRoutingPolicy(final CommandSlot c, final UnsafeBuffer b, final int at, final int format)
    {
        // A rejected policy may not even be serialisable; its rejection replays from a marker.
        if (c.reason != ReasonCode.OK)
        {
            b.putShort(at, (short)NULL_CODE, LITTLE_ENDIAN);
            return at + 2;
        }
        // A valid policy is a few KiB at most (see PolicyCodec), far below the 0xFFFF marker.
        final byte[] policy = PolicyCodec.toBytes(c.policy);
        b.putShort(at, (short)policy.length, LITTLE_ENDIAN);
        b.putBytes(at + 2, policy);
        return at + 2 + policy.length;
    }

    static int decodeRoutingPolicy(final CommandSlot c, final UnsafeBuffer b, final int at, final int format, final Varints in)
    {
        final int length = b.getShort(at, LITTLE_ENDIAN) & 0xFFFF;
        if (length == NULL_CODE)
        {
            c.policy = null;
            return at + 2;
        }
        final byte[] policy = new byte[length];
        b.getBytes(at + 2, policy);
        try
        {
            c.policy = PolicyCodec.fromBytes(policy);
        }
        catch (final java.io.IOException e)
        {
            throw new JournalException("record " + c.sequence + " holds an unreadable routing policy", e);
        }
        return at + 2 + length;
    }
}

package io.omnistock.core.journal;

import io.omnistock.api.AdjustmentReason;
import io.omnistock.api.AlertKind;
import io.omnistock.api.CommandType;
import io.omnistock.api.EventKind;
import io.omnistock.api.OrderState;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.command.OutputEvents;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Binary layout of journal records, format version {@link #FORMAT_VERSION}; see docs/journal-format.md.
 * Little-endian, a CRC32C over the record as its last four bytes. A record holds the command as
 * sequenced (input, sequence, timestamp) and everything it produced (reason and events), so one
 * append makes a command durable together with its decision.
 *
 * <p>Version 2 writes the fixed fields and the events as variable-length integers (zig-zag
 * LEB128): a single-line reservation takes about 52 bytes instead of version 1's 135, which made
 * appending 2.4 times faster. Version 1 (every field at a fixed width, in the same order) is still
 * read. Version 3 lays records out as version 2 does; what it adds is outside the record: each
 * record's frame names its format (see {@link #FRAME_FORMAT_SHIFT}), so a journal moves to a newer
 * format by appending in it, and its header names the logic version the journal starts in.
 * Version 4 adds one field after the command id: the fingerprint of the request that carried the
 * id (zig-zag LEB128; one byte when there is none), so an Idempotency-Key's check survives whatever
 * its command survives, with no file of its own. Version 5 adds a reservation's external reference
 * and metadata to its body.
 * Version 6 writes the integers of each command's body ({@link CommandRecordBody}: order fields,
 * order lines, the routing outcome) as variable-length integers too, where versions 1 to 5 wrote
 * them at fixed width: a 3-line order routed among 100 stores and then cancelled took 402 bytes in
 * version 5 and takes 260 in version 6 (see docs/benchmarks.md run 53); the copy of those bytes into
 * the journal's mapping, where each new cache line is a miss, was a fifth of the single writer's time.
 *
 * <p>Not thread-safe: one instance per thread, with its own scratch buffer.
 */
public final class JournalCodec
{
    /** "OMNISTOK" as a little-endian long: first field of every journal's header record. */
    public static final long MAGIC = 0x4B4F5453494E4D4FL;
    /** The version records are appended in, to new journals and to journals of older formats alike. */
    public static final int FORMAT_VERSION = 6;
    /** The oldest version still read. */
    public static final int OLDEST_VERSION = 1;
    /** The first format whose record frames name their format. */
    public static final int FIRST_TAGGED_FORMAT = 3;
    /** The first format whose command records carry a request fingerprint. */
    public static final int FIRST_FINGERPRINT_FORMAT = 4;
    /** The first format whose command bodies write their integers as variable-length integers. */
    public static final int FIRST_COMPACT_FORMAT = 6;
    /**
     * A record's frame is a little-endian u32: its length in the low 24 bits (records are at most
     * 128 KiB) and, from format 3 on, the record's format in the top 8. Formats 1 and 2 wrote the
     * bare length (top byte 0): such a record is in the format of the journal's header.
     */
    public static final int FRAME_FORMAT_SHIFT = 24;
    /** The length bits of a frame. */
    public static final int FRAME_LENGTH_MASK = (1 << FRAME_FORMAT_SHIFT) - 1;

    static final byte RECORD_HEADER = 1;
    static final byte RECORD_COMMAND = 2;
    private static final int NONE = 0xFF;
    /**
     * Large enough for a 64-line order re-routed in full, with replenishment events and its
     * explanation, in either version (a version 2 integer can take two bytes more than version 1's).
     */
    private static final int MAX_RECORD = 128 * 1024;
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    // Command record offsets that do not depend on the version; the other fields follow in order.
    private static final int TYPE = 1;
    private static final int SEQUENCE = 2;
    /** Where version 1's variable part starts: the fixed fields take 65 bytes. */
    private static final int V1_VARIABLE = 65;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MAX_RECORD]);
    private final CRC32C crc = new CRC32C();
    private int version = FORMAT_VERSION;
    /** Cursor of the field helpers, in the record being encoded or decoded. */
    private int pos;
    /** Reads this codec's variable-length integers, each in one pass. */
    private final Varints varints = new Varints();

    /**
     * Encodes and decodes in {@code formatVersion} from now on: the version of the journal being
     * read, or appended to.
     *
     * @throws JournalException if this build does not read that version.
     */
    public void useVersion(final int formatVersion)
    {
        if (formatVersion < OLDEST_VERSION || formatVersion > FORMAT_VERSION)
        {
            throw new JournalException("journal format version " + formatVersion + " is not supported: this build reads " +
                "formats " + OLDEST_VERSION + " to " + FORMAT_VERSION + (formatVersion > FORMAT_VERSION ?
                "; it was written by a newer build, run that build (or a later one)" : ""));
        }
        version = formatVersion;
    }

    public int version()
    {
        return version;
    }

    /**
     * @return the scratch buffer the last record was encoded into, or is to be decoded from.
     */
    public UnsafeBuffer buffer()
    {
        return buffer;
    }

    /**
     * Makes the next records encode straight into {@code array} at {@code offset} (a journal
     * writer's batch), instead of into the scratch buffer, saving a copy per record.
     */
    public void encodeInto(final byte[] array, final int offset)
    {
        buffer.wrap(array, offset, MAX_RECORD);
    }

    /**
     * @param logicVersion the logic version the journal starts in (format 3 on; formats 1 and 2
     *     have no field for it: their journals start in logic version 1).
     * @return the length of the header record now in {@link #buffer()}.
     */
    public int encodeHeader(final int logicVersion)
    {
        buffer.putByte(0, RECORD_HEADER);
        buffer.putLong(1, MAGIC, ORDER);
        buffer.putShort(9, (short)version, ORDER);
        if (version < FIRST_TAGGED_FORMAT)
        {
            return seal(11);
        }
        buffer.putShort(11, (short)logicVersion, ORDER);
        return seal(13);
    }

    /**
     * @return the length of the command record now in {@link #buffer()}.
     */
    public int encode(final CommandSlot c)
    {
        buffer.putByte(0, RECORD_COMMAND);
        buffer.putByte(TYPE, (byte)(c.type == null ? NONE : c.type.ordinal()));
        pos = SEQUENCE;
        putLong(c.sequence);
        putLong(c.timestamp);
        putLong(c.commandId);
        if (version >= FIRST_FINGERPRINT_FORMAT)
        {
            putLong(c.fingerprint);
        }
        putInt(c.location);
        putInt(c.toLocation);
        putInt(c.sku);
        putLong(c.quantity);
        putLong(c.reservationId);
        putByte(c.adjustmentReason == null ? NONE : c.adjustmentReason.ordinal());
        putShort(c.reason.code());
        putShort(c.originalReason.code());
        putInt(c.assignedId);
        final OutputEvents events = c.events;
        putShort(events.count());

        pos = CommandRecordBody.encode(c, buffer, pos, version);
        for (int i = 0; i < events.count(); i++)
        {
            events.moveTo(i);
            final EventKind kind = events.kind();
            putByte(kind.ordinal());
            putInt(events.location());
            putInt(events.sku());
            if (kind == EventKind.STOCK_CHANGED)
            {
                putLong(events.onHand());
                putLong(events.reserved());
                putLong(events.inTransit());
                putLong(events.safetyStock());
            }
            else if (kind == EventKind.RESERVATION_CHANGED || kind == EventKind.ALLOCATION_CHANGED)
            {
                putLong(events.idWord());
                putLong(events.heldWord());
            }
            else if (kind == EventKind.ORDER_CHANGED || kind == EventKind.CHANNEL_DEFINED)
            {
                putLong(events.idWord());
                putByte(events.orderState() == null ? NONE : events.orderState().ordinal());
            }
            else if (kind == EventKind.REPLENISHMENT_REQUESTED)
            {
                putLong(events.heldWord());
                putInt((int)events.idWord());
                putLong(events.onHand());
                putLong(events.reserved());
                putLong(events.inTransit());
                putLong(events.safetyStock());
            }
            else if (kind == EventKind.ALERT)
            {
                putByte(events.alertKind().ordinal());
            }
            else if (kind == EventKind.TRANSFER_CHANGED)
            {
                putLong(events.idWord());
                putLong(events.heldWord());
                putByte(events.flagsWord());
            }
            else if (kind == EventKind.LATERAL_TRANSFER_SUGGESTED)
            {
                putInt((int)events.idWord());
                putLong(events.heldWord());
            }
        }
        return seal(pos);
    }

    // Field helpers: version 1 writes each at its fixed width; version 2 writes integers zig-zag
    // encoded in 7-bit groups, least significant first, the high bit marking a group that follows.

    private void putByte(final int value)
    {
        buffer.putByte(pos++, (byte)value);
    }

    private void putShort(final int value)
    {
        if (version == 1)
        {
            buffer.putShort(pos, (short)value, ORDER);
            pos += Short.BYTES;
        }
        else
        {
            pos = Varints.putSigned(buffer, pos, value);
        }
    }

    private void putInt(final int value)
    {
        if (version == 1)
        {
            buffer.putInt(pos, value, ORDER);
            pos += Integer.BYTES;
        }
        else
        {
            pos = Varints.putSigned(buffer, pos, value);
        }
    }

    private void putLong(final long value)
    {
        if (version == 1)
        {
            buffer.putLong(pos, value, ORDER);
            pos += Long.BYTES;
        }
        else
        {
            pos = Varints.putSigned(buffer, pos, value);
        }
    }

    private int getByte()
    {
        return buffer.getByte(pos++);
    }

    /** @return the field as version 1 stored it: a signed short. */
    private int getShort()
    {
        if (version == 1)
        {
            final short value = buffer.getShort(pos, ORDER);
            pos += Short.BYTES;
            return value;
        }
        return (int)getVarintSigned();
    }

    private int getInt()
    {
        if (version == 1)
        {
            final int value = buffer.getInt(pos, ORDER);
            pos += Integer.BYTES;
            return value;
        }
        return (int)getVarintSigned();
    }

    private long getLong()
    {
        if (version == 1)
        {
            final long value = buffer.getLong(pos, ORDER);
            pos += Long.BYTES;
            return value;
        }
        return getVarintSigned();
    }

    private long getVarintSigned()
    {
        final long value = varints.getSigned(buffer, pos);
        pos = varints.end();
        return value;
    }

    private int seal(final int length)
    {
        crc.reset();
        crc.update(buffer.byteArray(), buffer.wrapAdjustment(), length);
        buffer.putInt(length, (int)crc.getValue(), ORDER);
        return length + Integer.BYTES;
    }

    /**
     * @param length bytes of the record in {@link #buffer()}.
     * @return whether the record's checksum matches its content.
     */
    public boolean checksumMatches(final int length)
    {
        return checksumMatches(buffer, 0, length);
    }

    /**
     * @return whether the {@code length} bytes at {@code offset} are a record whose CRC32C (its
     *     last four bytes) matches what comes before it.
     */
    boolean checksumMatches(final org.agrona.DirectBuffer bytes, final int offset, final int length)
    {
        if (length < 1 + Integer.BYTES || length > MAX_RECORD)
        {
            return false;
        }
        crc.reset();
        crc.update(bytes.byteArray(), offset, length - Integer.BYTES);
        return bytes.getInt(offset + length - Integer.BYTES, ORDER) == (int)crc.getValue();
    }

    public static int maxRecordLength()
    {
        return MAX_RECORD;
    }

    public boolean isHeader()
    {
        return buffer.getByte(0) == RECORD_HEADER;
    }

    public boolean isCommand()
    {
        return buffer.getByte(0) == RECORD_COMMAND;
    }

    public long headerMagic()
    {
        return buffer.getLong(1, ORDER);
    }

    public int headerVersion()
    {
        return buffer.getShort(9, ORDER) & 0xFFFF;
    }

    /**
     * @param length the header record's length.
     * @return the logic version the journal starts in, as its header names it; 1 for formats 1 and
     *     2, whose headers name none; -1 for a header too short to hold the field its format has.
     */
    public int headerLogicVersion(final int length)
    {
        if (headerVersion() < FIRST_TAGGED_FORMAT)
        {
            return 1;
        }
        return length < 13 + Integer.BYTES ? -1 : buffer.getShort(11, ORDER) & 0xFFFF;
    }

    public long sequence()
    {
        pos = SEQUENCE;
        return getLong();
    }

    /**
     * Decodes the command record in {@link #buffer()}: input, stamp and journaled outcome.
     */
    public void decode(final CommandSlot c)
    {
        c.clearInput();
        c.clearResult();
        final int typeCode = buffer.getByte(TYPE) & 0xFF;
        c.type = CommandType.fromOrdinal(typeCode);
        pos = SEQUENCE;
        c.sequence = getLong();
        if (c.type == null && typeCode != NONE)
        {
            // A command type added after this build: its body's layout is unknown here, so nothing
            // after it can be read. Refused by name rather than misread (docs/schema.md, Versions).
            throw new JournalException("journal record at sequence " + c.sequence + " is a command of type code " +
                typeCode + ", but this build knows type codes 0 to " + (CommandType.values().length - 1) +
                ": it was written by a newer build; run that build (or a later one)");
        }
        c.timestamp = getLong();
        c.commandId = getLong();
        if (version >= FIRST_FINGERPRINT_FORMAT)
        {
            c.fingerprint = getLong();
        }
        c.location = getInt();
        c.toLocation = getInt();
        c.sku = getInt();
        c.quantity = getLong();
        c.reservationId = getLong();
        c.adjustmentReason = AdjustmentReason.fromOrdinal(getByte() & 0xFF);
        c.reason = ReasonCode.fromCode(getShort());
        c.originalReason = ReasonCode.fromCode(getShort());
        c.assignedId = getInt();
        final int eventCount = getShort() & 0xFFFF;
        assert version != 1 || pos == V1_VARIABLE;

        pos = CommandRecordBody.decode(c, buffer, pos, version, varints);
        for (int i = 0; i < eventCount; i++)
        {
            final EventKind kind = EventKind.fromOrdinal(getByte());
            final int location = getInt();
            final int sku = getInt();
            if (kind == EventKind.STOCK_CHANGED)
            {
                c.events.addStock(location, sku, getLong(), getLong(), getLong(), getLong());
            }
            else if (kind == EventKind.RESERVATION_CHANGED)
            {
                c.events.addReservation(getLong(), location, sku, getLong());
            }
            else if (kind == EventKind.ALLOCATION_CHANGED)
            {
                c.events.addAllocation(getLong(), location, sku, getLong());
            }
            else if (kind == EventKind.ORDER_CHANGED)
            {
                c.events.addOrder(getLong(), OrderState.fromOrdinal(getByte() & 0xFF));
            }
            else if (kind == EventKind.CHANNEL_DEFINED)
            {
                c.events.addChannel((int)getLong());
                getByte();
            }
            else if (kind == EventKind.REPLENISHMENT_REQUESTED)
            {
                c.events.addReplenishment(location, sku, getLong(), getInt(), getLong(), getLong(), getLong(), getLong());
            }
            else if (kind == EventKind.REPLENISHMENT_CLOSED)
            {
                c.events.addReplenishmentClosed(location, sku);
            }
            else if (kind == EventKind.ALERT)
            {
                final AlertKind alert = AlertKind.fromOrdinal(getByte());
                if (alert == null)
                {
                    throw new JournalException("record " + c.sequence + " has an unknown alert kind");
                }
                c.events.addAlert(location, sku, alert);
            }
            else if (kind == EventKind.TRANSFER_CHANGED)
            {
                c.events.addTransfer(getLong(), location, sku, getLong(), getByte());
            }
            else if (kind == EventKind.LATERAL_TRANSFER_SUGGESTED)
            {
                c.events.addLateralSuggestion(location, sku, getInt(), getLong());
            }
            else if (kind != null)
            {
                c.events.addDefinition(kind, location, sku);
            }
            else
            {
                throw new JournalException("record " + c.sequence + " has an unknown event kind");
            }
        }
    }
}

package io.omnistock.cluster;

import io.omnistock.api.CommandType;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.command.CommandInputCodec;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.journal.JournalCodec;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The encoding of ingress messages: commands as their input fields only, several to a message.
 *
 * <pre>
 *   u8      version        {@link #VERSION}
 *   u8      kind           {@link #KIND_COMMANDS} or {@link #KIND_CHECKSUM}
 *   varint  batchId        the client's id for the message, echoed in a rejection
 *   commands only:
 *   varint  count          1 .. {@link #MAX_COMMANDS}
 *   count x (varint length, a command's input of that length)
 *   i32     crc            version 2: CRC32C of every byte before it, little-endian
 * </pre>
 *
 * A command's input is what the command schema's generated {@link CommandInputCodec} writes: its type,
 * id, fingerprint and its own fields, nothing the engine stamps or decides (see docs/cluster.md).
 * Version 1 messages (the first release's interim encoding: each command a journal command record
 * with placeholder stamp and outcome, after a u8 naming the record format) are still decoded, since
 * a cluster's log from before the change replays them; clients write version 2.
 *
 * <p>Decoding checks the whole message before any of it is applied: a message that is truncated,
 * oversize, of an unknown version or kind, with a bad count, a record that fails its checksum or
 * names a type a client may not send is refused whole, by the same rules on every member.
 * Not thread-safe.
 */
final class IngressCodec
{
    static final int VERSION = 2;
    /** The interim encoding of journal records, decoded only (a log written before version 2 replays). */
    static final int VERSION_JOURNAL_RECORDS = 1;
    static final int KIND_COMMANDS = 1;
    /** Asks each member for its applied sequence and state checksum, at one point of the log. */
    static final int KIND_CHECKSUM = 2;
    /** Refused beyond this: a bound on what one message makes every member decode and hold. */
    static final int MAX_MESSAGE_BYTES = 64 * 1024;
    static final int MAX_COMMANDS = 1024;
    /**
     * A version 2 message ends in a CRC32C of the rest: the cluster replicates and archives the bytes
     * as they are, and a damaged byte in an input would otherwise be a different, valid command
     * (version 1 had a CRC per command, in its journal records).
     */
    static final int CRC_BYTES = 4;

    private final JournalCodec codec = new JournalCodec();
    private final Wire wire = new Wire();
    private final Wire commandWire = new Wire();
    private final ExpandableArrayBuffer canonical = new ExpandableArrayBuffer(1024);
    private final Wire canonicalWire = new Wire();
    private final byte[] crcScratch = new byte[MAX_MESSAGE_BYTES];
    private final CRC32C crc = new CRC32C();
    private CommandSlot[] slots = new CommandSlot[0];
    private int count;
    private long batchId;
    private int kind;
    private ReasonCode rejection;

    /**
     * Decodes a message; on success {@link #count()} commands are in {@link #slot(int)}.
     *
     * @return whether the message is well formed; if not, {@link #rejection()} says why.
     */
    boolean decode(final DirectBuffer buffer, final int offset, final int length)
    {
        count = 0;
        batchId = 0;
        kind = 0;
        rejection = ReasonCode.MALFORMED_MESSAGE;
        if (length > MAX_MESSAGE_BYTES)
        {
            return false;
        }
        try
        {
            int parsed = length;
            if (length > 0 && (buffer.getByte(offset) & 0xFF) == VERSION)
            {
                if (length < 1 + CRC_BYTES || !crcMatches(buffer, offset, length))
                {
                    return false;
                }
                parsed = length - CRC_BYTES;
            }
            wire.readFrom(buffer, offset, parsed);
            final int version = wire.getByte();
            kind = wire.getByte();
            batchId = wire.getLong();
            if (version != VERSION && version != VERSION_JOURNAL_RECORDS)
            {
                return false;
            }
            if (kind == KIND_CHECKSUM)
            {
                return wire.remaining() == 0;
            }
            if (kind != KIND_COMMANDS)
            {
                return false;
            }
            return decodeCommands(buffer, version == VERSION_JOURNAL_RECORDS);
        }
        catch (final RuntimeException malformed)
        {
            // Truncated, or a record whose fields decode to nonsense: refused whole.
            count = 0;
            return false;
        }
    }

    /**
     * The commands of a message, in either version: a count, then each command as a length and that
     * many bytes, decoded by the version's own rule.
     */
    private boolean decodeCommands(final DirectBuffer buffer, final boolean journalRecords)
    {
        if (journalRecords)
        {
            final int format = wire.getByte();
            if (format < JournalCodec.FIRST_FINGERPRINT_FORMAT || format > JournalCodec.FORMAT_VERSION)
            {
                return false;
            }
            codec.useVersion(format);
        }
        final long commands = wire.getLong();
        if (commands < 1 || commands > MAX_COMMANDS)
        {
            return false;
        }
        ensureSlots((int)commands);
        for (int i = 0; i < commands; i++)
        {
            final long length = wire.getLong();
            if (length < 1 || length > wire.remaining())
            {
                return false;
            }
            final int at = wire.position();
            wire.skip((int)length);
            final CommandSlot slot = slots[i];
            if (!(journalRecords ? decodeRecord(buffer, at, (int)length, slot) : decodeInput(buffer, at, (int)length, slot)))
            {
                return false;
            }
            if (slot.type == CommandType.EXPIRE_HOLDS)
            {
                // The engine's own time signal, which a client may not send.
                rejection = ReasonCode.UNKNOWN_COMMAND;
                return false;
            }
        }
        if (wire.remaining() != 0)
        {
            return false;
        }
        count = (int)commands;
        return true;
    }

    /**
     * Version 2: a command's input. It must be exactly what a client's encoder writes for the
     * command it decodes to, so what is accepted depends on the message's bytes alone (an enum byte
     * out of range decodes to none, and would otherwise be accepted as 0xFF).
     */
    private boolean decodeInput(final DirectBuffer buffer, final int at, final int length, final CommandSlot slot)
    {
        if (CommandType.fromOrdinal(buffer.getByte(at) & 0xFF) == null)
        {
            // Well framed, but no command of this build: refused as such, like an engine would.
            rejection = ReasonCode.UNKNOWN_COMMAND;
            return false;
        }
        slot.clearInput();
        slot.clearResult();
        if (!CommandInputCodec.decode(commandWire.readFrom(buffer, at, length), slot) || commandWire.remaining() != 0)
        {
            return false;
        }
        final Wire out = canonicalWire.writeTo(canonical, 0);
        CommandInputCodec.encode(slot, out);
        return out.position() == length && sameBytes(canonical, buffer, at, length);
    }

    /**
     * Version 1: a journal command record with its input only. It must be exactly what a client's
     * encoder wrote for the command it decodes to: input fields, zero stamp, placeholder outcome, no
     * events. This also refuses a record whose fields claim more bytes than it has (decoding would
     * have read past it, into bytes that differ between members).
     */
    private boolean decodeRecord(final DirectBuffer buffer, final int at, final int length, final CommandSlot slot)
    {
        if (length > JournalCodec.maxRecordLength())
        {
            return false;
        }
        buffer.getBytes(at, codec.buffer(), 0, length);
        if (!codec.checksumMatches(length) || !codec.isCommand())
        {
            return false;
        }
        codec.decode(slot);
        if (encodeInput(codec, slot) != length || !sameBytes(codec.buffer(), buffer, at, length))
        {
            return false;
        }
        slot.clearResult();
        if (slot.type == null)
        {
            rejection = ReasonCode.UNKNOWN_COMMAND;
            return false;
        }
        return true;
    }

    /** @return whether {@code expected}'s first {@code length} bytes are the message's from {@code at}. */
    private static boolean sameBytes(final DirectBuffer expected, final DirectBuffer buffer, final int at, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (expected.getByte(i) != buffer.getByte(at + i))
            {
                return false;
            }
        }
        return true;
    }

    private boolean crcMatches(final DirectBuffer buffer, final int offset, final int length)
    {
        buffer.getBytes(offset, crcScratch, 0, length);
        crc.reset();
        crc.update(crcScratch, 0, length - CRC_BYTES);
        return buffer.getInt(offset + length - CRC_BYTES, ByteOrder.LITTLE_ENDIAN) == (int)crc.getValue();
    }

    /** Encodes the slot's input with placeholder stamp and outcome into the codec's buffer. */
    private static int encodeInput(final JournalCodec codec, final CommandSlot input)
    {
        input.clearResult();
        input.reason = ReasonCode.OK;
        input.originalReason = ReasonCode.OK;
        input.sequence = 0;
        input.timestamp = 0;
        return codec.encode(input);
    }

    private void ensureSlots(final int needed)
    {
        if (slots.length < needed)
        {
            final int from = slots.length;
            slots = Arrays.copyOf(slots, Math.max(needed, Math.min(MAX_COMMANDS, from * 2 + 16)));
            for (int i = from; i < slots.length; i++)
            {
                slots[i] = new CommandSlot();
            }
        }
    }

    int kind()
    {
        return kind;
    }

    long batchId()
    {
        return batchId;
    }

    int count()
    {
        return count;
    }

    CommandSlot slot(final int i)
    {
        return slots[i];
    }

    /** @return why the last message was refused. */
    ReasonCode rejection()
    {
        return rejection;
    }

    // ---- encoding, for clients ----

    /** A command's input as a message carries it; kept by a client to resend it. */
    static byte[] record(final CommandSlot input)
    {
        final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(256);
        final Wire out = new Wire().writeTo(scratch, 0);
        CommandInputCodec.encode(input, out);
        return Arrays.copyOf(scratch.byteArray(), out.position());
    }

    /** Builds one message of commands. */
    static final class Builder
    {
        private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(MAX_MESSAGE_BYTES);
        private final ExpandableArrayBuffer records = new ExpandableArrayBuffer(MAX_MESSAGE_BYTES);
        private final Wire wire = new Wire();
        private long batchId;
        private int count;
        private int recordsLength;

        void begin(final long batchId)
        {
            this.batchId = batchId;
            count = 0;
            recordsLength = 0;
        }

        /**
         * @return whether the record was added; false when the message is full (send it, begin another).
         */
        boolean add(final byte[] record)
        {
            if (count == MAX_COMMANDS ||
                headerBytes() + recordsLength + 5 + record.length + CRC_BYTES > MAX_MESSAGE_BYTES)
            {
                return false;
            }
            wire.writeTo(records, recordsLength).putLong(record.length);
            records.putBytes(wire.position(), record);
            recordsLength = wire.position() + record.length;
            count++;
            return true;
        }

        int count()
        {
            return count;
        }

        /** @return the message's length in {@link #buffer()}. */
        int finish()
        {
            wire.writeTo(buffer, 0);
            wire.putByte(VERSION);
            wire.putByte(KIND_COMMANDS);
            wire.putLong(batchId);
            wire.putLong(count);
            final int at = wire.position();
            buffer.putBytes(at, records, 0, recordsLength);
            return sealed(buffer, at + recordsLength);
        }

        private static int headerBytes()
        {
            return 2 + 10 + 1 + 3;
        }

        MutableDirectBuffer buffer()
        {
            return buffer;
        }
    }

    /** @return the length of a checksum request written into {@code buffer}. */
    static int checksumRequest(final MutableDirectBuffer buffer, final long batchId)
    {
        final Wire wire = new Wire().writeTo(buffer, 0);
        wire.putByte(VERSION);
        wire.putByte(KIND_CHECKSUM);
        wire.putLong(batchId);
        return sealed(buffer, wire.position());
    }

    /** Appends the CRC32C of the message's {@code end} bytes; @return the sealed message's length. */
    private static int sealed(final MutableDirectBuffer buffer, final int end)
    {
        final CRC32C crc = new CRC32C();
        if (buffer.byteArray() != null)
        {
            // The client's message buffer is on the heap: checksum it in place, no copy per message.
            crc.update(buffer.byteArray(), buffer.wrapAdjustment(), end);
        }
        else
        {
            final byte[] bytes = new byte[end];
            buffer.getBytes(0, bytes);
            crc.update(bytes, 0, end);
        }
        buffer.putInt(end, (int)crc.getValue(), ByteOrder.LITTLE_ENDIAN);
        return end + CRC_BYTES;
    }
}

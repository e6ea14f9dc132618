package io.omnistock.cluster;

import io.omnistock.api.CommandType;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.journal.JournalCodec;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.Arrays;

/**
 * The interim encoding of ingress messages (replaced by the command-schema issue's encoding):
 * commands as their input fields only, several to a message.
 *
 * <pre>
 *   u8      version        {@link #VERSION}
 *   u8      kind           {@link #KIND_COMMANDS} or {@link #KIND_CHECKSUM}
 *   varint  batchId        the client's id for the message, echoed in a rejection
 *   commands only:
 *   u8      recordFormat   the journal record format the commands are in (JournalCodec)
 *   varint  count          1 .. {@link #MAX_COMMANDS}
 *   count x (varint length, a journal command record of that length)
 * </pre>
 *
 * Each command is a journal command record (see docs/journal-format.md) with only its input set:
 * its sequence, time and outcome fields are zero placeholders the engine ignores, since the
 * engine stamps and decides. Reusing the journal's record encoding keeps one encoder for every
 * command type, with a CRC per command.
 *
 * <p>Decoding checks the whole message before any of it is applied: a message that is truncated,
 * oversize, of an unknown version or kind, with a bad count, a record that fails its checksum or
 * names a type a client may not send is refused whole, by the same rules on every member.
 * Not thread-safe.
 */
final class IngressCodec
{
    static final int VERSION = 1;
    static final int KIND_COMMANDS = 1;
    /** Asks each member for its applied sequence and state checksum, at one point of the log. */
    static final int KIND_CHECKSUM = 2;
    /** Refused beyond this: a bound on what one message makes every member decode and hold. */
    static final int MAX_MESSAGE_BYTES = 64 * 1024;
    static final int MAX_COMMANDS = 1024;

    private final JournalCodec codec = new JournalCodec();
    private final Wire wire = new Wire();
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
            wire.readFrom(buffer, offset, length);
            final int version = wire.getByte();
            kind = wire.getByte();
            batchId = wire.getLong();
            if (version != VERSION)
            {
                return false;
            }
            if (kind == KIND_CHECKSUM)
            {
                return wire.remaining() == 0;
            }
            return kind == KIND_COMMANDS && decodeCommands(buffer);
        }
        catch (final RuntimeException malformed)
        {
            // Truncated, or a record whose fields decode to nonsense: refused whole.
            count = 0;
            return false;
        }
    }

    private boolean decodeCommands(final DirectBuffer buffer)
    {
        final int format = wire.getByte();
        if (format < JournalCodec.FIRST_FINGERPRINT_FORMAT || format > JournalCodec.FORMAT_VERSION)
        {
            return false;
        }
        codec.useVersion(format);
        final long commands = wire.getLong();
        if (commands < 1 || commands > MAX_COMMANDS)
        {
            return false;
        }
        ensureSlots((int)commands);
        for (int i = 0; i < commands; i++)
        {
            final long recordLength = wire.getLong();
            if (recordLength < 1 || recordLength > wire.remaining() || recordLength > JournalCodec.maxRecordLength())
            {
                return false;
            }
            final int at = wire.position();
            wire.skip((int)recordLength);
            buffer.getBytes(at, codec.buffer(), 0, (int)recordLength);
            if (!codec.checksumMatches((int)recordLength) || !codec.isCommand())
            {
                return false;
            }
            final CommandSlot slot = slots[i];
            codec.decode(slot);
            if (!canonical(slot, buffer, at, (int)recordLength))
            {
                return false;
            }
            if (slot.type == null || slot.type == CommandType.EXPIRE_HOLDS)
            {
                // No type, or the engine's own time signal, which a client may not send.
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
     * Whether the record is exactly what a client's encoder writes for the command it decoded to:
     * input fields, zero stamp, placeholder outcome, no events. This also refuses a record whose
     * fields claim more bytes than it has (decoding would have read past it, into bytes that
     * differ between members), so what is accepted depends on the message's bytes alone.
     */
    private boolean canonical(final CommandSlot slot, final DirectBuffer buffer, final int at, final int length)
    {
        final int encoded = encodeInput(codec, slot);
        if (encoded != length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (codec.buffer().getByte(i) != buffer.getByte(at + i))
            {
                return false;
            }
        }
        slot.clearResult();
        return true;
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

    /**
     * A command's input as the record a message carries; kept by a client to resend it.
     * Changes the slot's result fields (cleared).
     */
    static byte[] record(final JournalCodec codec, final CommandSlot input)
    {
        final int length = encodeInput(codec, input);
        return Arrays.copyOf(codec.buffer().byteArray(), length);
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
            if (count == MAX_COMMANDS || headerBytes() + recordsLength + 5 + record.length > MAX_MESSAGE_BYTES)
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
            wire.putByte(JournalCodec.FORMAT_VERSION);
            wire.putLong(count);
            final int at = wire.position();
            buffer.putBytes(at, records, 0, recordsLength);
            return at + recordsLength;
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
        return wire.position();
    }
}

package io.omnistock.cluster;

import io.omnistock.api.CommandType;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.command.CommandInputCodec;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.journal.JournalCodec;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.IntSupplier;
import java.util.function.ToIntFunction;
import java.util.zip.CRC32C;

import static io.omnistock.cluster.IngressCodec.CRC_BYTES;
import static io.omnistock.cluster.IngressCodec.KIND_CHECKSUM;
import static io.omnistock.cluster.IngressCodec.KIND_COMMANDS;
import static io.omnistock.cluster.IngressCodec.MAX_COMMANDS;
import static io.omnistock.cluster.IngressCodec.MAX_MESSAGE_BYTES;
import static io.omnistock.cluster.IngressCodec.VERSION;
import static io.omnistock.cluster.IngressCodec.VERSION_JOURNAL_RECORDS;

/**
 * A member's side of the ingress: decodes a message ({@link IngressCodec} describes the encoding)
 * into the ring slots the member's state machine applies.
 *
 * <p>Decoding checks the whole message before any of it is applied: a message that is truncated,
 * oversize, of an unknown version or kind, with a bad count, a record that fails its checksum or
 * names a type a client may not send is refused whole, by the same rules on every member.
 * So is a message holding a command newer than the replicated state's logic version
 * ({@link CommandType#firstLogicVersion()}): during a rolling upgrade the members of the older
 * build refuse that command's type here as unknown, so the members of the new build must refuse it
 * here too, before the engine sequences anything (a refusal the engine decided would take a
 * sequence, and the state's checksum holds the last one).
 * Not thread-safe.
 */
final class IngressDecoder
{
    private final IntSupplier logicVersion;
    private final ToIntFunction<CommandType> firstLogicVersion;
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
    /** The last {@link ReasonCode#LOGIC_TOO_OLD_FOR_COMMAND} refusal: the command, its first logic version, the state's. */
    private CommandType newerCommand;
    private int newerCommandFirstLogic;
    private int refusedAtLogic;

    /**
     * @param logicVersion the replicated state's logic version, read as each message is decoded: the
     *     same on every member at that point of the log.
     * @param firstLogicVersion each command type's first logic version: the schema's
     *     ({@link CommandType#firstLogicVersion()}), or a test's stand-in (no command of this build has
     *     one above 1 yet).
     */
    IngressDecoder(final IntSupplier logicVersion, final ToIntFunction<CommandType> firstLogicVersion)
    {
        this.logicVersion = logicVersion;
        this.firstLogicVersion = firstLogicVersion;
    }

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
        final int logic = logicVersion.getAsInt();
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
            final int first = firstLogicVersion.applyAsInt(slot.type);
            if (first > logic)
            {
                rejection = ReasonCode.LOGIC_TOO_OLD_FOR_COMMAND;
                newerCommand = slot.type;
                newerCommandFirstLogic = first;
                refusedAtLogic = logic;
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
        input.clearOutcome();
        input.decide(ReasonCode.OK, ReasonCode.OK);
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

    /**
     * @return for a message refused {@link ReasonCode#LOGIC_TOO_OLD_FOR_COMMAND}, a sentence naming the
     *     command, its first logic version and the cluster's, which the reply's reason code cannot carry.
     */
    String newerCommandMessage()
    {
        return "ingress message " + batchId + " refused whole: " + newerCommand + " is accepted from logic version " +
            newerCommandFirstLogic + ", but the cluster is at logic version " + refusedAtLogic +
            "; raise it (UPGRADE_LOGIC) once every member runs a build that knows " + newerCommand;
    }
}

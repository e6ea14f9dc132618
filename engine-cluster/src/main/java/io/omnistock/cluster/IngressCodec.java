package io.omnistock.cluster;

import io.omnistock.api.Command;
import io.omnistock.core.command.CommandEncoder;
import io.omnistock.core.command.CommandInputCodec;
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
 * <p>This is the clients' side, which needs no ring slot: a command is encoded through engine-core's
 * {@link CommandEncoder}. A member decodes with {@link IngressDecoder}, into its slots.
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

    private IngressCodec()
    {
    }

    /**
     * Encodes commands as a message carries them, reusing one encoder and one scratch buffer: what
     * it allocates per command is the record a client keeps until the command is answered, to
     * resend it (and a code's bytes, inside the encoding). One per encoding thread.
     */
    static final class Encoder
    {
        private final CommandEncoder command = new CommandEncoder();
        private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(256);
        private final Wire wire = new Wire();

        /** Describes {@code c}, replacing the previous command; @return it, for its type and id. */
        CommandEncoder write(final Command c)
        {
            return command.write(c);
        }

        /** @return the input of the command last written, as a message carries it. */
        byte[] record()
        {
            command.encode(wire.writeTo(scratch, 0));
            return Arrays.copyOf(scratch.byteArray(), wire.position());
        }
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

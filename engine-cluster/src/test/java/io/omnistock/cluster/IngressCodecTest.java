package io.omnistock.cluster;

import io.omnistock.api.CommandType;
import io.omnistock.api.Commands;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.journal.JournalCodec;
import io.omnistock.core.state.LogicVersion;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IngressCodecTest
{
    @Test
    void aMessageCarriesEachCommandsInputAndNothingElse()
    {
        final byte[] message = Messages.commands(7, List.of(Commands.receive(500, 1, 2, 5),
            Commands.defineSku(501, "SKU-9", io.omnistock.api.StockUnit.PIECE)));
        final IngressDecoder codec = new IngressDecoder(() -> LogicVersion.LATEST, CommandType::firstLogicVersion);
        assertTrue(codec.decode(new UnsafeBuffer(message), 0, message.length));
        assertEquals(7, codec.batchId());
        assertEquals(2, codec.count());
        final CommandSlot receive = codec.slot(0);
        assertEquals(CommandType.RECEIVE, receive.type);
        assertEquals(500, receive.commandId);
        assertEquals(5, receive.quantity);
        assertEquals(0, receive.sequence, "the engine stamps; a message carries no stamp");
        assertEquals("SKU-9", codec.slot(1).code);
    }

    @Test
    void aDamagedByteFailsTheMessagesChecksum()
    {
        final byte[] message = Messages.commands(7, List.of(Commands.receive(500, 1, 2, 5)));
        // The quantity's varint: flipped, it would still be a valid receipt of another quantity.
        message[message.length - IngressCodec.CRC_BYTES - 1] ^= 0x02;
        final IngressDecoder codec = new IngressDecoder(() -> LogicVersion.LATEST, CommandType::firstLogicVersion);
        assertFalse(codec.decode(new UnsafeBuffer(message), 0, message.length));
        assertEquals(ReasonCode.MALFORMED_MESSAGE, codec.rejection());
    }

    @Test
    void aCommandThatWroteNothingIsAnUnknownCommand()
    {
        final byte[] message = Messages.commands(9, List.of(writer -> { }));
        final IngressDecoder codec = new IngressDecoder(() -> LogicVersion.LATEST, CommandType::firstLogicVersion);
        assertFalse(codec.decode(new UnsafeBuffer(message), 0, message.length));
        assertEquals(ReasonCode.UNKNOWN_COMMAND, codec.rejection());
    }

    /** A cluster log written before version 2 replays: its messages still decode. */
    @Test
    void aVersionOneMessageOfJournalRecordsStillDecodes()
    {
        final JournalCodec journal = new JournalCodec();
        final CommandSlot input = new CommandSlot();
        Commands.reserve(600, 42, 1, 2, 3).writeTo(input);
        input.fingerprint(99);
        input.clearResult();
        input.reason = ReasonCode.OK;
        input.originalReason = ReasonCode.OK;
        final int recordLength = journal.encode(input);

        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final Wire wire = new Wire().writeTo(buffer, 0);
        wire.putByte(IngressCodec.VERSION_JOURNAL_RECORDS);
        wire.putByte(IngressCodec.KIND_COMMANDS);
        wire.putLong(8);
        wire.putByte(JournalCodec.FORMAT_VERSION);
        wire.putLong(1);
        wire.putLong(recordLength);
        buffer.putBytes(wire.position(), journal.buffer(), 0, recordLength);
        final int length = wire.position() + recordLength;

        final IngressDecoder codec = new IngressDecoder(() -> LogicVersion.LATEST, CommandType::firstLogicVersion);
        assertTrue(codec.decode(buffer, 0, length));
        final CommandSlot reserve = codec.slot(0);
        assertEquals(CommandType.RESERVE, reserve.type);
        assertEquals(600, reserve.commandId);
        assertEquals(99, reserve.fingerprint);
        assertEquals(42, reserve.reservationId);
        assertEquals(3, reserve.quantity);
    }
}

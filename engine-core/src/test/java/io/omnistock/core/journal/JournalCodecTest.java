package io.omnistock.core.journal;

import io.omnistock.api.CommandType;
import io.omnistock.api.EventView;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.command.CommandSlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Records in each format version this build reads: sizes, and extreme values both ways. */
class JournalCodecTest
{
    /** A reservation as the business logic leaves it: accepted, with its two events. */
    private static CommandSlot reservation(final CommandSlot slot)
    {
        slot.clearInput();
        slot.reserve(1_000_001, 500_001, 37, 812, 1);
        slot.clearResult();
        slot.sequence = 2_000_000;
        slot.timestamp = 1_795_000_000_000L;
        slot.reason = ReasonCode.OK;
        slot.originalReason = ReasonCode.OK;
        slot.events.addReservation(500_001, 37, 812, 1);
        slot.events.addStock(37, 812, 1L << 30, 1, 0, 0);
        return slot;
    }

    @Test
    void version2WritesAReservationInLessThanHalfTheBytesOfVersion1()
    {
        final JournalCodec codec = new JournalCodec();
        final CommandSlot slot = reservation(new CommandSlot());
        assertEquals(JournalCodec.FORMAT_VERSION, codec.version());
        final int compact = codec.encode(slot);
        codec.useVersion(1);
        assertEquals(135, codec.encode(slot), "version 1: 65 fixed bytes, events of 25 and 41, a CRC");
        assertEquals(54, compact, "version 5: version 4's 53 bytes and a byte for no reference or metadata");
        codec.useVersion(4);
        assertEquals(53, codec.encode(slot), "version 4: version 2's 52 bytes and a byte for no request fingerprint");
        codec.useVersion(2);
        assertEquals(52, codec.encode(slot));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 5})
    void extremeValuesSurviveTheRoundTrip(final int version)
    {
        final JournalCodec codec = new JournalCodec();
        codec.useVersion(version);
        final CommandSlot slot = new CommandSlot();
        slot.clearInput();
        slot.receive(Long.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE);
        slot.fingerprint(Long.MIN_VALUE);
        slot.clearResult();
        slot.sequence = Long.MAX_VALUE;
        slot.timestamp = -1;
        slot.reason = ReasonCode.OK;
        slot.originalReason = ReasonCode.DUPLICATE_COMMAND;
        slot.assignedId = -1;
        slot.events.addStock(-1, Integer.MIN_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, -1, 0);
        slot.events.addTransfer(Long.MIN_VALUE, 0, -1, Long.MAX_VALUE, -2);
        slot.events.addReplenishment(1, 2, -3, Integer.MIN_VALUE, 4, -5, 6, Long.MIN_VALUE);
        final int length = codec.encode(slot);
        assertTrue(codec.checksumMatches(length));
        assertEquals(Long.MAX_VALUE, codec.sequence());

        final CommandSlot read = new CommandSlot();
        codec.decode(read);
        assertEquals(CommandType.RECEIVE, read.type);
        assertEquals(Long.MIN_VALUE, read.commandId);
        assertEquals(version >= JournalCodec.FIRST_FINGERPRINT_FORMAT ? Long.MIN_VALUE : 0, read.fingerprint,
            "formats before 4 have no fingerprint");
        assertEquals(Integer.MAX_VALUE, read.location);
        assertEquals(Integer.MIN_VALUE, read.sku);
        assertEquals(Long.MAX_VALUE, read.quantity);
        assertEquals(Long.MAX_VALUE, read.sequence);
        assertEquals(-1, read.timestamp);
        assertEquals(ReasonCode.DUPLICATE_COMMAND, read.originalReason);
        assertEquals(-1, read.assignedId);
        assertEquals(3, read.events.count());
        final EventView stock = read.events.moveTo(0);
        assertEquals(-1, stock.location());
        assertEquals(Integer.MIN_VALUE, stock.sku());
        assertEquals(Long.MIN_VALUE, stock.onHand());
        assertEquals(Long.MAX_VALUE, stock.reserved());
        assertEquals(-1, stock.inTransit());
        final EventView transfer = read.events.moveTo(1);
        assertEquals(Long.MIN_VALUE, transfer.transferId());
        assertEquals(Long.MAX_VALUE, transfer.quantity());
        assertEquals(-2, transfer.transferState());
        final EventView request = read.events.moveTo(2);
        assertEquals(-3, request.quantity());
        assertEquals(Integer.MIN_VALUE, request.sourceLocation());
        assertEquals(Long.MIN_VALUE, request.safetyStock());

        // Re-encoding what was read gives the same bytes: replay verification relies on it.
        final JournalCodec again = new JournalCodec();
        again.useVersion(version);
        assertEquals(length, again.encode(read));
        assertTrue(Arrays.equals(codec.buffer().byteArray(), 0, length, again.buffer().byteArray(), 0, length));
    }

    @Test
    void unknownVersionsAreRefusedByName()
    {
        final JournalCodec codec = new JournalCodec();
        final String newer = assertThrows(JournalException.class, () -> codec.useVersion(JournalCodec.FORMAT_VERSION + 1))
            .getMessage();
        assertTrue(newer.contains("journal format version " + (JournalCodec.FORMAT_VERSION + 1) + " is not supported") &&
            newer.contains("formats 1 to " + JournalCodec.FORMAT_VERSION) && newer.contains("newer build"), newer);
        assertThrows(JournalException.class, () -> codec.useVersion(0));
    }
}

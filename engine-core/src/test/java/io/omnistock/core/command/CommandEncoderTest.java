package io.omnistock.core.command;

import io.omnistock.api.Command;
import io.omnistock.api.CommandType;
import io.omnistock.api.Commands;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The slot-less encoder of a command's input (the cluster clients'): the codec's bytes, and no garbage. */
class CommandEncoderTest
{
    private static final int ROUNDS = 20_000;

    @Test
    void everyCommandTypeEncodesToTheBytesOfItsSlot()
    {
        final CommandEncoder encoder = new CommandEncoder();
        // The previous command written into the encoder must leave nothing in the next one's bytes.
        encoder.write(Commands.reserveWithReference(99, 98, 97, 96, 95, "left-over", "{}"));
        for (final Map.Entry<CommandType, Command> e : CommandInputCodecTest.oneOfEach().entrySet())
        {
            final CommandSlot slot = new CommandSlot();
            e.getValue().writeTo(slot);
            final CommandInputCodecTest.Bytes fromSlot = new CommandInputCodecTest.Bytes();
            CommandInputCodec.encode(slot, fromSlot);

            final CommandInputCodecTest.Bytes fromEncoder = new CommandInputCodecTest.Bytes();
            encoder.write(e.getValue()).encode(fromEncoder);
            assertEquals(e.getKey(), encoder.type());
            assertEquals(slot.commandId, encoder.commandId(), e.getKey().name());
            assertArrayEquals(fromSlot.toByteArray(), fromEncoder.toByteArray(), e.getKey().name());
        }
    }

    @Test
    void aCommandThatWritesNothingHasNoType()
    {
        final CommandEncoder encoder = new CommandEncoder();
        encoder.write(Commands.receive(1, 2, 3, 4));
        assertNull(encoder.write(writer -> { }).type());
        assertEquals(0, encoder.commandId());
    }

    @Test
    void encodingACommandAllocatesNothingInSteadyState()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        final Command[] commands = {
            Commands.receive(1, 2, 3, 1_000), Commands.reserve(2, 77, 2, 3, 5), Commands.release(3, 77, 5) };
        final CommandEncoder encoder = new CommandEncoder();
        final CommandInputCodecTest.Bytes out = new CommandInputCodecTest.Bytes();
        long before = 0;
        long ids = 0;
        for (int i = 0; i < 2 * ROUNDS; i++)
        {
            if (i == ROUNDS)
            {
                before = threads.getThreadAllocatedBytes(thread);
            }
            ids += encoder.write(commands[i % commands.length]).commandId();
            encoder.encode(out.clear());
        }
        final long allocated = threads.getThreadAllocatedBytes(thread) - before;
        // 40,000 commands with ids 1, 2, 3 in turn: 13,333 rounds of 6, then one more 1.
        assertEquals(13_333L * 6 + 1, ids, "every command was written");
        // Whole bytes per command: a stray allocation of the counter or the JIT rounds to 0.
        assertEquals(0, allocated / ROUNDS, "bytes allocated per command encoded: " + allocated + " in " + ROUNDS);
    }
}

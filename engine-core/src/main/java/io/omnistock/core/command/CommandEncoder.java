package io.omnistock.core.command;

import io.omnistock.api.Command;
import io.omnistock.api.CommandType;

/**
 * Encodes a command's input as a message carries it to an engine (the cluster's ingress), for a
 * client that has no ring slot: {@link #write} a command, read its {@link #type()} and
 * {@link #commandId()}, then {@link #encode} it into a byte cursor. The bytes are the generated
 * {@link CommandInputCodec}'s, the ones an engine's decoder reads back into its own slot.
 *
 * <p>Reused from command to command: it holds one input and allocates nothing per command (a
 * code's or routing policy's bytes aside, which the encoding of a string needs). Not thread-safe:
 * one per encoding thread.
 */
public final class CommandEncoder
{
    /**
     * The slot is the one writer of every form of {@link io.omnistock.api.CommandWriter} (the
     * schema's and the hand-written ones, such as {@code setTierPolicy}); only its input is used and
     * it never leaves this encoder.
     */
    private final CommandSlot input = new CommandSlot();

    /**
     * Describes {@code command} into this encoder, replacing the previous one; a command that writes
     * nothing leaves no type ({@link #type()} null), which the engine refuses as an unknown command.
     *
     * @return this, to read or encode.
     */
    public CommandEncoder write(final Command command)
    {
        input.clearInput();
        command.writeTo(input);
        return this;
    }

    /** @return the written command's type, or null if it wrote none. */
    public CommandType type()
    {
        return input.type;
    }

    /** @return the written command's id. */
    public long commandId()
    {
        return input.commandId;
    }

    /** Writes the command's input (type, id, fingerprint and its own fields) to {@code out}. */
    public void encode(final InputHooks.Sink out)
    {
        CommandInputCodec.encode(input, out);
    }
}

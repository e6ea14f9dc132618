package io.omnistock.core.command;

import io.omnistock.api.Limits;
import io.omnistock.api.RoutingPolicy;
import io.omnistock.core.state.PolicyCodec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The parts of a command's input that are more than an integer or an enum, for the generated
 * {@link CommandInputCodec}, and the byte cursor it writes to and reads from (a message encoder's
 * own, such as the cluster's wire cursor).
 */
public final class InputHooks
{
    /** Where an input is written: integers as zig-zag varints, bytes as they are. */
    public interface Sink
    {
        void putByte(int value);

        void putLong(long value);

        void putBytes(byte[] bytes);
    }

    /** Where an input is read from; a read past the end throws. */
    public interface Source
    {
        /** @return the next byte, 0 to 255. */
        int getByte();

        long getLong();

        /** @return the next {@code length} bytes; throws when fewer are left. */
        byte[] getBytes(int length);
    }

    /** Length of a null code or policy. */
    private static final int NULL = -1;
    /**
     * Length of a code that is not valid Unicode (the engine rejects it as CODE_INVALID): it has no
     * faithful UTF-8 form, and decoding the bytes getBytes would give yields another, valid, code.
     */
    private static final int INVALID_CODE = -2;

    private InputHooks()
    {
    }

    static void encodeCode(final String code, final Sink out)
    {
        if (code == null)
        {
            out.putLong(NULL);
            return;
        }
        final byte[] utf8 = code.getBytes(StandardCharsets.UTF_8);
        if (!CodeText.survivesUtf8(code, utf8))
        {
            out.putLong(INVALID_CODE);
            return;
        }
        out.putLong(utf8.length);
        out.putBytes(utf8);
    }

    static String decodeCode(final Source in)
    {
        final long length = in.getLong();
        if (length == NULL)
        {
            return null;
        }
        if (length == INVALID_CODE)
        {
            return CodeText.NOT_UNICODE;
        }
        // An over-long code is refused by the engine (CODE_TOO_LONG); a length beyond what any
        // message holds is a malformed message, refused before the bytes are asked for.
        if (length < 0 || length > Limits.MAX_CODE_BYTES * 64L)
        {
            throw new IllegalArgumentException("code length " + length);
        }
        return new String(in.getBytes((int)length), StandardCharsets.UTF_8);
    }

    static void encodePolicy(final RoutingPolicy policy, final Sink out)
    {
        if (policy == null)
        {
            out.putLong(NULL);
            return;
        }
        final byte[] bytes = PolicyCodec.toBytes(policy);
        out.putLong(bytes.length);
        out.putBytes(bytes);
    }

    static RoutingPolicy decodePolicy(final Source in)
    {
        final long length = in.getLong();
        if (length == NULL)
        {
            return null;
        }
        if (length < 0 || length > 0xFFFF)
        {
            throw new IllegalArgumentException("policy length " + length);
        }
        try
        {
            return PolicyCodec.fromBytes(in.getBytes((int)length));
        }
        catch (final IOException e)
        {
            throw new IllegalArgumentException("unreadable routing policy", e);
        }
    }

    /** Order lines: count, "too many lines" as a byte, then SKU and quantity per line. */
    static void encodeLines(final CommandInput c, final Sink out)
    {
        out.putLong(c.lineCount);
        out.putByte(c.tooManyLines ? 1 : 0);
        for (int i = 0; i < c.lineCount; i++)
        {
            out.putLong(c.lineSku[i]);
            out.putLong(c.lineQuantity[i]);
        }
    }

    static void decodeLines(final Source in, final CommandInput c)
    {
        final long lines = in.getLong();
        if (lines < 0 || lines > Limits.MAX_ORDER_LINES)
        {
            throw new IllegalArgumentException("line count " + lines);
        }
        final boolean tooMany = in.getByte() != 0;
        for (int i = 0; i < lines; i++)
        {
            c.addLine((int)in.getLong(), in.getLong());
        }
        c.tooManyLines = tooMany;
    }
}

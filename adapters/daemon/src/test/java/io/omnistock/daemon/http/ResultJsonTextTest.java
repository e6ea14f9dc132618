package io.omnistock.daemon.http;

import com.fasterxml.jackson.core.io.SerializedString;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The answer's times and command ids, written without escaping, read exactly as the formatters write them. */
class ResultJsonTextTest
{
    /** {@code field} in an object of its own, as an answer's generator writes it. */
    private static String json(final JsonLayoutCorpusTest.Encoding field) throws IOException
    {
        return JsonLayoutCorpusTest.json(g ->
        {
            g.writeStartObject();
            field.write(g);
            g.writeEndObject();
        });
    }

    @Test
    void anAnswerBufferGrowsAndGivesBackExactlyWhatWasWritten()
    {
        final AnswerBytes bytes = new AnswerBytes(4);
        final byte[] written = new byte[10_000];
        new SplittableRandom(3).nextBytes(written);
        bytes.write(written[0]);
        bytes.write(written, 1, 5_000);
        bytes.write(written, 5_001, written.length - 5_001);
        assertArrayEquals(written, bytes.toByteArray());
        bytes.reset();
        bytes.write(written, 7, 3);
        assertArrayEquals(new byte[] {written[7], written[8], written[9]}, bytes.toByteArray(), "after a reset, only the new bytes");
    }

    @Test
    void answersFollowEachOtherOnOneGeneratorAndOneThatFailsHalfWrittenLeavesNoTrace()
    {
        for (int i = 0; i < 3; i++)
        {
            final int n = i;
            assertEquals("{\"n\":" + n + ",\"list\":[{\"a\":true}]}", new String(Writes.encode(g ->
            {
                g.writeStartObject();
                g.writeNumberField("n", n);
                g.writeArrayFieldStart("list");
                g.writeStartObject();
                g.writeBooleanField("a", true);
                g.writeEndObject();
                g.writeEndArray();
                g.writeEndObject();
            }), StandardCharsets.UTF_8), "answer " + i + ": only its own bytes, no separator");
        }
        assertThrows(IllegalStateException.class, () -> Writes.encode(g ->
        {
            g.writeStartObject();
            g.writeArrayFieldStart("half");
            throw new IOException("the answer fails half written");
        }));
        assertEquals("{\"after\":1}", new String(Writes.encode(g ->
        {
            g.writeStartObject();
            g.writeNumberField("after", 1);
            g.writeEndObject();
        }), StandardCharsets.UTF_8), "the next answer starts at the top level, with nothing of the failed one");
    }

    @Test
    void commandIdsAreUnsignedDecimalText() throws IOException
    {
        final long[] edges = {0, 1, 9, 10, Long.MAX_VALUE, Long.MIN_VALUE, -1, -10, -11, 1234567890123456789L};
        for (final long id : edges)
        {
            assertEquals("{\"commandId\":\"" + Long.toUnsignedString(id) + "\"}",
                json(g -> ResultJson.unsignedText(g, new SerializedString("commandId"), id)));
        }
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++)
        {
            final long id = random.nextLong();
            assertEquals("{\"commandId\":\"" + Long.toUnsignedString(id) + "\"}",
                json(g -> ResultJson.unsignedText(g, new SerializedString("commandId"), id)));
        }
    }

    @Test
    void timesAreWhatInstantWrites() throws IOException
    {
        final long[] edges = {0, 1, 999, 1_000, -1, 1_765_000_000_000L, 1_765_000_000_250L,
            Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli(),
            Instant.parse("+10000-01-01T00:00:00Z").toEpochMilli(),
            Instant.parse("-0001-06-01T00:00:00Z").toEpochMilli()};
        for (final long at : edges)
        {
            assertEquals("{\"timestamp\":\"" + Instant.ofEpochMilli(at) + "\"}",
                json(g -> ResultJson.instant(g, new SerializedString("timestamp"), at)));
        }
        final SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 10_000; i++)
        {
            final long at = random.nextLong(-62_000_000_000_000L, 260_000_000_000_000L);
            assertEquals("{\"timestamp\":\"" + Instant.ofEpochMilli(at) + "\"}",
                json(g -> ResultJson.instant(g, new SerializedString("timestamp"), at)));
        }
    }
}

package io.omnistock.daemon.http;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** One thread's encoder, kept between answers: each answer is exactly its own bytes, whatever came before. */
class WritesEncoderTest
{
    private static String text(final byte[] bytes)
    {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void answersOneAfterAnotherAreEachTheirOwnBytes()
    {
        final Writes.Encoder encoder = new Writes.Encoder();
        for (int i = 0; i < 1_000; i++)
        {
            final int n = i;
            assertEquals("{\"n\":" + n + ",\"name\":\"a\\\"b\"}", text(encoder.encode(g ->
            {
                g.writeStartObject();
                g.writeNumberField("n", n);
                g.writeStringField("name", "a\"b");
                g.writeEndObject();
            })));
            assertEquals("[" + n + "]", text(encoder.encode(g ->
            {
                g.writeStartArray();
                g.writeNumber(n);
                g.writeEndArray();
            })), "a root value of another kind after an object, with no separator");
        }
    }

    @Test
    void anAnswerThatFailsMidwayOrIsLeftOpenDoesNotRunIntoTheNext()
    {
        final Writes.Encoder encoder = new Writes.Encoder();
        assertThrows(IllegalStateException.class, () -> encoder.encode(g ->
        {
            g.writeStartObject();
            g.writeFieldName("half");
            throw new IOException("the result went away");
        }));
        assertEquals("{\"ok\":true}", text(encoder.encode(g ->
        {
            g.writeStartObject();
            g.writeBooleanField("ok", true);
            g.writeEndObject();
        })));
        assertThrows(IllegalStateException.class, () -> encoder.encode(g ->
        {
            g.writeStartObject();
            g.writeNumberField("open", 1);
        }), "an object left open is refused, not closed silently");
        assertEquals("7", text(encoder.encode(g -> g.writeNumber(7))));
    }
}

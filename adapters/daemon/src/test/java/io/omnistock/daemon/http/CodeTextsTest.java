package io.omnistock.daemon.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A code's kept text is what writing its String would write, for its own id only. */
class CodeTextsTest
{
    private static final List<String> CODES = List.of("SH-STORE-001", "MILK \"1L\"", "é-ü/\\\\", "tab\there");

    private static String code(final int id)
    {
        return id >= 0 && id < 3 * CodeTexts.SLOTS ? CODES.get(id % CODES.size()) + "#" + id : null;
    }

    @Test
    void aTextIsWhatWritingTheCodeWrites() throws IOException
    {
        final CodeTexts texts = new CodeTexts(CodeTextsTest::code, id -> "sku" + id, id -> null);
        for (int id = 0; id < 8; id++)
        {
            assertEquals(written(code(id)), written(texts.location(id)));
            assertEquals(written("sku" + id), written(texts.sku(id)));
        }
    }

    @Test
    void idsSharingASlotEachGetTheirOwnCode()
    {
        final CodeTexts texts = new CodeTexts(CodeTextsTest::code, CodeTextsTest::code, CodeTextsTest::code);
        final SerializedString first = texts.location(5);
        assertSame(first, texts.location(5), "kept");
        assertEquals(code(5 + CodeTexts.SLOTS), texts.location(5 + CodeTexts.SLOTS).getValue());
        assertEquals(code(5 + 2 * CodeTexts.SLOTS), texts.location(5 + 2 * CodeTexts.SLOTS).getValue());
        assertEquals(code(5), texts.location(5).getValue(), "made again after another id took its slot");
        assertEquals(code(5), texts.sku(5).getValue(), "each kind its own slots");
    }

    @Test
    void anIdWithoutACodeHasNoText()
    {
        final CodeTexts texts = new CodeTexts(CodeTextsTest::code, CodeTextsTest::code, id -> null);
        assertNull(texts.location(-1));
        assertNull(texts.location(3 * CodeTexts.SLOTS));
        assertNull(texts.channel(0));
    }

    private static String written(final Object value) throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out))
        {
            if (value instanceof SerializedString text)
            {
                g.writeString(text);
            }
            else
            {
                g.writeString((String)value);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}

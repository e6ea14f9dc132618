package io.omnistock.daemon.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A batch body is parsed whole and refused whole, or split into elements whose bodies are the bytes sent. */
class BatchBodyTest
{
    private static List<BatchBody.Element> parse(final String text, final boolean ndjson, final int max)
    {
        return BatchBody.parse(text.getBytes(StandardCharsets.UTF_8), ndjson, max);
    }

    private static String bodyOf(final String text, final BatchBody.Element e)
    {
        return new String(text.getBytes(StandardCharsets.UTF_8), e.bodyOffset(), e.bodyLength(), StandardCharsets.UTF_8);
    }

    @Test
    void anArraysElementsKeepTheirBodiesAsSent()
    {
        final String body = "{\"orderId\":1, \"lines\":[{\"sku\":\"é\",\"quantity\":1}] }";
        final String text = "[ {\"method\":\"POST\",\"path\":\"/v1/orders?explain=true\",\"idempotencyKey\":\"k-1\"," +
            "\"body\":" + body + "},\n {\"path\":\"/v1/orders/7/confirm\"} ]";
        final List<BatchBody.Element> elements = parse(text, false, 10);
        assertEquals(2, elements.size());
        final BatchBody.Element first = elements.get(0);
        assertEquals("POST", first.method());
        assertEquals("/v1/orders?explain=true", first.path());
        assertEquals("k-1", first.idempotencyKey());
        assertEquals(body, bodyOf(text, first), "the body's bytes, white space and all");
        final BatchBody.Element second = elements.get(1);
        assertEquals("POST", second.method(), "method defaults to POST");
        assertNull(second.idempotencyKey());
        assertEquals(0, second.bodyLength(), "no body: empty, as a request sent without one");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"a \\\" b\"", "12345", "-1.5e3", "true", "false", "null", "[1, [2]]", "{}"})
    void aBodyOfAnyJsonValueIsSlicedExactly(final String value)
    {
        final String text = "[{\"body\":" + value + ",\"path\":\"/v1/movements\"}, {\"path\":\"/x\",\"body\":" + value + "}]";
        for (final BatchBody.Element e : parse(text, false, 10))
        {
            assertEquals(value, bodyOf(text, e));
        }
        final String lines = "{\"path\":\"/v1/movements\",\"body\":" + value + "}\n{\"body\":" + value + ",\"path\":\"/y\"}\n";
        for (final BatchBody.Element e : parse(lines, true, 10))
        {
            assertEquals(value, bodyOf(lines, e));
        }
    }

    @Test
    void ndjsonTakesOneElementPerLineAndSkipsBlankLines()
    {
        assertEquals(2, parse("{\"path\":\"/a\"}\n\n{\"path\":\"/b\"}\r\n", true, 10).size());
        assertEquals(0, parse("", true, 10).size());
        assertEquals("MALFORMED_JSON", refused("{\"path\":\"/a\"} {\"path\":\"/b\"}\n", true, 10).code());
    }

    @Test
    void moreElementsThanTheLimitAreRefusedWhole()
    {
        assertEquals(3, parse("[{\"path\":\"/a\"},{\"path\":\"/a\"},{\"path\":\"/a\"}]", false, 3).size());
        final ApiError e = refused("[{\"path\":\"/a\"},{\"path\":\"/a\"},{\"path\":\"/a\"},{\"path\":\"/a\"}]", false, 3);
        assertEquals(413, e.status());
        assertEquals("TOO_MANY_COMMANDS", e.code());
        assertEquals("TOO_MANY_COMMANDS", refused("{\"path\":\"/a\"}\n{\"path\":\"/a\"}\n", true, 1).code());
    }

    @Test
    void aBodyThatIsNotABatchIsRefusedWhole()
    {
        assertEquals("MALFORMED_JSON", refused("[{\"path\":\"/a\"}", false, 10).code(), "unterminated");
        assertEquals("MALFORMED_JSON", refused("{\"path\":\"/a\"}", false, 10).code(), "not an array");
        assertEquals("MALFORMED_JSON", refused("[] []", false, 10).code(), "two arrays");
        assertEquals("MALFORMED_JSON", refused("[{\"path\":\"/a\",\"body\":{\"x\":1,\"x\":2}}]", false, 10).code(),
            "a duplicate key in an element's body is malformed JSON too");
        assertEquals("MALFORMED_JSON", refused("", false, 10).code());
        assertEquals("INVALID_FIELD", refused("[1]", false, 10).code());
        assertEquals("INVALID_FIELD", refused("[{\"path\":7}]", false, 10).code());
        assertEquals("MISSING_FIELD", refused("[{\"method\":\"POST\"}]", false, 10).code());
        final ApiError unknown = refused("[{\"path\":\"/a\"},{\"path\":\"/a\",\"headers\":{}}]", false, 10);
        assertEquals("UNKNOWN_FIELD", unknown.code());
        assertTrue(unknown.getMessage().startsWith("element 1:"), unknown.getMessage());
        assertEquals("MALFORMED_JSON", refused("{\"path\":\"/a\"}\n{\"path\":\n", true, 10).code());
    }

    private static ApiError refused(final String text, final boolean ndjson, final int max)
    {
        return assertThrows(ApiError.class, () -> parse(text, ndjson, max));
    }
}

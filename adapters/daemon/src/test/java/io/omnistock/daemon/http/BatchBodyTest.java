package io.omnistock.daemon.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A batch body is parsed whole and refused whole, or split into elements whose bodies are the bytes sent. */
class BatchBodyTest
{
    private static List<BatchBody.Element> parse(final String text, final boolean ndjson, final int max)
    {
        return BatchBody.parse(text.getBytes(StandardCharsets.UTF_8), ndjson, max, (method, target) -> null);
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

    @Test
    void anElementNamingTheMethodAndPathOfTheOneBeforeSharesItsStringsAndOnlyThen()
    {
        final String text = "[{\"method\":\"POST\",\"path\":\"/v1/orders\"}, {\"method\":\"POST\",\"path\":\"/v1/orders\"}," +
            " {\"method\":\"post\",\"path\":\"/v1/orderz\"}, {\"path\":\"/v1/orders\",\"method\":\"PUT\"}," +
            " {\"path\":\"/v1/o\\u0072ders\",\"method\":\"PUT\"}]";
        final List<BatchBody.Element> e = parse(text, false, 10);
        assertSame(e.get(0).method(), e.get(1).method());
        assertSame(e.get(0).path(), e.get(1).path());
        assertEquals(List.of("POST", "POST", "post", "PUT", "PUT"), e.stream().map(BatchBody.Element::method).toList());
        assertEquals(List.of("/v1/orders", "/v1/orders", "/v1/orderz", "/v1/orders", "/v1/orders"),
            e.stream().map(BatchBody.Element::path).toList(), "the same length and another letter is another path; " +
            "an escape reads as its letter");
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

    /** Orders' bodies are read as {@link Bodies.Order}; nothing else is. */
    private static List<BatchBody.Element> parseOrders(final String text, final boolean ndjson)
    {
        return BatchBody.parse(text.getBytes(StandardCharsets.UTF_8), ndjson, 10, (method, target) ->
            method.equals("POST") && target.startsWith("/v1/orders") ? Bodies.Order.class : null);
    }

    private static final String ORDER = "{\"orderId\":7,\"channel\":\"app\",\"type\":\"instant\",\"lat\":31.2,\"lon\":121.4," +
        "\"lines\":[{\"sku\":\"TEA\",\"quantity\":2},{\"sku\":\"CUP\",\"quantity\":1}]}";

    @Test
    void aBodyWhoseRouteReadsARecordIsReadWhileTheBatchIsChecked()
    {
        final String text = "[{\"path\":\"/v1/orders\",\"body\":" + ORDER + "},{\"path\":\"/v1/orders?explain=true\"," +
            "\"idempotencyKey\":\"k\",\"body\":" + ORDER + "},{\"path\":\"/v1/movements\",\"body\":" + ORDER + "}]";
        final List<BatchBody.Element> elements = parseOrders(text, false);
        final Bodies.Order expected = Json.read(ORDER.getBytes(StandardCharsets.UTF_8), Bodies.Order.class);
        assertEquals(expected, elements.get(0).read(), "read as the route reads a request's body");
        assertEquals(expected, elements.get(1).read(), "a query string does not change the route");
        assertNull(elements.get(2).read(), "another route's body is left to it");
        for (final BatchBody.Element e : elements)
        {
            assertEquals(ORDER, bodyOf(text, e), "and its bytes are kept all the same, for its fingerprint");
        }
        final String lines = "{\"path\":\"/v1/orders\",\"body\":" + ORDER + "}\n{\"path\":\"/v1/orders\",\"body\":" + ORDER + "}\n";
        assertEquals(List.of(expected, expected), parseOrders(lines, true).stream().map(BatchBody.Element::read).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"orderId\":\"7\"}", "{\"orderId\":7,\"extra\":{\"a\":[1,{\"b\":2}]}}", "{\"lines\":[{\"sku\":1}],\"x\":1}",
        "{\"lines\":{\"sku\":\"TEA\"}}", "{\"lines\":[[1,2],{\"q\":{}}]}", "{\"orderId\":1.5,\"lines\":[]}", "[1,{\"a\":2}]", "7"})
    void aBodyLeftToItsRouteIsSkippedWholeAndTheNextElementStillRead(final String body)
    {
        final String text = "[{\"path\":\"/v1/orders\",\"body\":" + body + ",\"idempotencyKey\":\"a\"}," +
            "{\"path\":\"/v1/orders\",\"body\":" + ORDER + "}]";
        final List<BatchBody.Element> elements = parseOrders(text, false);
        assertNull(elements.get(0).read(), "databind decides it, in the element's own route");
        assertEquals(body, bodyOf(text, elements.get(0)));
        assertEquals("a", elements.get(0).idempotencyKey(), "the element's fields after its body are read");
        assertEquals(ORDER, bodyOf(text, elements.get(1)));
        assertEquals(Json.read(ORDER.getBytes(StandardCharsets.UTF_8), Bodies.Order.class), elements.get(1).read());
    }

    @Test
    void aBodyBeforeItsPathIsLeftToItsRoute()
    {
        final String text = "[{\"body\":" + ORDER + ",\"path\":\"/v1/orders\"}]";
        final BatchBody.Element e = parseOrders(text, false).get(0);
        assertNull(e.read());
        assertEquals(ORDER, bodyOf(text, e));
    }

    @Test
    void aRepeatedNameAnywhereRefusesTheBatchAsMalformed()
    {
        for (final String body : List.of(
            "{\"orderId\":1,\"orderId\":2}",
            "{\"lines\":[{\"sku\":\"TEA\",\"sku\":\"CUP\"}]}",
            "{\"orderId\":7,\"extra\":1,\"orderId\":8}",
            "{\"extra\":{\"a\":{\"b\":1,\"b\":2}}}",
            "{\"orderId\":\"7\",\"x\":{},\"x\":[]}"))
        {
            for (final boolean typed : new boolean[] {true, false})
            {
                final String text = "[{\"path\":\"/v1/orders\",\"body\":" + body + "}]";
                final ApiError e = assertThrows(ApiError.class, () -> (typed ? parseOrders(text, false) : parse(text, false, 10)).size());
                assertEquals("MALFORMED_JSON", e.code(), body);
                assertTrue(e.getMessage().contains("appears twice"), e.getMessage());
            }
        }
        assertEquals("MALFORMED_JSON", refused("[{\"path\":\"/a\",\"path\":\"/b\"}]", false, 10).code(),
            "an element's own field too");
    }

    @Test
    void theSameNameInSiblingObjectsAndAtOtherDepthsIsNoRepeat()
    {
        final String body = "{\"lines\":[{\"sku\":\"TEA\",\"quantity\":1},{\"sku\":\"CUP\",\"quantity\":2}]," +
            "\"x\":{\"lines\":{\"x\":1}},\"y\":{\"x\":2}}";
        final String text = "[{\"path\":\"/v1/orders\",\"body\":" + body + "},{\"path\":\"/v1/orders\",\"body\":" + body + "}]";
        assertEquals(2, parseOrders(text, false).size());
        assertEquals(2, parse(text, false, 10).size());
    }

    @Test
    void anObjectWithManyNamesIsCheckedForRepeatsAllTheSame()
    {
        final StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 100; i++)
        {
            many.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":").append(i);
        }
        final String unique = many + "}";
        final String repeated = many + ",\"f40\":1}";
        final String sibling = "[" + unique + "," + unique + "]";
        assertEquals(1, parse("[{\"path\":\"/a\",\"body\":" + sibling + "}]", false, 10).size(),
            "an object after one with many names starts afresh");
        assertEquals("MALFORMED_JSON", refused("[{\"path\":\"/a\",\"body\":" + repeated + "}]", false, 10).code());
        final String early = "{\"f1\":1," + unique.substring(1, unique.length() - 1).replace("\"f1\":1,", "") + ",\"f99\":0}";
        assertEquals("MALFORMED_JSON", refused("[{\"path\":\"/a\",\"body\":" + early + "}]", false, 10).code(),
            "a repeat of one of the first names, found once the names are hashed");
    }

    private static ApiError refused(final String text, final boolean ndjson, final int max)
    {
        return assertThrows(ApiError.class, () -> parse(text, ndjson, max));
    }
}

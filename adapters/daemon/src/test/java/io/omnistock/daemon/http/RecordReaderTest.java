package io.omnistock.daemon.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The record reader beside databind: whatever it decides, databind decides the same value; what
 * it is not sure of it leaves to databind. Checked on hand-picked bodies and on seeded mutations of
 * an order's body (a byte changed, dropped, or doubled).
 */
class RecordReaderTest
{
    private static final String ORDER = "{\"orderId\":12,\"channel\":\"app\",\"type\":\"regular\",\"lat\":31.2304," +
        "\"lon\":121.4737,\"pickupLocation\":null,\"value\":1999,\"promiseAt\":\"2026-12-06T10:00:00Z\"," +
        "\"allowPartial\":true,\"allowAlternativePickup\":false,\"lines\":[{\"sku\":\"TEA\",\"quantity\":2}," +
        "{\"sku\":\"CUP\",\"quantity\":1}]}";

    @Test
    void anOrderReadsAsDatabindReadsIt()
    {
        final Object fast = RecordReader.of(Bodies.Order.class).read(bytes(ORDER), 0, ORDER.length());
        assertNotNull(fast);
        assertEquals(Json.read(bytes(ORDER), Bodies.Order.class), fast);
        assertEquals(List.of(new Bodies.Line("TEA", 2L), new Bodies.Line("CUP", 1L)), ((Bodies.Order)fast).lines());
    }

    @Test
    void whatDatabindRefusesOrCoercesIsLeftToIt()
    {
        for (final String body : List.of(
            "{\"orderId\":\"12\"}", "{\"orderId\":1.5}", "{\"orderId\":1e2}", "{\"orderId\":99999999999999999999}",
            "{\"lat\":31}", "{\"channel\":5}", "{\"channel\":true}", "{\"allowPartial\":\"true\"}",
            "{\"allowPartial\":1}", "{\"nope\":1}", "{\"orderId\":1,\"orderId\":2}", "{\"orderId\":1} {}",
            "{\"orderId\":1}x", "[{\"orderId\":1}]", "null", "{\"lines\":{}}", "{\"lines\":[null]}",
            "{\"lines\":[{\"sku\":\"A\",\"quantity\":1.0}]}", "{\"lines\":[{\"sku\":\"A\",\"extra\":1}]}", "{\"orderId\":1",
            "{\"lat\":1e999}"))
        {
            assertNull(RecordReader.of(Bodies.Order.class).read(bytes(body), 0, body.length()), body);
        }
    }

    @Test
    void integersOutsideAnIntAreLeftToDatabind()
    {
        final String body = "{\"ordersPerHour\":3000000000}";
        assertNull(RecordReader.of(Bodies.LocationSettings.class).read(bytes(body), 0, body.length()));
        assertEquals(new Bodies.LocationSettings(5, null, -1),
            RecordReader.of(Bodies.LocationSettings.class).read(bytes("{\"ordersPerHour\":5,\"pickPackMinutes\":-1}"),
                0, 40));
    }

    @Test
    void everyMutationItDecidesDatabindDecidesTheSame()
    {
        final Random random = new Random(42);
        final byte[] original = bytes(ORDER);
        int decided = 0;
        for (int round = 0; round < 10_000; round++)
        {
            final byte[] body = mutate(original, random);
            final Object fast = RecordReader.of(Bodies.Order.class).read(body, 0, body.length);
            if (fast == null)
            {
                continue;
            }
            decided++;
            try
            {
                assertEquals(Json.read(body, Bodies.Order.class), fast, () -> new String(body, StandardCharsets.UTF_8));
            }
            catch (final ApiError e)
            {
                fail("databind refused what the reader took: " + new String(body, StandardCharsets.UTF_8) + ": " +
                    e.getMessage());
            }
        }
        // Most single-byte changes break the body; some keep it valid (a digit, a letter in a text).
        assertEquals(true, decided > 500, decided + " decided");
    }

    private static byte[] mutate(final byte[] original, final Random random)
    {
        final int at = random.nextInt(original.length);
        final byte[] pool = bytes("{}[],:\"0123456789.eE-+ntrufalsx\\ ");
        return switch (random.nextInt(3))
        {
            case 0 ->
            {
                final byte[] b = original.clone();
                b[at] = pool[random.nextInt(pool.length)];
                yield b;
            }
            case 1 ->
            {
                final byte[] b = new byte[original.length - 1];
                System.arraycopy(original, 0, b, 0, at);
                System.arraycopy(original, at + 1, b, at, original.length - at - 1);
                yield b;
            }
            default ->
            {
                final byte[] b = new byte[original.length + 1];
                System.arraycopy(original, 0, b, 0, at + 1);
                System.arraycopy(original, at, b, at + 1, original.length - at);
                yield b;
            }
        };
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

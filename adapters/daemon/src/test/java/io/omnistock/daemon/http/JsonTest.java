package io.omnistock.daemon.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonTest
{
    record Movement(String type, String location, String sku, Long quantity)
    {
    }

    private static ApiError refused(final String body)
    {
        return assertThrows(ApiError.class, () -> Json.read(body.getBytes(StandardCharsets.UTF_8), Movement.class));
    }

    @Test
    void aNumberOrBooleanIsNotTextAndTextIsNotANumber()
    {
        assertEquals("INVALID_FIELD", refused("{\"type\":\"receive\",\"location\":\"S1\",\"sku\":123,\"quantity\":1}").code());
        assertEquals("INVALID_FIELD", refused("{\"type\":\"receive\",\"location\":\"S1\",\"sku\":1.5,\"quantity\":1}").code());
        assertEquals("INVALID_FIELD", refused("{\"type\":true,\"location\":\"S1\",\"sku\":\"A\",\"quantity\":1}").code());
        assertEquals("INVALID_FIELD", refused("{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"A\",\"quantity\":\"1\"}").code());
        assertEquals("INVALID_FIELD", refused("{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"A\",\"quantity\":1.5}").code());
        assertEquals(new Movement("receive", "S1", "A", 1L), Json.read(
            "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"A\",\"quantity\":1}".getBytes(StandardCharsets.UTF_8),
            Movement.class));
    }

    @Test
    void aWrongTypeIsNamedInTheApisWordsNotJacksons()
    {
        assertEquals("'quantity' must be a whole number, got a fraction",
            refused("{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"A\",\"quantity\":1.5}").getMessage());
        assertEquals("'quantity' must be a whole number, got a string",
            refused("{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"A\",\"quantity\":\"1\"}").getMessage());
        assertEquals("'quantity' must be a whole number, got true or false",
            refused("{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"A\",\"quantity\":true}").getMessage());
        assertEquals("'sku' must be a string, got a whole number",
            refused("{\"type\":\"receive\",\"location\":\"S1\",\"sku\":123,\"quantity\":1}").getMessage());
        assertEquals("'sku' must be a string, got a fraction",
            refused("{\"type\":\"receive\",\"location\":\"S1\",\"sku\":1.5,\"quantity\":1}").getMessage());
        assertEquals("'sku' must be a string, got an object",
            refused("{\"type\":\"receive\",\"location\":\"S1\",\"sku\":{},\"quantity\":1}").getMessage());
        assertEquals("the body must be an object, got an array", refused("[1]").getMessage());
        assertEquals("'quantity' is out of range: a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE +
            " is expected", refused("{\"quantity\":99999999999999999999}").getMessage());
    }
}

package io.omnistock.daemon.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;

import java.io.IOException;
import java.util.stream.Collectors;

/**
 * Strict JSON: unknown fields, wrong types, strings for numbers, fractions for whole numbers,
 * duplicate keys and trailing garbage are all rejected with a code naming the field, never guessed at.
 */
public final class Json
{
    public static final ObjectMapper MAPPER = JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        // Scalar coercion settings do not reach text fields: a number or boolean for a code would
        // otherwise become the code "123" or "true".
        .withCoercionConfig(LogicalType.Textual, config -> config
            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
        .build();

    private Json()
    {
    }

    public static ObjectNode object()
    {
        return MAPPER.createObjectNode();
    }

    /** @throws ApiError 400 with MALFORMED_JSON, UNKNOWN_FIELD or INVALID_FIELD. */
    public static <T> T read(final byte[] body, final Class<T> type)
    {
        return read(body, 0, body.length, type);
    }

    /** {@link #read(byte[], Class)} of {@code body[offset, offset + length)}. */
    public static <T> T read(final byte[] body, final int offset, final int length, final Class<T> type)
    {
        if (length == 0)
        {
            throw ApiError.badRequest("MALFORMED_JSON", "the request body is empty; a JSON object is expected");
        }
        final RecordReader fast = RecordReader.of(type);
        final Object read = fast == null ? null : fast.read(body, offset, length);
        if (read != null)
        {
            return type.cast(read);
        }
        try
        {
            final T value = MAPPER.readValue(body, offset, length, type);
            if (value == null)
            {
                throw ApiError.badRequest("MALFORMED_JSON", "a JSON object is expected, got null");
            }
            return value;
        }
        catch (final UnrecognizedPropertyException e)
        {
            throw ApiError.badRequest("UNKNOWN_FIELD", "unknown field '" + e.getPropertyName() + "'" +
                (e.getPath().size() > 1 ? where(e) : ""));
        }
        catch (final InputCoercionException e)
        {
            throw ApiError.badRequest("INVALID_FIELD", outOfRange(fieldName(e), e.getTargetType()));
        }
        catch (final MismatchedInputException e)
        {
            if (firstLine(e.getOriginalMessage()).startsWith("Trailing token"))
            {
                throw ApiError.badRequest("MALFORMED_JSON", "malformed JSON: more than one value in the body");
            }
            throw ApiError.badRequest("INVALID_FIELD", mismatch(e));
        }
        catch (final JsonMappingException e)
        {
            // Bytes that do not parse (bad UTF-8, a duplicate key) inside a field arrive wrapped with its path.
            if (e.getCause() instanceof JsonParseException || e.getCause() instanceof StreamConstraintsException)
            {
                throw ApiError.badRequest("MALFORMED_JSON", "malformed JSON: " +
                    firstLine(((JsonProcessingException)e.getCause()).getOriginalMessage()) + where(e));
            }
            if (e.getCause() instanceof InputCoercionException coercion)
            {
                throw ApiError.badRequest("INVALID_FIELD", outOfRange(e.getPath().isEmpty() ? null : path(e),
                    coercion.getTargetType()));
            }
            throw ApiError.badRequest("INVALID_FIELD", firstLine(e.getOriginalMessage()) + where(e));
        }
        catch (final JsonParseException | StreamConstraintsException e)
        {
            throw ApiError.badRequest("MALFORMED_JSON", "malformed JSON: " + firstLine(e.getOriginalMessage()));
        }
        catch (final JsonProcessingException e)
        {
            throw ApiError.badRequest("MALFORMED_JSON", "malformed JSON: " + firstLine(e.getOriginalMessage()));
        }
        catch (final IOException e)
        {
            throw ApiError.badRequest("MALFORMED_JSON", "unreadable body: " + e.getMessage());
        }
    }

    private static String where(final JsonMappingException e)
    {
        if (e.getPath().isEmpty())
        {
            return "";
        }
        return " at '" + path(e) + "'";
    }

    /**
     * A value of the wrong type, in the API's words (Jackson's name its coercion settings):
     * "'quantity' must be a whole number, got a fraction".
     */
    static String mismatch(final MismatchedInputException e)
    {
        final String what = e.getPath().isEmpty() ? "the body" : "'" + path(e) + "'";
        return what + " must be " + expected(e.getTargetType()) + got(e);
    }

    /** A number beyond its field's type: "'quantity' is out of range: a whole number from ... to ... is expected". */
    private static String outOfRange(final String name, final Class<?> type)
    {
        final String range = type == Integer.TYPE || type == Integer.class ?
            " from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE : " from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        return (name == null ? "a number" : "'" + name + "'") + " is out of range: a whole number" + range + " is expected";
    }

    private static String fieldName(final InputCoercionException e)
    {
        final JsonParser parser = e.getProcessor();
        String name = null;
        try
        {
            name = parser == null ? null : parser.currentName();
        }
        catch (final IOException unknown)
        {
            // Then the message names no field.
        }
        return name;
    }

    private static String expected(final Class<?> type)
    {
        if (type == null)
        {
            return "another type";
        }
        if (type == Long.TYPE || type == Long.class || type == Integer.TYPE || type == Integer.class ||
            type == Short.TYPE || type == Short.class || type == java.math.BigInteger.class)
        {
            return "a whole number";
        }
        if (type == Double.TYPE || type == Double.class || type == Float.TYPE || type == Float.class ||
            type == java.math.BigDecimal.class)
        {
            return "a number";
        }
        if (type == String.class)
        {
            return "a string";
        }
        if (type == Boolean.TYPE || type == Boolean.class)
        {
            return "true or false";
        }
        if (type.isEnum())
        {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(c -> Enums.wire((Enum<?>)c))
                .collect(Collectors.joining(", "));
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type))
        {
            return "an array";
        }
        return "an object";
    }

    /**
     * @return ", got a string" etc.: the value Jackson refused, or the token it names (the parser has
     *     moved on, or is closed, by the time the exception arrives here); "" if neither says.
     */
    private static String got(final MismatchedInputException e)
    {
        if (e instanceof InvalidFormatException invalid && invalid.getValue() != null)
        {
            final Object value = invalid.getValue();
            return ", got " + (value instanceof String ? "a string" : value instanceof Boolean ? "true or false" :
                value instanceof Double || value instanceof Float || value instanceof java.math.BigDecimal ? "a fraction" :
                value instanceof Number ? "a whole number" : "another type");
        }
        final String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        final int at = message.indexOf("JsonToken.");
        if (at < 0)
        {
            // "Cannot coerce String value ... to `java.lang.Long` value"
            return message.contains("coerce String") ? ", got a string" : message.contains("coerce Floating-point") ?
                ", got a fraction" : message.contains("coerce Integer") ? ", got a whole number" :
                message.contains("coerce Boolean") ? ", got true or false" : "";
        }
        final String token = message.substring(at + "JsonToken.".length());
        return ", got " + (token.startsWith("VALUE_STRING") ? "a string" : token.startsWith("VALUE_NUMBER_INT") ?
            "a whole number" : token.startsWith("VALUE_NUMBER_FLOAT") ? "a fraction" : token.startsWith("VALUE_TRUE") ||
            token.startsWith("VALUE_FALSE") ? "true or false" : token.startsWith("VALUE_NULL") ? "null" :
            token.startsWith("START_ARRAY") ? "an array" : token.startsWith("START_OBJECT") ||
            token.startsWith("FIELD_NAME") ? "an object" : "another type");
    }

    private static String path(final JsonMappingException e)
    {
        return e.getPath().stream()
            .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining(".")).replace(".[", "[");
    }

    static String firstLine(final String message)
    {
        if (message == null)
        {
            return "";
        }
        final int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}

package io.omnistock.daemon.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
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
            final String message = firstLine(e.getOriginalMessage());
            if (message.startsWith("Trailing token"))
            {
                throw ApiError.badRequest("MALFORMED_JSON", "malformed JSON: more than one value in the body");
            }
            if (message.startsWith("No content to map"))
            {
                throw ApiError.badRequest("MALFORMED_JSON", "the request body holds no JSON value; a JSON object is expected");
            }
            throw ApiError.badRequest("INVALID_FIELD", mismatch(e));
        }
        catch (final JsonMappingException e)
        {
            // Bytes that do not parse (bad UTF-8, a duplicate key) inside a field arrive wrapped with its path.
            if (e.getCause() instanceof JsonProcessingException cause && isSyntax(cause))
            {
                throw ApiError.badRequest("MALFORMED_JSON", malformed(cause) +
                    (e.getPath().isEmpty() ? "" : " (in '" + path(e) + "')"));
            }
            if (e.getCause() instanceof InputCoercionException coercion)
            {
                throw ApiError.badRequest("INVALID_FIELD", outOfRange(e.getPath().isEmpty() ? null : path(e),
                    coercion.getTargetType()));
            }
            if (e.getCause() instanceof ApiError refused)
            {
                // A body's own check (a record's constructor), already in the API's words.
                throw refused;
            }
            // Whatever else databind could not make of a value: named by where it is, never in databind's words.
            throw ApiError.badRequest("INVALID_FIELD", (e.getPath().isEmpty() ? "the body" : "'" + path(e) + "'") +
                " does not have the shape this request takes (see docs/openapi.yaml)");
        }
        catch (final JsonProcessingException e)
        {
            throw ApiError.badRequest("MALFORMED_JSON", malformed(e));
        }
        catch (final IOException e)
        {
            throw ApiError.badRequest("MALFORMED_JSON", "the request body could not be read as JSON");
        }
    }

    private static boolean isSyntax(final JsonProcessingException e)
    {
        return e instanceof JsonParseException || e instanceof StreamConstraintsException;
    }

    /**
     * Bytes that are not JSON, in the API's words with where they stopped making sense: "malformed
     * JSON at line 1, column 17: the body ends before the JSON value does". Jackson's message is
     * read only to tell which mistake it was (and which character); it never reaches the client.
     */
    static String malformed(final JsonProcessingException e)
    {
        final JsonLocation at = e.getLocation();
        final String where = at == null || at.getLineNr() < 1 ? "malformed JSON: " :
            "malformed JSON at line " + at.getLineNr() + ", column " + Math.max(at.getColumnNr(), 1) + ": ";
        return where + mistake(e);
    }

    private static String mistake(final JsonProcessingException e)
    {
        final String message = firstLine(e.getOriginalMessage());
        if (e instanceof JsonEOFException || message.startsWith("Unexpected end-of-input"))
        {
            return "the body ends before the JSON value does (truncated?)";
        }
        if (e instanceof StreamConstraintsException)
        {
            return "a value nested too deeply, or a number or string too long";
        }
        if (message.startsWith("Duplicate field '"))
        {
            return "the field " + quoted(message) + " appears twice";
        }
        if (message.startsWith("Invalid UTF-8"))
        {
            return "bytes that are not UTF-8";
        }
        if (message.startsWith("Unrecognized token '"))
        {
            return quoted(message) + " is not a JSON value (strings need double quotes; true, false and null " +
                "are lower case)";
        }
        if (message.startsWith("Illegal unquoted character"))
        {
            return "a control character inside a string (escape it, e.g. \\n)";
        }
        if (message.startsWith("Unrecognized character escape"))
        {
            return "an escape JSON does not have (\\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX)";
        }
        if (message.startsWith("Invalid numeric value") || message.startsWith("Non-standard token") ||
            message.contains("Leading zeroes"))
        {
            return "a number JSON does not allow (no leading zeroes, '+', NaN or Infinity)";
        }
        final java.util.regex.Matcher close = CLOSE.matcher(message);
        if (close.find())
        {
            return "unexpected '" + close.group(1) + "', " + (close.group(2) == null ?
                "nothing is open to close there" : "'" + close.group(2) + "' was expected");
        }
        final java.util.regex.Matcher unexpected = UNEXPECTED.matcher(message);
        if (unexpected.find())
        {
            final int code = Integer.parseInt(unexpected.group(1));
            final String character = code < 0x20 || code == 0x7f ? "a control character (code " + code + ")" :
                "'" + new String(Character.toChars(code)) + "'";
            return "unexpected " + character + expected(message);
        }
        return "not valid JSON";
    }

    /**
     * "Unexpected close marker ']': expected '}' (for Object starting at ...)", or "...: no open Object
     * to close": the bracket found, and the one expected if any was open.
     */
    private static final java.util.regex.Pattern CLOSE = java.util.regex.Pattern.compile(
        "^Unexpected close marker '(.)': (?:expected '(.)')?");

    /** In "Unexpected character ('x' (code 120)): ...", the character's code. */
    private static final java.util.regex.Pattern UNEXPECTED = java.util.regex.Pattern.compile("\\(code (\\d+)\\)");

    /** What should have come instead, from the end of Jackson's "Unexpected character" message. */
    private static String expected(final String message)
    {
        if (message.contains("double-quote to start field name"))
        {
            return ", a field name in double quotes was expected";
        }
        if (message.contains("colon to separate field name"))
        {
            return ", ':' was expected after the field name";
        }
        if (message.contains("comma to separate Object entries"))
        {
            return ", ',' or '}' was expected";
        }
        if (message.contains("comma to separate Array entries"))
        {
            return ", ',' or ']' was expected";
        }
        if (message.contains("expected a value") || message.contains("expected a valid value"))
        {
            return ", a value was expected";
        }
        return "";
    }

    /** @return the first single-quoted part of {@code message}, quotes included. */
    private static String quoted(final String message)
    {
        final int from = message.indexOf('\'');
        final int to = from < 0 ? -1 : message.indexOf('\'', from + 1);
        return to < 0 ? "a field" : message.substring(from, to + 1);
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

package io.omnistock.daemon.http;

import com.fasterxml.jackson.core.JsonParseException;
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
            throw ApiError.badRequest("INVALID_FIELD", "number out of range" + where(e));
        }
        catch (final MismatchedInputException e)
        {
            if (firstLine(e.getOriginalMessage()).startsWith("Trailing token"))
            {
                throw ApiError.badRequest("MALFORMED_JSON", "malformed JSON: more than one value in the body");
            }
            throw ApiError.badRequest("INVALID_FIELD", "wrong type" + where(e) + ": " + firstLine(e.getOriginalMessage()));
        }
        catch (final JsonMappingException e)
        {
            // Bytes that do not parse (bad UTF-8, a duplicate key) inside a field arrive wrapped with its path.
            if (e.getCause() instanceof JsonParseException || e.getCause() instanceof StreamConstraintsException)
            {
                throw ApiError.badRequest("MALFORMED_JSON", "malformed JSON: " +
                    firstLine(((JsonProcessingException)e.getCause()).getOriginalMessage()) + where(e));
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
        return " at '" + e.getPath().stream()
            .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining(".")).replace(".[", "[") + "'";
    }

    private static String where(final InputCoercionException e)
    {
        return e.getProcessor() == null ? "" : " (" + firstLine(e.getOriginalMessage()) + ")";
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

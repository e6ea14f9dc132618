package io.omnistock.daemon.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /v1/batch}, read whole and checked before any element runs: a JSON
 * array of elements, or NDJSON (one element per line). Each element is
 * {@code {"method"?, "path", "idempotencyKey"?, "body"?}}. A body that is not that shape, or has
 * more elements than the limit, is refused whole; what an element's own body says is left to its
 * route (one bad element fails alone).
 *
 * <p>An element's body is kept as the bytes the client sent (a slice of the batch's body, located
 * by the parser's byte offsets), not parsed into a tree and written again: its route parses those
 * bytes as it parses a request's body, and its Idempotency-Key fingerprint covers them, so an
 * element and a request sent alone with the same key and the same body bytes are the same request.
 * Slicing also spares a tree and a serialisation per element.
 */
final class BatchBody
{
    static final String METHOD = "POST";

    /**
     * One element, its body {@code bytes[bodyOffset, bodyOffset + bodyLength)} of the batch's body
     * (empty when the element has none).
     */
    record Element(String method, String path, String idempotencyKey, int bodyOffset, int bodyLength)
    {
    }

    private BatchBody()
    {
    }

    /**
     * @param ndjson whether the body is NDJSON (else a JSON array).
     * @throws ApiError 400 MALFORMED_JSON, INVALID_FIELD, UNKNOWN_FIELD or MISSING_FIELD for a body
     *     that is not a batch; 413 TOO_MANY_COMMANDS for more than {@code maxCommands} elements.
     */
    static List<Element> parse(final byte[] bytes, final boolean ndjson, final int maxCommands)
    {
        final List<Element> elements = new ArrayList<>(Math.min(maxCommands, 256));
        try (JsonParser p = Json.MAPPER.createParser(bytes))
        {
            if (ndjson)
            {
                int lastLine = 0;
                for (JsonToken t = p.nextToken(); t != null; t = p.nextToken())
                {
                    if (p.currentTokenLocation().getLineNr() == lastLine)
                    {
                        throw ApiError.badRequest("MALFORMED_JSON", "NDJSON takes one element per line; line " +
                            lastLine + " has more");
                    }
                    add(elements, element(p, t, elements.size()), maxCommands);
                    lastLine = p.currentTokenLocation().getLineNr();
                }
            }
            else
            {
                if (p.nextToken() != JsonToken.START_ARRAY)
                {
                    throw ApiError.badRequest("MALFORMED_JSON", "a batch is a JSON array of elements " +
                        "(or NDJSON with Content-Type application/x-ndjson)");
                }
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken())
                {
                    add(elements, element(p, t, elements.size()), maxCommands);
                }
                if (p.nextToken() != null)
                {
                    throw ApiError.badRequest("MALFORMED_JSON", "malformed JSON: more than one value in the body");
                }
            }
        }
        catch (final JsonProcessingException e)
        {
            throw ApiError.badRequest("MALFORMED_JSON", Json.malformed(e));
        }
        catch (final IOException e)
        {
            throw ApiError.badRequest("MALFORMED_JSON", "the request body could not be read as JSON");
        }
        return elements;
    }

    private static void add(final List<Element> elements, final Element element, final int maxCommands)
    {
        if (elements.size() == maxCommands)
        {
            throw new ApiError(413, "TOO_MANY_COMMANDS", "a batch takes at most " + maxCommands + " commands");
        }
        elements.add(element);
    }

    private static Element element(final JsonParser p, final JsonToken start, final int index) throws IOException
    {
        if (start != JsonToken.START_OBJECT)
        {
            throw invalid(index, "an element is a JSON object {\"method\", \"path\", \"idempotencyKey\", \"body\"}");
        }
        String method = null;
        String path = null;
        String key = null;
        int offset = 0;
        int length = 0;
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken())
        {
            final String field = p.currentName();
            final JsonToken value = p.nextToken();
            switch (field)
            {
                case "method" -> method = text(p, value, index, field);
                case "path" -> path = text(p, value, index, field);
                case "idempotencyKey" -> key = text(p, value, index, field);
                case "body" ->
                {
                    offset = (int)p.currentTokenLocation().getByteOffset();
                    length = (int)(end(p, value) - offset);
                }
                default -> throw ApiError.badRequest("UNKNOWN_FIELD", "element " + index + ": unknown field '" +
                    field + "' (an element has method, path, idempotencyKey and body)");
            }
        }
        if (path == null)
        {
            throw ApiError.badRequest("MISSING_FIELD", "element " + index + ": 'path' is required");
        }
        return new Element(method == null ? METHOD : method, path, key, offset, length);
    }

    /** @return the byte offset just past the value that starts at the current token. */
    private static long end(final JsonParser p, final JsonToken value) throws IOException
    {
        if (value.isStructStart())
        {
            p.skipChildren();
            // The closing bracket's own offset: the parser may have read past it.
            return p.currentTokenLocation().getByteOffset() + 1;
        }
        // A scalar: a string's end is only known once its text is read.
        p.finishToken();
        return p.currentLocation().getByteOffset();
    }

    /** @return the text of an optional string field; null stands for absent. */
    private static String text(final JsonParser p, final JsonToken value, final int index, final String field)
        throws IOException
    {
        if (value == JsonToken.VALUE_NULL)
        {
            return null;
        }
        if (value != JsonToken.VALUE_STRING)
        {
            throw invalid(index, "'" + field + "' must be a string");
        }
        return p.getText();
    }

    private static ApiError invalid(final int index, final String problem)
    {
        return ApiError.badRequest("INVALID_FIELD", "element " + index + ": " + problem);
    }
}

package io.omnistock.daemon.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
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
 * by the parser's byte offsets), not parsed into a tree and written again: its Idempotency-Key
 * fingerprint covers those bytes, so an element and a request sent alone with the same key and the
 * same body bytes are the same request. Slicing also spares a tree and a serialisation per element.
 *
 * <p>Where the element's route reads its body as a record ({@link BodyTypes}) and the element names
 * its {@code path} before its {@code body}, the body is read into that record here, in the same
 * pass that checks the batch, as {@link RecordReader} reads a request's body; the route takes it
 * from there ({@link Call#json}). Checking a body by skipping its tokens and then parsing it again
 * in its route tokenised it twice: 21% of the I/O threads' CPU samples on batches of 256 orders went
 * to the two, 16% to the one pass after (async-profiler, docs/benchmarks.md run 55). A body the
 * reader leaves to databind, or one before its path, is read by its route from its bytes, as before.
 *
 * <p>Every object's names are checked for repeats ({@link JsonNames}), as Jackson's strict duplicate
 * detection checked them: a repeated name anywhere refuses the batch as malformed.
 */
final class BatchBody
{
    static final String METHOD = "POST";

    /**
     * One element, its body {@code bytes[bodyOffset, bodyOffset + bodyLength)} of the batch's body
     * (empty when the element has none).
     *
     * @param read the body read as its route's record, or null when the route reads it from its bytes.
     */
    record Element(String method, String path, String idempotencyKey, int bodyOffset, int bodyLength, Object read)
    {
    }

    /** What record a batch element's route reads its body as. */
    @FunctionalInterface
    interface BodyTypes
    {
        /**
         * @param target the element's path, with its query string if any.
         * @return the record its route reads from its body; null when none, or no such route.
         */
        Class<?> of(String method, String target);
    }

    /**
     * The route's answer for the element before, while elements name the same target: matching a
     * path against every write route's template took 2.4% of the I/O threads' CPU samples on batches
     * of 256 orders (docs/benchmarks.md run 55), and a batch's elements mostly go to one route.
     */
    private static final class LastBodyType implements BodyTypes
    {
        private final BodyTypes routes;
        private String method;
        private String target;
        private Class<?> type;

        LastBodyType(final BodyTypes routes)
        {
            this.routes = routes;
        }

        @Override
        public Class<?> of(final String method, final String target)
        {
            if (!target.equals(this.target) || !method.equals(this.method))
            {
                this.type = routes.of(method, target);
                this.method = method;
                this.target = target;
            }
            return type;
        }
    }

    private BatchBody()
    {
    }

    /**
     * @param ndjson whether the body is NDJSON (else a JSON array).
     * @throws ApiError 400 MALFORMED_JSON, INVALID_FIELD, UNKNOWN_FIELD or MISSING_FIELD for a body
     *     that is not a batch; 413 TOO_MANY_COMMANDS for more than {@code maxCommands} elements.
     */
    static List<Element> parse(final byte[] bytes, final boolean ndjson, final int maxCommands, final BodyTypes routes)
    {
        final List<Element> elements = new ArrayList<>(Math.min(maxCommands, 256));
        final JsonNames names = new JsonNames();
        final BodyTypes types = new LastBodyType(routes);
        try (JsonParser p = RecordReader.TOKENS.createParser(bytes))
        {
            if (ndjson)
            {
                int lastLine = 0;
                for (JsonToken t = names.next(p); t != null; t = names.next(p))
                {
                    if (p.currentTokenLocation().getLineNr() == lastLine)
                    {
                        throw ApiError.badRequest("MALFORMED_JSON", "NDJSON takes one element per line; line " +
                            lastLine + " has more");
                    }
                    add(elements, element(p, t, elements, names, types), maxCommands);
                    lastLine = p.currentTokenLocation().getLineNr();
                }
            }
            else
            {
                if (names.next(p) != JsonToken.START_ARRAY)
                {
                    throw ApiError.badRequest("MALFORMED_JSON", "a batch is a JSON array of elements " +
                        "(or NDJSON with Content-Type application/x-ndjson)");
                }
                for (JsonToken t = names.next(p); t != JsonToken.END_ARRAY; t = names.next(p))
                {
                    add(elements, element(p, t, elements, names, types), maxCommands);
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

    /** @param before the elements read so far: the last one's method and path are most often this one's. */
    private static Element element(final JsonParser p, final JsonToken start, final List<Element> before,
        final JsonNames names, final BodyTypes types) throws IOException
    {
        final int index = before.size();
        final Element last = index == 0 ? null : before.get(index - 1);
        if (start != JsonToken.START_OBJECT)
        {
            throw invalid(index, "an element is a JSON object {\"method\", \"path\", \"idempotencyKey\", \"body\"}");
        }
        final JsonStreamContext element = p.getParsingContext();
        String method = null;
        String path = null;
        String key = null;
        int offset = 0;
        int length = 0;
        Object read = null;
        for (JsonToken t = names.next(p); t == JsonToken.FIELD_NAME; t = names.next(p))
        {
            final String field = p.currentName();
            final JsonToken value = names.next(p);
            switch (field)
            {
                case "method" -> method = text(p, value, index, field, last == null ? null : last.method());
                case "path" -> path = text(p, value, index, field, last == null ? null : last.path());
                case "idempotencyKey" -> key = text(p, value, index, field, null);
                case "body" ->
                {
                    offset = (int)p.currentTokenLocation().getByteOffset();
                    final Class<?> type = value == JsonToken.START_OBJECT && path != null ?
                        types.of(method == null ? METHOD : method, path) : null;
                    final RecordReader reader = type == null ? null : RecordReader.of(type);
                    read = reader == null ? null : reader.readIn(p, names);
                    length = (int)(end(p, value, element, names) - offset);
                }
                default -> throw ApiError.badRequest("UNKNOWN_FIELD", "element " + index + ": unknown field '" +
                    field + "' (an element has method, path, idempotencyKey and body)");
            }
        }
        if (path == null)
        {
            throw ApiError.badRequest("MISSING_FIELD", "element " + index + ": 'path' is required");
        }
        return new Element(method == null ? METHOD : method, path, key, offset, length, read);
    }

    /**
     * Reads the rest of the value that starts at {@code value} (all of it, or what a record reader
     * left of it), every object's names checked.
     *
     * @param element the element's object, the value's parent.
     * @return the byte offset just past the value.
     */
    private static long end(final JsonParser p, final JsonToken value, final JsonStreamContext element,
        final JsonNames names) throws IOException
    {
        if (value.isStructStart())
        {
            while (p.getParsingContext() != element)
            {
                if (names.next(p) == null)
                {
                    throw ApiError.badRequest("MALFORMED_JSON", "the body ends before the JSON value does (truncated?)");
                }
            }
            // The closing bracket's own offset: the parser may have read past it.
            return p.currentTokenLocation().getByteOffset() + 1;
        }
        // A scalar: a string's end is only known once its text is read.
        p.finishToken();
        return p.currentLocation().getByteOffset();
    }

    /** @return the text of an optional string field; null stands for absent. */
    /**
     * @param same the previous element's value of this field, or null: given back when this one is
     *     the same text. Elements mostly name one method and one path; a string each per element, and
     *     its hash computed again where it is looked up, was 130 of the 2,400 bytes the I/O threads
     *     allocated per order on batches of 256 (async-profiler, docs/benchmarks.md run 57).
     */
    private static String text(final JsonParser p, final JsonToken value, final int index, final String field,
        final String same) throws IOException
    {
        if (value == JsonToken.VALUE_NULL)
        {
            return null;
        }
        if (value != JsonToken.VALUE_STRING)
        {
            throw invalid(index, "'" + field + "' must be a string");
        }
        if (same != null && same.length() == p.getTextLength())
        {
            final char[] chars = p.getTextCharacters();
            final int offset = p.getTextOffset();
            int i = 0;
            while (i < same.length() && chars[offset + i] == same.charAt(i))
            {
                i++;
            }
            if (i == same.length())
            {
                return same;
            }
        }
        return p.getText();
    }

    private static ApiError invalid(final int index, final String problem)
    {
        return ApiError.badRequest("INVALID_FIELD", "element " + index + ": " + problem);
    }
}

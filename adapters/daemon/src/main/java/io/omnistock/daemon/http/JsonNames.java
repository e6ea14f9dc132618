package io.omnistock.daemon.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;

/**
 * The field names seen in each object still open while one JSON value is read token by token, so a
 * repeated name is refused as Jackson's {@code STRICT_DUPLICATE_DETECTION} refuses it (the same
 * {@link JsonParseException}, "Duplicate field 'x'"), without its hash set per object. Those sets
 * were 1.9% of the I/O threads' CPU samples on batches of 256 orders, and with their nodes about 6%
 * of the allocation samples (async-profiler, docs/benchmarks.md run 55): a batch's element and its
 * body are an object each, with three or more fields.
 *
 * <p>Names are kept per nesting depth, in an array compared in turn while an object has few (a body's
 * objects have a handful), and in a hash set kept for that depth once one has more than
 * {@link #LINEAR}, so a body of one object with a hundred thousand fields still costs a hash
 * look-up per field. One instance reads one value on one thread; arrays and sets are reused from
 * one object to the next.
 */
final class JsonNames
{
    /** Names an object may have before its depth's names go into a hash set. */
    static final int LINEAR = 16;

    private String[][] names = new String[4][];
    private int[] counts = new int[4];
    private HashSet<?>[] sets = new HashSet<?>[4];

    /**
     * Notes {@code token}, just read from {@code parser}: an object opens, or a field of the open
     * object is named.
     *
     * @throws JsonParseException the field's name was used already in its object.
     */
    void saw(final JsonParser parser, final JsonToken token) throws IOException
    {
        if (token == JsonToken.START_OBJECT)
        {
            open(parser.getParsingContext().getNestingDepth());
        }
        else if (token == JsonToken.FIELD_NAME)
        {
            name(parser, parser.getParsingContext().getNestingDepth(), parser.currentName());
        }
    }

    /** @return the next token of {@code parser}, noted. */
    JsonToken next(final JsonParser parser) throws IOException
    {
        final JsonToken token = parser.nextToken();
        saw(parser, token);
        return token;
    }

    private void open(final int depth)
    {
        if (depth >= counts.length)
        {
            final int size = Math.max(depth + 1, counts.length * 2);
            names = Arrays.copyOf(names, size);
            counts = Arrays.copyOf(counts, size);
            sets = Arrays.copyOf(sets, size);
        }
        if (counts[depth] > LINEAR)
        {
            sets[depth].clear();
        }
        counts[depth] = 0;
    }

    @SuppressWarnings("unchecked")
    private void name(final JsonParser parser, final int depth, final String name) throws JsonParseException
    {
        final int count = counts[depth];
        if (count < LINEAR)
        {
            String[] seen = names[depth];
            if (seen == null)
            {
                seen = names[depth] = new String[LINEAR];
            }
            for (int i = 0; i < count; i++)
            {
                if (seen[i].equals(name))
                {
                    throw duplicate(parser, name);
                }
            }
            seen[count] = name;
        }
        else
        {
            HashSet<String> set = (HashSet<String>)sets[depth];
            if (set == null)
            {
                set = new HashSet<>();
                sets[depth] = set;
            }
            if (count == LINEAR)
            {
                set.addAll(Arrays.asList(names[depth]));
            }
            if (!set.add(name))
            {
                throw duplicate(parser, name);
            }
        }
        counts[depth] = count + 1;
    }

    private static JsonParseException duplicate(final JsonParser parser, final String name)
    {
        // Jackson's own words for it, so Json.malformed says what it says for a request's body.
        return new JsonParseException(parser, "Duplicate field '" + name + "'");
    }
}

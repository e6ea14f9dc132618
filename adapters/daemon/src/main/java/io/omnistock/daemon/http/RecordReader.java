package io.omnistock.daemon.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a request body into a record straight from the token stream, without databind, and
 * decides only bodies it is sure {@link Json#MAPPER} takes as they are: every component a boxed
 * {@code String}, {@code Long}, {@code Integer}, {@code Double} or {@code Boolean}, a record of
 * such, or a list of either; each value of exactly its type's token, or null. Anything else (an
 * unknown or repeated field, a string for a number, a fraction for a whole number, a number out of
 * range, trailing tokens, malformed JSON) it leaves undecided, and {@link Json#read} hands the body to
 * databind, so every refusal keeps databind's code and message.
 *
 * <p>Why: databind's record path (a deserialization context, a property buffer, a creator call
 * per body) took 15% of the I/O threads' CPU samples on single orders (JFR, flash sale, 64
 * connections); an order's body is a dozen tokens.
 */
final class RecordReader
{
    /**
     * Tokens without Jackson's duplicate-key detection, which costs a hash set per object: this
     * reader refuses a repeated field itself (and databind then decides it), a batch's check with
     * {@link JsonNames}.
     */
    static final JsonFactory TOKENS = JsonFactory.builder().build();
    private static final ClassValue<RecordReader> READERS = new ClassValue<>()
    {
        @Override
        protected RecordReader computeValue(final Class<?> type)
        {
            return supported(type) ? new RecordReader(type) : null;
        }
    };

    /** What one component takes. */
    private enum Kind
    {
        STRING, LONG, INTEGER, DOUBLE, BOOLEAN, RECORD, LIST
    }

    /** Thrown where databind must decide; carries no stack (it is flow, not a fault). */
    private static final class Undecided extends Exception
    {
        private static final Undecided INSTANCE = new Undecided();

        private Undecided()
        {
            super("left to databind", null, false, false);
        }
    }

    private final Constructor<?> canonical;
    private final String[] names;
    private final Kind[] kinds;
    /** For a RECORD component, its reader; for a LIST, its elements' kind and reader. */
    private final RecordReader[] nested;
    private final Kind[] elementKinds;

    private RecordReader(final Class<?> type)
    {
        final RecordComponent[] components = type.getRecordComponents();
        names = new String[components.length];
        kinds = new Kind[components.length];
        nested = new RecordReader[components.length];
        elementKinds = new Kind[components.length];
        final Class<?>[] parameterTypes = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++)
        {
            names[i] = components[i].getName();
            parameterTypes[i] = components[i].getType();
            kinds[i] = kind(components[i].getType());
            if (kinds[i] == Kind.RECORD)
            {
                nested[i] = READERS.get(components[i].getType());
            }
            else if (kinds[i] == Kind.LIST)
            {
                final Class<?> element = listElement(components[i].getGenericType());
                elementKinds[i] = kind(element);
                nested[i] = elementKinds[i] == Kind.RECORD ? READERS.get(element) : null;
            }
        }
        try
        {
            canonical = type.getDeclaredConstructor(parameterTypes);
        }
        catch (final NoSuchMethodException e)
        {
            throw new IllegalStateException("a record without its canonical constructor: " + type, e);
        }
    }

    /** @return the reader of {@code type}, or null when databind alone reads it. */
    static RecordReader of(final Class<?> type)
    {
        return READERS.get(type);
    }

    /**
     * @return the body as the record, or null when it is not sure to read as databind would (then
     *     databind decides, value or refusal).
     */
    Object read(final byte[] body, final int offset, final int length)
    {
        try (JsonParser parser = TOKENS.createParser(body, offset, length))
        {
            if (parser.nextToken() != JsonToken.START_OBJECT)
            {
                return null;
            }
            final Object value = readObject(parser, null);
            return parser.nextToken() == null ? value : null;
        }
        catch (final Undecided | java.io.IOException | RuntimeException e)
        {
            return null;
        }
    }

    /**
     * Reads the object at {@code parser}'s current {@code START_OBJECT} (noted in {@code seen}
     * already) in a value read token by token: a batch element's body, read as its route reads it
     * while the batch is checked, so the body is tokenised once.
     *
     * @return the record, the parser on its {@code END_OBJECT}; or null when databind must decide,
     *     the parser wherever reading stopped, each token up to there noted in {@code seen} (the
     *     caller reads the rest of the object).
     * @throws java.io.IOException the JSON is malformed, or repeats a name in an object.
     */
    Object readIn(final JsonParser parser, final JsonNames seen) throws java.io.IOException
    {
        try
        {
            return readObject(parser, seen);
        }
        catch (final Undecided | RuntimeException e)
        {
            return null;
        }
    }

    /** The next token, noted in {@code names} when a value is read token by token. */
    private static JsonToken next(final JsonParser parser, final JsonNames names) throws java.io.IOException
    {
        return names == null ? parser.nextToken() : names.next(parser);
    }

    /** Reads the object whose START_OBJECT is the current token, up to its END_OBJECT. */
    private Object readObject(final JsonParser parser, final JsonNames seenNames) throws java.io.IOException, Undecided
    {
        final Object[] values = new Object[names.length];
        long seen = 0;
        for (JsonToken token = next(parser, seenNames); token != JsonToken.END_OBJECT; token = next(parser, seenNames))
        {
            final int i = component(parser.currentName());
            if (i < 0 || (seen & 1L << i) != 0)
            {
                throw Undecided.INSTANCE;
            }
            seen |= 1L << i;
            final JsonToken value = next(parser, seenNames);
            values[i] = value == JsonToken.VALUE_NULL ? null : kinds[i] == Kind.LIST ?
                readList(parser, elementKinds[i], nested[i], seenNames) :
                readValue(parser, value, kinds[i], nested[i], seenNames);
        }
        try
        {
            return canonical.newInstance(values);
        }
        catch (final ReflectiveOperationException e)
        {
            throw Undecided.INSTANCE;
        }
    }

    private static List<Object> readList(final JsonParser parser, final Kind kind, final RecordReader reader,
        final JsonNames names) throws java.io.IOException, Undecided
    {
        if (parser.currentToken() != JsonToken.START_ARRAY)
        {
            throw Undecided.INSTANCE;
        }
        final List<Object> list = new ArrayList<>();
        for (JsonToken token = next(parser, names); token != JsonToken.END_ARRAY; token = next(parser, names))
        {
            list.add(readValue(parser, token, kind, reader, names));
        }
        return list;
    }

    private static Object readValue(final JsonParser parser, final JsonToken token, final Kind kind,
        final RecordReader reader, final JsonNames names) throws java.io.IOException, Undecided
    {
        switch (kind)
        {
            case STRING:
                if (token == JsonToken.VALUE_STRING)
                {
                    return parser.getText();
                }
                break;
            case LONG:
                if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER)
                {
                    return parser.getLongValue();
                }
                break;
            case INTEGER:
                if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT)
                {
                    return parser.getIntValue();
                }
                break;
            case DOUBLE:
                if (token == JsonToken.VALUE_NUMBER_FLOAT)
                {
                    final double value = parser.getDoubleValue();
                    if (Double.isFinite(value))
                    {
                        return value;
                    }
                }
                break;
            case BOOLEAN:
                if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE)
                {
                    return token == JsonToken.VALUE_TRUE;
                }
                break;
            case RECORD:
                if (token == JsonToken.START_OBJECT)
                {
                    return reader.readObject(parser, names);
                }
                break;
            default:
                break;
        }
        throw Undecided.INSTANCE;
    }

    private int component(final String name)
    {
        for (int i = 0; i < names.length; i++)
        {
            if (names[i].equals(name))
            {
                return i;
            }
        }
        return -1;
    }

    private static boolean supported(final Class<?> type)
    {
        if (!type.isRecord() || type.getRecordComponents().length > Long.SIZE)
        {
            return false;
        }
        for (final RecordComponent c : type.getRecordComponents())
        {
            final Kind kind = kind(c.getType());
            if (kind == null || kind == Kind.RECORD && !supported(c.getType()))
            {
                return false;
            }
            if (kind == Kind.LIST)
            {
                final Class<?> element = listElement(c.getGenericType());
                final Kind elementKind = element == null ? null : kind(element);
                if (elementKind == null || elementKind == Kind.LIST ||
                    elementKind == Kind.RECORD && !supported(element))
                {
                    return false;
                }
            }
        }
        return true;
    }

    private static Kind kind(final Class<?> type)
    {
        if (type == String.class)
        {
            return Kind.STRING;
        }
        if (type == Long.class)
        {
            return Kind.LONG;
        }
        if (type == Integer.class)
        {
            return Kind.INTEGER;
        }
        if (type == Double.class)
        {
            return Kind.DOUBLE;
        }
        if (type == Boolean.class)
        {
            return Kind.BOOLEAN;
        }
        if (type == List.class)
        {
            return Kind.LIST;
        }
        return type.isRecord() ? Kind.RECORD : null;
    }

    /** @return a {@code List<E>}'s element class, or null when it is not a plain class. */
    private static Class<?> listElement(final Type listType)
    {
        if (listType instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> element)
        {
            return element;
        }
        return null;
    }
}

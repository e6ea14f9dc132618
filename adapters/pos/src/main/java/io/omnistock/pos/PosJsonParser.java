package io.omnistock.pos;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the compact JSON form of POS transactions: one transaction object, or an array of them
 * (an offline till uploading its backlog).
 *
 * <pre>{@code
 * {
 *   "transactionId": "SH001-03-20250301-0042",
 *   "store": "SH-STORE-001",
 *   "terminal": "03",
 *   "businessTime": "2025-03-01T10:15:30+08:00",
 *   "voids": null,
 *   "lines": [
 *     {"line": 1, "kind": "SALE",   "sku": "MILK-1L",    "quantity": 2,    "unit": "EA", "amount": 2250},
 *     {"line": 2, "kind": "SALE",   "sku": "APPLE-FUJI", "quantity": 0.42, "unit": "KGM"},
 *     {"line": 3, "kind": "VOID",   "sku": "BREAD",      "quantity": 1,    "unit": "EA"},
 *     {"line": 4, "kind": "RETURN", "sku": "YOGURT",     "quantity": 1,    "unit": "EA"}
 *   ]
 * }
 * }</pre>
 *
 * {@code voids} (optional) makes the transaction a post-void of the transaction with that id, whose
 * lines it repeats. {@code businessTime} is ISO-8601 with an offset. {@code quantity} is a JSON
 * number or a decimal string, read exactly (never through a double), in the {@code unit} given
 * (see {@link UnitOfMeasure}). {@code amount} (optional) is what the line sold for, discounts taken off,
 * in minor currency units (2250: 22.50), a whole number of 0 or more. Unknown fields, duplicate keys, trailing content and values of the
 * wrong JSON type (a number or boolean for a code, a string for the line number) are refused; a
 * line number with a fraction is an invalid field. Instances are thread-safe.
 */
public final class PosJsonParser
{
    // No type is guessed at: Jackson would otherwise truncate a line number of 1.9 to line 1 and
    // read "sku": 123 or true as the codes "123" and "true". Disabling scalar coercion alone leaves
    // numbers and booleans accepted as strings, so text refuses them explicitly; a decimal string
    // stays accepted for the quantity only, as documented.
    private final ObjectMapper mapper = JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .withCoercionConfig(LogicalType.Textual, config -> config
            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
        .withCoercionConfig(BigDecimal.class, config -> config
            .setCoercion(CoercionInputShape.String, CoercionAction.TryConvert))
        .build();

    /**
     * @param json one transaction object or an array of them (the caller closes the stream).
     * @return the transactions, in order.
     * @throws PosFormatException if the document or any transaction in it is refused; nothing of it
     *     should then be ingested.
     */
    public List<PosTransaction> parse(final InputStream json)
    {
        final JsonNode root = readTree(json);
        final List<PosTransaction> transactions = new ArrayList<>();
        if (root != null && root.isArray())
        {
            for (int i = 0; i < root.size(); i++)
            {
                transactions.add(transaction(root.get(i), "transaction " + (i + 1)));
            }
        }
        else if (root != null && root.isObject())
        {
            transactions.add(transaction(root, "transaction"));
        }
        else
        {
            throw new PosFormatException(PosFormatError.MALFORMED, "expected a transaction object or an array of them");
        }
        return transactions;
    }

    private JsonNode readTree(final InputStream json)
    {
        try
        {
            return mapper.readTree(json);
        }
        catch (final JacksonException e)
        {
            throw new PosFormatException(PosFormatError.MALFORMED, "malformed JSON: " + e.getOriginalMessage(), e);
        }
        catch (final IOException e)
        {
            throw new PosFormatException(PosFormatError.MALFORMED, "could not read the JSON: " + e.getMessage(), e);
        }
    }

    private PosTransaction transaction(final JsonNode node, final String where)
    {
        // Checked here because binding a JSON null yields a null transaction rather than an error.
        if (!node.isObject())
        {
            throw new PosFormatException(PosFormatError.MALFORMED,
                where + ": expected a transaction object, was " + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        final JsonTransaction t = bind(node, JsonTransaction.class, where);
        final List<PosLine> lines = new ArrayList<>();
        if (t.lines() != null)
        {
            for (final JsonLine line : t.lines())
            {
                lines.add(line(line, where));
            }
        }
        try
        {
            return new PosTransaction(t.transactionId(), t.store(), t.terminal(), instant(t.businessTime()), t.voids(),
                lines);
        }
        catch (final PosFormatException e)
        {
            throw new PosFormatException(e.error(), where + ": " + e.getMessage(), e);
        }
    }

    private PosLine line(final JsonLine line, final String where)
    {
        if (line == null)
        {
            throw new PosFormatException(PosFormatError.MALFORMED, where + ": a line is null");
        }
        final String context = where + " line " + line.line();
        try
        {
            if (line.line() == null)
            {
                throw new PosFormatException(PosFormatError.MISSING_FIELD, "\"line\" (the line number) is missing");
            }
            if (line.quantity() == null)
            {
                throw new PosFormatException(PosFormatError.MISSING_FIELD, "\"quantity\" is missing");
            }
            if (line.unit() == null)
            {
                throw new PosFormatException(PosFormatError.MISSING_FIELD, "\"unit\" is missing (EA for pieces, KGM for kilograms...)");
            }
            if (line.amount() != null && line.amount() < 0)
            {
                throw new PosFormatException(PosFormatError.INVALID_FIELD, "\"amount\" must be 0 or more, was " + line.amount());
            }
            final UnitOfMeasure unit = UnitOfMeasure.fromCode(line.unit());
            return new PosLine(line.line(), kind(line.kind()), line.sku(), unit.toBaseUnits(line.quantity()), unit.baseUnit(),
                line.amount() == null ? PosLine.NO_AMOUNT : line.amount());
        }
        catch (final PosFormatException e)
        {
            throw new PosFormatException(e.error(), context + ": " + e.getMessage(), e);
        }
    }

    private <T> T bind(final JsonNode node, final Class<T> type, final String where)
    {
        try
        {
            return mapper.treeToValue(node, type);
        }
        catch (final UnrecognizedPropertyException e)
        {
            throw new PosFormatException(PosFormatError.MALFORMED,
                where + ": unknown field \"" + e.getPropertyName() + "\"; known fields are " + e.getKnownPropertyIds(), e);
        }
        catch (final InvalidFormatException e)
        {
            // A fraction where a whole number is expected is the right JSON type with an invalid value.
            if (e.getTargetType() == Integer.class && e.getValue() instanceof BigDecimal)
            {
                throw new PosFormatException(PosFormatError.INVALID_FIELD,
                    where + ": \"" + path(e) + "\" must be a whole number, was " + e.getValue(), e);
            }
            throw new PosFormatException(PosFormatError.MALFORMED,
                where + ": \"" + path(e) + "\" is not of the expected JSON type: " + e.getValue(), e);
        }
        catch (final JacksonException e)
        {
            throw new PosFormatException(PosFormatError.MALFORMED, where + ": " + e.getOriginalMessage(), e);
        }
    }

    /** @return where in the transaction the value is, e.g. {@code lines[1].line}. */
    private static String path(final JsonMappingException e)
    {
        final StringBuilder path = new StringBuilder();
        for (final JsonMappingException.Reference r : e.getPath())
        {
            path.append(r.getFieldName() != null ? (path.isEmpty() ? "" : ".") + r.getFieldName() : "[" + r.getIndex() + "]");
        }
        return path.toString();
    }

    private static LineKind kind(final String text)
    {
        if (text == null || text.isBlank())
        {
            throw new PosFormatException(PosFormatError.MISSING_FIELD, "\"kind\" is missing");
        }
        for (final LineKind kind : LineKind.values())
        {
            if (kind.name().equals(text))
            {
                return kind;
            }
        }
        throw new PosFormatException(PosFormatError.INVALID_FIELD, "kind '" + text + "' is not SALE, RETURN or VOID");
    }

    private static Instant instant(final String text)
    {
        if (text == null || text.isBlank())
        {
            throw new PosFormatException(PosFormatError.MISSING_FIELD, "\"businessTime\" is missing");
        }
        try
        {
            return OffsetDateTime.parse(text).toInstant();
        }
        catch (final DateTimeException e)
        {
            throw new PosFormatException(PosFormatError.INVALID_FIELD,
                "businessTime '" + text + "' is not an ISO-8601 date-time with an offset", e);
        }
    }

    /** The wire shape of a transaction; validated into a {@link PosTransaction}. */
    private record JsonTransaction(
        String transactionId, String store, String terminal, String businessTime, String voids, List<JsonLine> lines)
    {
    }

    /** The wire shape of a line; validated into a {@link PosLine}. */
    private record JsonLine(Integer line, String kind, String sku, BigDecimal quantity, String unit, Long amount)
    {
    }
}

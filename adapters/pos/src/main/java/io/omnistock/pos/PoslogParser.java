package io.omnistock.pos;

import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * Reads ARTS POSLog XML (NRF) into {@link PosTransaction}s with the JDK's StAX reader.
 *
 * <p>Elements are matched by local name, so the IXRetail namespace, none, or a vendor's prefix all
 * read alike; elements the adapter has no use for (tenders, taxes, customer...) are skipped. What is
 * read, per {@code POSLog/Transaction}:
 * <ul>
 *   <li>{@code RetailStoreID} (the store's location code), {@code WorkstationID}, {@code SequenceNumber},
 *       optional {@code TransactionID}, {@code EndDateTime};</li>
 *   <li>{@code RetailTransaction/LineItem} with {@code SequenceNumber} and a {@code Sale} or
 *       {@code Return} holding {@code ItemID} (the SKU code) and {@code Quantity} with its
 *       {@code UnitOfMeasureCode} (default {@code EA}); {@code VoidFlag="true"} on the line item
 *       makes it a {@link LineKind#VOID} line, and with a negative quantity also the earlier line
 *       it cancels (an item void, as NCR writes it: the two net to nothing); the line's amount is
 *       {@code ExtendedDiscountAmount} (after discounts), else {@code ExtendedAmount}, else none, in
 *       minor units of the transaction's {@code CurrencyCode} (ISO 4217: 2 decimals for CNY or EUR,
 *       0 for JPY; 2 when the code is absent), rounded half-even to the minor unit;</li>
 *   <li>{@code RetailTransaction/TransactionLink ReasonCode="PostVoid"} naming the voided transaction
 *       ({@code TransactionID}, or {@code RetailStoreID}/{@code WorkstationID}/{@code SequenceNumber})
 *       makes it a post-void;</li>
 *   <li>{@code CancelFlag="true"} or {@code TrainingModeFlag="true"} on the transaction: it moved no
 *       stock, so every line is read as {@link LineKind#VOID}.</li>
 * </ul>
 * Transactions without a {@code RetailTransaction} or without item lines (control, tender-control,
 * a cancelled empty sale) are left out. The transaction id is {@code TransactionID} if present,
 * otherwise {@code RetailStoreID:WorkstationID:SequenceNumber}, with {@code \} and {@code :} escaped
 * by a {@code \} in every part if any part holds a {@code :}.
 *
 * <p>Security: the reader refuses any document with a DTD ({@link PosFormatError#DTD_FORBIDDEN}),
 * supports no DTDs and no external entities, and may access no external resource, so XXE and entity
 * expansion attacks cannot happen. Instances are immutable and thread-safe.
 */
public final class PoslogParser
{
    private static final String POST_VOID = "PostVoid";

    private final XMLInputFactory factory;
    private final ZoneId localZone;

    /**
     * @param localZone the zone of timestamps written without an offset (many tills write local
     *                  time), usually the store's.
     */
    public PoslogParser(final ZoneId localZone)
    {
        this.localZone = Objects.requireNonNull(localZone, "localZone");
        // The JDK's own implementation, not whatever StAX provider happens to be on the class path,
        // so the security properties below are known to be honoured.
        factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) ->
        {
            throw new XMLStreamException("external resources are not allowed: " + systemId);
        });
    }

    /**
     * @param xml a POSLog document (the caller closes the stream).
     * @return its transactions that concern stock, in document order.
     * @throws PosFormatException if the document or any transaction in it is refused; nothing of it
     *     should then be ingested.
     */
    public List<PosTransaction> parse(final InputStream xml)
    {
        XMLStreamReader reader = null;
        try
        {
            reader = factory.createXMLStreamReader(xml);
            return readDocument(reader);
        }
        catch (final XMLStreamException e)
        {
            throw new PosFormatException(PosFormatError.MALFORMED, "malformed POSLog XML: " + e.getMessage(), e);
        }
        finally
        {
            close(reader);
        }
    }

    private List<PosTransaction> readDocument(final XMLStreamReader reader) throws XMLStreamException
    {
        while (reader.hasNext())
        {
            final int event = reader.next();
            if (event == XMLStreamConstants.DTD)
            {
                throw new PosFormatException(PosFormatError.DTD_FORBIDDEN,
                    "POSLog documents must not declare a DTD " + at(reader));
            }
            if (event == XMLStreamConstants.START_ELEMENT)
            {
                if (!"POSLog".equals(reader.getLocalName()))
                {
                    throw new PosFormatException(PosFormatError.MALFORMED,
                        "the root element must be POSLog, was " + reader.getLocalName());
                }
                final List<PosTransaction> transactions = readPoslog(reader);
                requireEndOfDocument(reader);
                return transactions;
            }
        }
        throw new PosFormatException(PosFormatError.MALFORMED, "the document has no POSLog element");
    }

    /**
     * Reads on past the root's end tag: a second POSLog or text after it makes the document not
     * well-formed, and is only noticed if it is read, not when parsing stops at the root's end.
     */
    private static void requireEndOfDocument(final XMLStreamReader reader) throws XMLStreamException
    {
        while (reader.hasNext())
        {
            final int event = reader.next();
            final boolean ignorable = event == XMLStreamConstants.COMMENT
                || event == XMLStreamConstants.PROCESSING_INSTRUCTION || event == XMLStreamConstants.SPACE
                || event == XMLStreamConstants.END_DOCUMENT
                || event == XMLStreamConstants.CHARACTERS && reader.isWhiteSpace();
            if (!ignorable)
            {
                throw new PosFormatException(PosFormatError.MALFORMED,
                    "nothing but comments and processing instructions may follow the POSLog element " + at(reader));
            }
        }
    }

    private List<PosTransaction> readPoslog(final XMLStreamReader reader) throws XMLStreamException
    {
        final List<PosTransaction> transactions = new ArrayList<>();
        while (reader.nextTag() == XMLStreamConstants.START_ELEMENT)
        {
            if ("Transaction".equals(reader.getLocalName()))
            {
                final PosTransaction transaction = readTransaction(reader, transactions.size() + 1);
                if (transaction != null)
                {
                    transactions.add(transaction);
                }
            }
            else
            {
                skip(reader);
            }
        }
        return transactions;
    }

    /** Reads one Transaction element; the reader is on its start tag and is left on its end tag. */
    private PosTransaction readTransaction(final XMLStreamReader reader, final int position) throws XMLStreamException
    {
        final String at = at(reader);
        final String where = "transaction " + position + " " + at;
        final boolean movedNoStock = flag(reader, "CancelFlag") || flag(reader, "TrainingModeFlag");
        final TransactionFields fields = new TransactionFields();
        while (reader.nextTag() == XMLStreamConstants.START_ELEMENT)
        {
            switch (reader.getLocalName())
            {
                case "RetailStoreID" -> fields.store = reader.getElementText().strip();
                case "WorkstationID" -> fields.terminal = reader.getElementText().strip();
                case "SequenceNumber" -> fields.sequence = reader.getElementText().strip();
                case "TransactionID" -> fields.transactionId = reader.getElementText().strip();
                case "EndDateTime" -> fields.endTime = reader.getElementText().strip();
                case "CurrencyCode" -> fields.currency = reader.getElementText().strip();
                case "RetailTransaction" ->
                {
                    fields.retail = true;
                    readRetailTransaction(reader, fields);
                }
                default -> skip(reader);
            }
        }
        if (!fields.retail || fields.lines.isEmpty() && fields.voidedTransactionId == null)
        {
            return null;
        }
        final String id;
        try
        {
            id = fields.transactionId != null && !fields.transactionId.isEmpty()
                ? fields.transactionId
                : composedId(fields.store, fields.terminal, fields.sequence, where);
        }
        catch (final PosFormatException e)
        {
            throw new PosFormatException(e.error(), where + ": " + e.getMessage(), e);
        }
        // Lines are converted once the transaction's id is known, so that a refused line is named by
        // the transaction and its own SequenceNumber, not only by a position in the XML.
        final List<PosLine> lines = lines(fields.lines, movedNoStock, currencyDigits(fields.currency, where),
            "transaction " + id + " " + at);
        try
        {
            return new PosTransaction(id, fields.store, fields.terminal, instant(fields.endTime, where),
                fields.voidedTransactionId, lines);
        }
        catch (final PosFormatException e)
        {
            throw new PosFormatException(e.error(), where + ": " + e.getMessage(), e);
        }
    }

    private void readRetailTransaction(final XMLStreamReader reader, final TransactionFields fields)
        throws XMLStreamException
    {
        while (reader.nextTag() == XMLStreamConstants.START_ELEMENT)
        {
            switch (reader.getLocalName())
            {
                case "LineItem" ->
                {
                    final ItemLine line = readLineItem(reader);
                    if (line != null)
                    {
                        fields.lines.add(line);
                    }
                }
                case "TransactionLink" -> readTransactionLink(reader, fields);
                default -> skip(reader);
            }
        }
    }

    /** Returns null for line items that are not goods (tender, tax, discount...). */
    private ItemLine readLineItem(final XMLStreamReader reader) throws XMLStreamException
    {
        final ItemLine line = new ItemLine();
        line.where = at(reader);
        line.voidFlag = flag(reader, "VoidFlag");
        while (reader.nextTag() == XMLStreamConstants.START_ELEMENT)
        {
            switch (reader.getLocalName())
            {
                case "SequenceNumber" -> line.number = reader.getElementText().strip();
                case "Sale" ->
                {
                    line.kind = LineKind.SALE;
                    line.item = readItem(reader);
                }
                case "Return" ->
                {
                    line.kind = LineKind.RETURN;
                    line.item = readItem(reader);
                }
                default -> skip(reader);
            }
        }
        return line.kind == null ? null : line;
    }

    /**
     * The transaction's item lines as they moved stock, in document order. ARTS POSLog marks a
     * voided line with {@code VoidFlag="true"} in one of two ways, and both net to nothing:
     * <ul>
     *   <li>voided in place: the line itself carries the flag and its positive quantity; it is a
     *       {@link LineKind#VOID} line;</li>
     *   <li>an item void (as NCR writes it): the earlier line stays as it was, and a later line of
     *       the same item with the flag and a negative quantity cancels it. Both become
     *       {@link LineKind#VOID}: the cancelled line is the latest earlier one of the same kind,
     *       item and quantity not already cancelled (identical lines move the same stock, so which
     *       one is voided does not change what is applied).</li>
     * </ul>
     * A negative quantity without the flag, or an item void that finds no line to cancel, refuses
     * the transaction: applying half of it would be wrong either way.
     *
     * @param movedNoStock a cancelled or training transaction: every line is {@link LineKind#VOID}.
     * @param transaction  names the transaction in messages.
     */
    private static List<PosLine> lines(final List<ItemLine> items, final boolean movedNoStock, final int currencyDigits,
        final String transaction)
    {
        final List<PosLine> lines = new ArrayList<>(items.size());
        for (final ItemLine item : items)
        {
            final String where = transaction + ": line item " + (isBlank(item.number) ? "without a SequenceNumber" :
                item.number) + " " + item.where;
            try
            {
                if (item.item.quantity == null)
                {
                    throw new PosFormatException(PosFormatError.MISSING_FIELD, "Quantity is missing");
                }
                final UnitOfMeasure unit = UnitOfMeasure.fromCode(item.item.unit == null ? "EA" : item.item.unit);
                final BigDecimal reading = UnitOfMeasure.reading(item.item.quantity);
                final boolean itemVoid = item.voidFlag && reading.signum() < 0;
                final boolean voided = item.voidFlag || movedNoStock;
                // A voided line sells nothing, so its amount (negative in an item void) is not kept.
                final PosLine line = new PosLine(lineNumber(item.number), voided ? LineKind.VOID : item.kind,
                    item.item.itemId, unit.toBaseUnits(itemVoid ? reading.negate() : reading), unit.baseUnit(),
                    voided ? PosLine.NO_AMOUNT : amount(item.item, currencyDigits));
                if (itemVoid && !movedNoStock)
                {
                    cancelEarlierLine(lines, line, item.kind, reading, unit);
                }
                lines.add(line);
            }
            catch (final PosFormatException e)
            {
                throw new PosFormatException(e.error(), where + ": " + e.getMessage(), e);
            }
        }
        return lines;
    }

    private static void cancelEarlierLine(
        final List<PosLine> lines, final PosLine itemVoid, final LineKind kind, final BigDecimal reading,
        final UnitOfMeasure unit)
    {
        for (int i = lines.size() - 1; i >= 0; i--)
        {
            final PosLine earlier = lines.get(i);
            if (earlier.kind() == kind && earlier.sku().equals(itemVoid.sku()) && earlier.quantity() == itemVoid.quantity()
                && earlier.unit() == itemVoid.unit())
            {
                lines.set(i, new PosLine(earlier.number(), LineKind.VOID, earlier.sku(), earlier.quantity(), earlier.unit()));
                return;
            }
        }
        throw new PosFormatException(PosFormatError.UNMATCHED_VOID, "VoidFlag=\"true\" with quantity " + reading + " "
            + unit.code() + " voids an earlier " + (kind == LineKind.SALE ? "Sale" : "Return") + " line of "
            + reading.negate() + " " + unit.code() + " of " + itemVoid.sku() + ", but no such line is left to cancel");
    }

    /** The line's amount after discounts, else before, in minor units; {@link PosLine#NO_AMOUNT} without either. */
    private static long amount(final ItemFields item, final int currencyDigits)
    {
        final String text = item.discountedAmount != null ? item.discountedAmount : item.amount;
        if (isBlank(text))
        {
            return PosLine.NO_AMOUNT;
        }
        try
        {
            final long minor = new BigDecimal(text.strip()).movePointRight(currencyDigits)
                .setScale(0, RoundingMode.HALF_EVEN).longValueExact();
            if (minor < 0)
            {
                throw new PosFormatException(PosFormatError.INVALID_FIELD, "the amount " + text.strip()
                    + " is negative; a sale or return line's amount is what changed hands, 0 or more");
            }
            return minor;
        }
        catch (final NumberFormatException | ArithmeticException e)
        {
            throw new PosFormatException(PosFormatError.INVALID_FIELD, "the amount '" + text.strip() + "' is not a decimal number"
                + " of at most 2^63 minor units", e);
        }
    }

    /** @return the minor unit's decimals of an ISO 4217 code, 2 without one. */
    private static int currencyDigits(final String code, final String where)
    {
        if (isBlank(code))
        {
            return 2;
        }
        try
        {
            return Math.max(0, Currency.getInstance(code).getDefaultFractionDigits());
        }
        catch (final IllegalArgumentException e)
        {
            throw new PosFormatException(PosFormatError.INVALID_FIELD, where + ": CurrencyCode '" + code
                + "' is not an ISO 4217 currency", e);
        }
    }

    private ItemFields readItem(final XMLStreamReader reader) throws XMLStreamException
    {
        final ItemFields item = new ItemFields();
        while (reader.nextTag() == XMLStreamConstants.START_ELEMENT)
        {
            switch (reader.getLocalName())
            {
                case "ItemID" -> item.itemId = reader.getElementText().strip();
                case "ExtendedAmount" -> item.amount = reader.getElementText();
                case "ExtendedDiscountAmount" -> item.discountedAmount = reader.getElementText();
                case "Quantity" ->
                {
                    item.unit = reader.getAttributeValue(null, "UnitOfMeasureCode");
                    item.quantity = reader.getElementText();
                }
                default -> skip(reader);
            }
        }
        return item;
    }

    private void readTransactionLink(final XMLStreamReader reader, final TransactionFields fields)
        throws XMLStreamException
    {
        final String where = "transaction link " + at(reader);
        final boolean postVoid = POST_VOID.equalsIgnoreCase(reader.getAttributeValue(null, "ReasonCode"));
        String store = null;
        String terminal = null;
        String sequence = null;
        String transactionId = null;
        while (reader.nextTag() == XMLStreamConstants.START_ELEMENT)
        {
            switch (reader.getLocalName())
            {
                case "RetailStoreID" -> store = reader.getElementText().strip();
                case "WorkstationID" -> terminal = reader.getElementText().strip();
                case "SequenceNumber" -> sequence = reader.getElementText().strip();
                case "TransactionID" -> transactionId = reader.getElementText().strip();
                default -> skip(reader);
            }
        }
        if (postVoid)
        {
            // A link usually leaves out the store when it is the transaction's own.
            fields.voidedTransactionId = transactionId != null && !transactionId.isEmpty()
                ? transactionId
                : composedId(store != null ? store : fields.store, terminal, sequence, where);
        }
    }

    private static String composedId(final String store, final String terminal, final String sequence, final String where)
    {
        if (isBlank(store) || isBlank(terminal) || isBlank(sequence))
        {
            throw new PosFormatException(PosFormatError.MISSING_FIELD, where
                + ": without a TransactionID, RetailStoreID, WorkstationID and SequenceNumber are all needed to identify it");
        }
        // The id feeds every line's command id, so ids composed as plain store:terminal:sequence stay
        // exactly so, or a re-upload of a journaled transaction would no longer be a duplicate. Only
        // when a part holds the separator are the parts escaped ('\' as "\\", ':' as "\:"): with
        // plain joining, store "A:B" and terminal "C" gave the same id as store "A" and terminal
        // "B:C". An escaped id has more than two ':', a plain one exactly two, so they never coincide.
        if (store.indexOf(':') < 0 && terminal.indexOf(':') < 0 && sequence.indexOf(':') < 0)
        {
            return store + ":" + terminal + ":" + sequence;
        }
        return escaped(store) + ":" + escaped(terminal) + ":" + escaped(sequence);
    }

    private static String escaped(final String part)
    {
        return part.replace("\\", "\\\\").replace(":", "\\:");
    }

    private static int lineNumber(final String text)
    {
        if (isBlank(text))
        {
            throw new PosFormatException(PosFormatError.MISSING_FIELD, "SequenceNumber is missing");
        }
        try
        {
            return Integer.parseInt(text);
        }
        catch (final NumberFormatException e)
        {
            throw new PosFormatException(PosFormatError.INVALID_FIELD, "SequenceNumber '" + text + "' is not a whole number", e);
        }
    }

    private Instant instant(final String text, final String where)
    {
        if (isBlank(text))
        {
            throw new PosFormatException(PosFormatError.MISSING_FIELD, "EndDateTime is missing");
        }
        try
        {
            return OffsetDateTime.parse(text).toInstant();
        }
        catch (final DateTimeException withoutOffset)
        {
            try
            {
                return LocalDateTime.parse(text).atZone(localZone).toInstant();
            }
            catch (final DateTimeException e)
            {
                throw new PosFormatException(PosFormatError.INVALID_FIELD,
                    "EndDateTime '" + text + "' is not an ISO-8601 date-time", e);
            }
        }
    }

    private static boolean flag(final XMLStreamReader reader, final String attribute)
    {
        final String value = reader.getAttributeValue(null, attribute);
        return value != null && ("true".equalsIgnoreCase(value.strip()) || "1".equals(value.strip()));
    }

    /** Skips the element the reader is on, with everything in it; leaves the reader on its end tag. */
    private static void skip(final XMLStreamReader reader) throws XMLStreamException
    {
        int depth = 1;
        while (depth > 0)
        {
            final int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT)
            {
                depth++;
            }
            else if (event == XMLStreamConstants.END_ELEMENT)
            {
                depth--;
            }
        }
    }

    private static String at(final XMLStreamReader reader)
    {
        final Location location = reader.getLocation();
        return "(XML line " + location.getLineNumber() + ", column " + location.getColumnNumber() + ")";
    }

    private static boolean isBlank(final String text)
    {
        return text == null || text.isBlank();
    }

    private static void close(final XMLStreamReader reader)
    {
        if (reader != null)
        {
            try
            {
                reader.close();
            }
            catch (final XMLStreamException ignored)
            {
                // Nothing is left to read; the caller owns and closes the underlying stream.
            }
        }
    }

    /** What one Transaction element said, gathered while reading it. */
    private static final class TransactionFields
    {
        private String store;
        private String terminal;
        private String sequence;
        private String transactionId;
        private String endTime;
        private String currency;
        private String voidedTransactionId;
        private boolean retail;
        private final List<ItemLine> lines = new ArrayList<>();
    }

    /** One Sale or Return line item as read, converted once its transaction is known. */
    private static final class ItemLine
    {
        private String where;
        private boolean voidFlag;
        private String number;
        private LineKind kind;
        private ItemFields item;
    }

    /** The item of one Sale or Return. */
    private static final class ItemFields
    {
        private String itemId;
        private String unit;
        private String quantity;
        private String amount;
        private String discountedAmount;
    }
}

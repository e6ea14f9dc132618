package io.omnistock.daemon.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnistock.api.CommandTranslator;
import io.omnistock.api.CommandWriter;
import io.omnistock.api.InventoryEngine;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.ResultListener;
import io.omnistock.api.ResultView;
import io.undertow.util.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code POST /v1/stock/load}: a bulk stock load, CSV ({@code location,sku,quantity} with a header)
 * or NDJSON ({@code {"location","sku","quantity"}} per line). Each line is one engine command,
 * published straight into the ring (the ring's backpressure paces the reader), so a million
 * positions load in seconds. {@code ?mode=stocktake} (default) sets on hand absolutely, keeping
 * open reservations; {@code ?mode=receive} adds. The response streams NDJSON progress lines and
 * ends with a summary. Line command ids derive from the Idempotency-Key, so a retried load applies
 * nothing twice.
 */
final class BulkLoad
{
    private static final Logger LOG = LoggerFactory.getLogger(BulkLoad.class);
    private static final int MAX_REPORTED = 100;
    private static final long PROGRESS_EVERY = 100_000;

    private final InventoryEngine engine;
    private final Idempotency idempotency;

    BulkLoad(final InventoryEngine engine, final Idempotency idempotency)
    {
        this.engine = engine;
        this.idempotency = idempotency;
    }

    void register(final HttpApi api, final long bodyLimit)
    {
        api.route("POST", "/v1/stock/load", Scope.STOCK, bodyLimit, this::load);
    }

    /** One line's command, reused for every line: publishing copies it into the ring slot. */
    private static final class Line implements CommandTranslator<Line>
    {
        long commandId;
        /** The keyed load's request fingerprint, carried by every line's command; 0 unkeyed. */
        long fingerprint;
        int location;
        int sku;
        long quantity;
        boolean receive;
        /** The codes as the line wrote them, for a rejection to name: the engine's result lacks them. */
        String locationCode;
        String skuCode;

        @Override
        public void translate(final CommandWriter writer, final Line line)
        {
            if (line.receive)
            {
                writer.receive(line.commandId, line.location, line.sku, line.quantity);
            }
            else
            {
                writer.stocktake(line.commandId, line.location, line.sku, line.quantity);
            }
            writer.fingerprint(line.fingerprint);
        }
    }

    /** A line the engine rejected, as the client wrote it. */
    private record Rejection(long line, String location, String sku, String reason)
    {
    }

    /**
     * One load's figures: lines read, published and invalid are counted on the request thread,
     * the engine's outcomes on the journal thread.
     */
    private static final class Tally
    {
        final long start = System.nanoTime();
        final ArrayNode invalidLines = Json.MAPPER.createArrayNode();
        long lines;
        long published;
        long invalid;
        final LongAdder applied = new LongAdder();
        final LongAdder duplicates = new LongAdder();
        final LongAdder rejected = new LongAdder();
        final LongAdder answered = new LongAdder();
        final AtomicInteger reported = new AtomicInteger();
        /** Set when a line's command id was first used by another request: the key was reused. */
        volatile boolean reused;
        final ConcurrentLinkedQueue<Rejection> rejections = new ConcurrentLinkedQueue<>();

        void invalid(final String problem)
        {
            invalid++;
            if (invalidLines.size() < MAX_REPORTED)
            {
                invalidLines.addObject().put("line", lines).put("error", problem);
            }
        }

        /**
         * @return the listener for the current line. One per line, because a result carries neither
         *     the line number nor, for a rejected command, the location and SKU.
         */
        ResultListener listener(final Line line)
        {
            final long number = lines;
            final String location = line.locationCode;
            final String sku = line.skuCode;
            return r -> answered(r, number, location, sku);
        }

        private void answered(final ResultView r, final long number, final String location, final String sku)
        {
            if (r.reason() == ReasonCode.OK)
            {
                applied.increment();
            }
            else if (r.reason() == ReasonCode.DUPLICATE_COMMAND)
            {
                duplicates.increment();
            }
            else if (r.reason() == ReasonCode.IDEMPOTENCY_KEY_REUSED)
            {
                reused = true;
                rejected.increment();
            }
            else
            {
                rejected.increment();
                if (reported.incrementAndGet() <= MAX_REPORTED)
                {
                    rejections.add(new Rejection(number, location, sku, r.reason().name()));
                }
            }
            // Last, so that once every line is answered the counts above are complete.
            answered.increment();
        }

        /** Waits, at most a minute, for the engine to answer every published line. */
        void awaitAnswers() throws InterruptedException
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (answered.sum() < published && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
        }

        void summarise(final ObjectNode into)
        {
            into.put("lines", lines).put("applied", applied.sum())
                .put("alreadyApplied", duplicates.sum())
                .put("rejected", rejected.sum()).put("invalid", invalid)
                .put("seconds", (System.nanoTime() - start) / 1e9)
                .put("complete", answered.sum() == published);
            final ArrayNode named = into.putArray("rejections");
            for (final Rejection r : rejections)
            {
                named.addObject().put("line", r.line()).put("location", r.location()).put("sku", r.sku())
                    .put("reason", r.reason());
            }
            into.set("invalidLines", invalidLines);
        }

        void progress(final OutputStream out) throws IOException
        {
            final double seconds = (System.nanoTime() - start) / 1e9;
            final ObjectNode p = Json.object();
            p.putObject("progress").put("lines", lines).put("published", published).put("answered", answered.sum())
                .put("perSecond", Math.round(published / Math.max(seconds, 1e-9)));
            out.write(Json.MAPPER.writeValueAsBytes(p));
            out.write('\n');
            out.flush();
        }
    }

    private Reply load(final Call call) throws IOException, InterruptedException
    {
        final String type = call.requireMediaType("text/csv", "application/x-ndjson");
        final boolean csv = type.equals("text/csv");
        final String mode = call.query("mode") == null ? "stocktake" : Enums.wire(call.query("mode"));
        if (!mode.equals("stocktake") && !mode.equals("receive"))
        {
            throw ApiError.badRequest("INVALID_FIELD", "'mode' must be stocktake or receive, got '" +
                call.query("mode") + "'");
        }
        final String key = call.header(Idempotency.HEADER);
        final long base = idempotency.commandId(call.principal(), key);
        final Line line = new Line();
        line.receive = mode.equals("receive");
        final Tally tally = new Tally();
        try (InputStream body = key == null ? call.bodyStream() : spooled(call, base, line);
             BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 1 << 16))
        {
            // Whatever refuses the whole load is checked before the response starts: once it has,
            // the status is 200 and only a line of the stream can tell the client what went wrong.
            final String first = withoutByteOrderMark(in.readLine());
            if (first == null)
            {
                throw ApiError.badRequest("INVALID_FIELD", "the body is empty: there is nothing to load");
            }
            if (csv && !first.strip().equalsIgnoreCase("location,sku,quantity"))
            {
                throw ApiError.badRequest("INVALID_FIELD", "a CSV load starts with the header 'location,sku,quantity'");
            }
            // The header, when there is one, is line 1.
            tally.lines = csv ? 1 : 0;
            String text = csv ? in.readLine() : first;
            if (key != null)
            {
                // A keyed load's first command is decided before the answer starts: the engine
                // refuses it if the key's first load was another body (each line's command carries
                // the load's fingerprint), and then nothing of this load is applied.
                for (; text != null && tally.published == 0; text = in.readLine())
                {
                    tally.lines++;
                    publish(text, csv, base, line, tally, null);
                }
                tally.awaitAnswers();
                if (tally.reused)
                {
                    throw Idempotency.reused();
                }
            }
            final var exchange = call.exchange();
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/x-ndjson");
            try (OutputStream out = exchange.getOutputStream())
            {
                final ObjectNode last = Json.object();
                ObjectNode figures;
                try
                {
                    for (; text != null; text = in.readLine())
                    {
                        tally.lines++;
                        publish(text, csv, base, line, tally, out);
                    }
                    figures = last.putObject("done");
                }
                catch (final ApiError e)
                {
                    // Only the body's size limit or a broken chunk fails a load that has started (a
                    // chunked body has no length to check up front). The lines before stay applied, so the
                    // stream ends with the error and the figures so far instead of "done".
                    figures = last.putObject("error").put("code", e.code())
                        .put("message", e.getMessage() + "; no line after line " + tally.lines + " was read");
                }
                tally.awaitAnswers();
                tally.summarise(figures);
                out.write(Json.MAPPER.writeValueAsBytes(last));
                out.write('\n');
            }
        }
        catch (final IOException e)
        {
            // The client stopped sending or receiving mid-load (it went away, or cut its body short):
            // the lines before stay applied, as with any load that ends early. Not a fault of the
            // daemon, so one line in the log, no stack trace.
            LOG.warn("bulk load ended after line {}: the request's connection failed ({}){}", tally.lines, e.toString(),
                RequestContext.describe());
            if (!call.exchange().isResponseStarted())
            {
                throw ApiError.badRequest("UNREADABLE_BODY", "could not read the request body after line " +
                    tally.lines + ": " + e.getMessage());
            }
            call.exchange().setPersistent(false);
        }
        return Reply.HANDLED;
    }

    /**
     * Reads a keyed load in full to a temporary file before any line is applied: a key reused for a
     * different body must be refused with nothing applied, and a body's fingerprint, which every
     * line's command carries, is only known at its end. The body's size limit is met here too, so
     * a keyed load over it changes nothing.
     *
     * @return the body, read back from the file (deleted when closed).
     */
    private InputStream spooled(final Call call, final long base, final Line line) throws IOException
    {
        final Path spool = Files.createTempFile("omnistock-load-", ".body");
        try
        {
            final Idempotency.RequestDigest request = Idempotency.RequestDigest.of(call, idempotency);
            try (InputStream in = request.digesting(call.bodyStream()))
            {
                Files.copy(in, spool, StandardCopyOption.REPLACE_EXISTING);
            }
            final Idempotency.Fingerprints fingerprints = request.fingerprints();
            idempotency.check(base, fingerprints);
            line.fingerprint = fingerprints.engine();
            return Files.newInputStream(spool, StandardOpenOption.DELETE_ON_CLOSE);
        }
        catch (final IOException | RuntimeException e)
        {
            Files.deleteIfExists(spool);
            throw e;
        }
    }

    /** Spreadsheets write a UTF-8 byte order mark before the first line; it is not part of it. */
    private static String withoutByteOrderMark(final String first)
    {
        return first != null && first.startsWith("\uFEFF") ? first.substring(1) : first;
    }

    /** Publishes one line's command, or counts the line invalid; blank lines are skipped. */
    private void publish(final String text, final boolean csv, final long base, final Line line, final Tally tally,
        final OutputStream out) throws IOException
    {
        if (text.isBlank())
        {
            return;
        }
        final String problem = csv ? parseCsv(text, line) : parseJson(text, line);
        if (problem != null)
        {
            tally.invalid(problem);
            return;
        }
        line.commandId = Idempotency.derive(base, tally.lines);
        engine.publish(line, line, tally.listener(line));
        tally.published++;
        if (out != null && tally.published % PROGRESS_EVERY == 0)
        {
            tally.progress(out);
        }
    }

    /** @return null, or what is wrong with the line. */
    private String parseCsv(final String text, final Line line)
    {
        final int a = text.indexOf(',');
        final int b = a < 0 ? -1 : text.indexOf(',', a + 1);
        if (a < 0 || b < 0 || text.indexOf(',', b + 1) >= 0)
        {
            return "expected three fields: location,sku,quantity";
        }
        return resolve(text.substring(0, a).strip(), text.substring(a + 1, b).strip(), text.substring(b + 1).strip(), line);
    }

    private String parseJson(final String text, final Line line)
    {
        String location = null;
        String sku = null;
        String quantity = null;
        try (JsonParser p = Json.MAPPER.createParser(text))
        {
            if (p.nextToken() != JsonToken.START_OBJECT)
            {
                return "expected a JSON object";
            }
            while (p.nextToken() == JsonToken.FIELD_NAME)
            {
                final String field = p.currentName();
                final JsonToken value = p.nextToken();
                switch (field)
                {
                    case "location" -> location = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "sku" -> sku = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "quantity" -> quantity = value == JsonToken.VALUE_NUMBER_INT ? p.getText() : "not a whole number";
                    default ->
                    {
                        return "unknown field '" + field + "'";
                    }
                }
            }
            if (p.nextToken() != null)
            {
                return "more than one JSON value on the line";
            }
        }
        catch (final IOException e)
        {
            return "malformed JSON";
        }
        if (location == null || sku == null || quantity == null)
        {
            return "'location' and 'sku' (strings) and 'quantity' (a whole number) are required";
        }
        return resolve(location, sku, quantity, line);
    }

    private String resolve(final String location, final String sku, final String quantity, final Line line)
    {
        line.locationCode = location;
        line.skuCode = sku;
        line.location = engine.locationId(location);
        if (line.location < 0)
        {
            return "UNKNOWN_LOCATION '" + location + "'";
        }
        line.sku = engine.skuId(sku);
        if (line.sku < 0)
        {
            return "UNKNOWN_SKU '" + sku + "'";
        }
        if (!asciiWhole(quantity))
        {
            return notAQuantity(quantity);
        }
        try
        {
            line.quantity = Long.parseLong(quantity);
        }
        catch (final NumberFormatException e)
        {
            return notAQuantity(quantity);
        }
        return null;
    }

    private static String notAQuantity(final String quantity)
    {
        return "quantity must be a whole number, an optional sign and ASCII digits within 64 bits, got '" + quantity + "'";
    }

    /**
     * Long.parseLong also takes other scripts' digits (Arabic-Indic, fullwidth, ...): a file
     * written with them is not one this format describes, so only ASCII digits make a quantity.
     */
    private static boolean asciiWhole(final String quantity)
    {
        final int first = quantity.startsWith("-") || quantity.startsWith("+") ? 1 : 0;
        if (first == quantity.length())
        {
            return false;
        }
        for (int i = first; i < quantity.length(); i++)
        {
            final char c = quantity.charAt(i);
            if (c < '0' || c > '9')
            {
                return false;
            }
        }
        return true;
    }
}

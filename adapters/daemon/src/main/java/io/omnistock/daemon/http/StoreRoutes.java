package io.omnistock.daemon.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnistock.pos.CountCommitResult;
import io.omnistock.pos.CountLineOutcome;
import io.omnistock.pos.CountScan;
import io.omnistock.pos.CountSessionException;
import io.omnistock.pos.CountSessions;
import io.omnistock.pos.LineOutcome;
import io.omnistock.pos.PosFormatException;
import io.omnistock.pos.PosIngestResult;
import io.omnistock.pos.PosIngestor;
import io.omnistock.pos.PosJsonParser;
import io.omnistock.pos.PosTransaction;
import io.omnistock.pos.PoslogParser;
import io.omnistock.pos.ScanOutcome;

import java.io.ByteArrayInputStream;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Store hardware: POS transactions (ARTS POSLog XML or the compact JSON form) and stocktake count
 * sessions. Parsing and translation are the {@code pos} adapter's; this maps them onto HTTP.
 */
public final class StoreRoutes
{
    private final PosIngestor ingestor;
    private final PoslogParser poslog;
    private final PosJsonParser json = new PosJsonParser();
    private final CountSessions counts;
    private final long timeoutMillis;
    private final int maxOpenSessions;
    private final int maxBarcodes;
    /**
     * Ids of the sessions opened here and not yet seen closed; guarded by itself. Open sessions
     * live in memory, so their number is bounded; ids closed another way are pruned when it counts.
     */
    private final Set<String> openSessions = new java.util.HashSet<>();
    /**
     * The order sessions were opened in, for the listing (its cursor is an ordinal); guarded by
     * openSessions, pruned with it, so bounded by counts.max-open-sessions too.
     */
    private final java.util.NavigableMap<Long, String> openedInOrder = new java.util.TreeMap<>();
    private long openedCount;

    public StoreRoutes(
        final Writes writes, final ZoneId posZone, final long timeoutMillis, final int maxOpenSessions,
        final int maxBarcodes)
    {
        this.ingestor = new PosIngestor(writes.engine());
        this.poslog = new PoslogParser(posZone);
        this.counts = new CountSessions(writes.engine());
        this.timeoutMillis = timeoutMillis;
        this.maxOpenSessions = maxOpenSessions;
        this.maxBarcodes = maxBarcodes;
    }

    /** Bodies of the count-session endpoints. */
    record OpenCount(String sessionId, String location, Map<String, String> barcodes, List<String> zeroCountScope)
    {
    }

    record Scan(String code, Long quantity, String epc)
    {
    }

    record Scans(List<Scan> scans)
    {
    }

    public void register(final HttpApi api)
    {
        api.route("POST", "/v1/pos/transactions", Scope.STOCK, call ->
        {
            final String type = call.requireMediaType("application/json", "application/xml", "text/xml");
            final List<CompletableFuture<PosIngestResult>> pending;
            try
            {
                final List<PosTransaction> transactions = type.equals("application/json") ?
                    json.parse(new ByteArrayInputStream(call.body())) : poslog.parse(new ByteArrayInputStream(call.body()));
                // Refuses the whole body (a unit of the wrong kind for its SKU) before submitting any of it.
                pending = ingestor.ingest(transactions);
            }
            catch (final PosFormatException e)
            {
                throw ApiError.badRequest(e.wireCode(), e.getMessage());
            }
            final ObjectNode body = Json.object();
            final ArrayNode results = body.putArray("transactions");
            for (final CompletableFuture<PosIngestResult> f : pending)
            {
                results.add(json(await(f)));
            }
            return Reply.ok(body);
        });

        api.route("POST", "/v1/counts", Scope.STOCK, call ->
        {
            final OpenCount b = call.json(OpenCount.class);
            final Map<String, String> barcodes = b.barcodes() == null ? Map.of() :
                Fields.requiredValues(b.barcodes(), "barcodes");
            final Set<String> zeroCountScope = b.zeroCountScope() == null ? Set.of() :
                Set.copyOf(Fields.requiredElements(b.zeroCountScope(), "zeroCountScope"));
            if (barcodes.size() > maxBarcodes)
            {
                throw new ApiError(413, "BARCODE_MAP_TOO_LARGE", "the barcode map has " + barcodes.size() +
                    " entries; a count session takes at most " + maxBarcodes + " (counts.max-barcodes)");
            }
            synchronized (openSessions)
            {
                if (openSessions.size() >= maxOpenSessions)
                {
                    openSessions.removeIf(id -> !isOpen(id));
                    openedInOrder.values().retainAll(openSessions);
                }
                if (openSessions.size() >= maxOpenSessions)
                {
                    throw new ApiError(429, "TOO_MANY_COUNT_SESSIONS", maxOpenSessions + " count sessions are " +
                        "open (counts.max-open-sessions): commit or abandon one before opening another");
                }
                counts(() -> counts.open(b.sessionId(), b.location(), barcodes, zeroCountScope));
                openSessions.add(b.sessionId());
                openedInOrder.put(++openedCount, b.sessionId());
            }
            return Created.at(call, Created.path("/v1/counts/", b.sessionId()),
                Reply.of(201, Json.object().put("sessionId", b.sessionId()).put("location", b.location())));
        });
        api.route("POST", "/v1/counts/{id}/scans", Scope.STOCK, call ->
        {
            final String id = call.path("id");
            counts(() -> counts.session(id));
            final List<Scan> scans = Fields.required(call.json(Scans.class).scans(), "scans");
            // Every scan is read before any is counted, and the session counts the batch whole or
            // not at all: a refused request changes nothing, so the client may correct and resend it.
            final List<CountScan> batch = new ArrayList<>(scans.size());
            for (int i = 0; i < scans.size(); i++)
            {
                final Scan s = Fields.required(scans.get(i), "scans[" + i + "]");
                final String code = Fields.requiredText(s.code(), "scans[" + i + "].code");
                batch.add(counts("scans[" + i + "]: ", () ->
                    new CountScan(code, s.quantity() == null ? 1 : s.quantity(), s.epc())));
            }
            final ObjectNode body = Json.object();
            final ArrayNode outcomes = body.putArray("outcomes");
            for (final ScanOutcome outcome : counts(() -> counts.scan(id, batch)))
            {
                outcomes.add(outcome.name());
            }
            return Reply.ok(body);
        });
        api.route("POST", "/v1/counts/{id}/commit", Scope.STOCK, call ->
        {
            final CompletableFuture<CountCommitResult> committed = counts(() -> counts.commit(call.path("id")));
            closed(call.path("id"));
            final CountCommitResult result = await(committed);
            final ObjectNode body = Json.object().put("sessionId", result.sessionId()).put("location", result.location());
            final ArrayNode skus = body.putArray("skus");
            for (final CountLineOutcome o : result.skus())
            {
                skus.addObject().put("sku", o.sku()).put("counted", o.counted()).put("reason", o.reason().name())
                    .put("onHand", o.onHandAfter()).put("reserved", o.reservedAfter()).put("shortfall", o.shortfall());
            }
            return Reply.ok(body);
        });
        api.route("GET", "/v1/counts/{id}", Scope.STOCK, call ->
            Reply.ok(session(counts(() -> counts.session(call.path("id"))), Json.object())));
        api.route("GET", "/v1/counts", Scope.STOCK, call ->
        {
            // Sessions live in this daemon's memory, at most counts.max-open-sessions: a page is cheap.
            final String location = call.query("location");
            final Paging paging = Paging.of(call, "counts", "location=" + location, 0);
            final ObjectNode json = Json.object();
            final ArrayNode items = json.putArray("items");
            long next = -1;
            synchronized (openSessions)
            {
                for (final java.util.Map.Entry<Long, String> e : openedInOrder.tailMap(paging.after(), false).entrySet())
                {
                    if (items.size() == paging.limit())
                    {
                        break;
                    }
                    next = e.getKey();
                    final io.omnistock.pos.CountSession session = openSession(e.getValue());
                    if (session != null && (location == null || location.equals(session.location())))
                    {
                        session(session, items.addObject());
                    }
                }
                if (items.size() < paging.limit() || openedInOrder.higherKey(next) == null)
                {
                    next = -1;
                }
            }
            return Reply.ok(paging.page(next, json));
        });
        api.route("DELETE", "/v1/counts/{id}", Scope.STOCK, call ->
        {
            counts(() ->
            {
                counts.abandon(call.path("id"));
                return null;
            });
            closed(call.path("id"));
            return Reply.ok(Json.object().put("abandoned", call.path("id")));
        });
    }

    /** A count session as its read and the listing give it. */
    private static ObjectNode session(final io.omnistock.pos.CountSession session, final ObjectNode body)
    {
        body.put("sessionId", session.id()).put("location", session.location());
        final ObjectNode tally = body.putObject("counts");
        session.counts().forEach(tally::put);
        return body;
    }

    /** @return the session if it is still open, else null. */
    private io.omnistock.pos.CountSession openSession(final String sessionId)
    {
        try
        {
            return counts.session(sessionId);
        }
        catch (final CountSessionException e)
        {
            return null;
        }
    }

    private boolean isOpen(final String sessionId)
    {
        return openSession(sessionId) != null;
    }

    private void closed(final String sessionId)
    {
        synchronized (openSessions)
        {
            openSessions.remove(sessionId);
            openedInOrder.values().remove(sessionId);
        }
    }

    private static ObjectNode json(final PosIngestResult r)
    {
        final ObjectNode t = Json.object().put("transactionId", r.transactionId()).put("applied", r.applied())
            .put("alreadyApplied", r.duplicates()).put("voided", r.voided());
        final ArrayNode rejected = t.putArray("rejected");
        for (final LineOutcome o : r.rejected())
        {
            rejected.addObject().put("line", o.line()).put("sku", o.sku()).put("reason", o.reason().name())
                .put("message", o.detail());
        }
        // Recorded, never rejected: the store sold it, so the ledger was wrong. Flagged for a count.
        final ArrayNode negative = t.putArray("negativeOnHand");
        for (final LineOutcome o : r.negativeOnHand())
        {
            negative.addObject().put("line", o.line()).put("sku", o.sku()).put("onHand", o.onHandAfter());
        }
        return t;
    }

    private <T> T await(final CompletableFuture<T> future) throws InterruptedException
    {
        try
        {
            return future.get(timeoutMillis, TimeUnit.MILLISECONDS);
        }
        catch (final TimeoutException e)
        {
            throw new ApiError(503, "ENGINE_TIMEOUT", "no result in time; re-send: applied lines are not applied twice");
        }
        catch (final ExecutionException e)
        {
            if (e.getCause() instanceof ApiError api)
            {
                throw api;
            }
            throw new ApiError(503, "ENGINE_HALTED", "the engine failed the request: " + e.getCause());
        }
    }

    private static <T> T counts(final java.util.function.Supplier<T> action)
    {
        return counts("", action);
    }

    /** @param where prefixed to the message of a refusal, naming the part of the request refused. */
    private static <T> T counts(final String where, final java.util.function.Supplier<T> action)
    {
        try
        {
            return action.get();
        }
        catch (final CountSessionException e)
        {
            final int status = switch (e.error())
            {
                case UNKNOWN_SESSION, UNKNOWN_LOCATION, UNKNOWN_SKU -> 404;
                case SESSION_EXISTS, SESSION_CLOSED -> 409;
                case INVALID_QUANTITY, INVALID_ARGUMENT -> 422;
            };
            throw new ApiError(status, e.wireCode(), where + e.getMessage());
        }
    }
}

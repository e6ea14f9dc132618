package io.omnistock.pos;

import io.omnistock.api.InventoryEngine;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open count sessions: open, scan, commit or abandon. Sessions live in memory until they are
 * committed or abandoned; a restart of the process loses open sessions (the counting is redone), and
 * never a committed one (its stocktakes are in the engine's journal).
 *
 * <p>Each SKU's stocktake has the command id {@link CommandIds#countLine(String, String)} of the
 * session id and SKU code, so committing the same session id again is answered
 * {@code DUPLICATE_COMMAND}: use a fresh session id (a UUID) for every stocktake.
 *
 * <p>The ids of the last {@value #REMEMBERED_CLOSED_SESSIONS} sessions committed or abandoned are
 * remembered (in memory, since the process started), so a scan, commit or abandon sent to one of
 * them is told {@link CountError#SESSION_CLOSED} rather than {@link CountError#UNKNOWN_SESSION}.
 *
 * <p>A count is the stock on the shelf when it was scanned; sales rung up between the scan and the
 * commit are then counted twice (once by the count, once by the sale). Commit promptly after
 * scanning, or count an area while it is not selling. Thread-safe.
 */
public final class CountSessions
{
    /** Longest session id, code or EPC accepted: an EPC has up to 496 bits, 124 hex digits. */
    private static final int MAX_ARGUMENT_BYTES = 128;

    /**
     * How many closed session ids are remembered: bounded, as sessions are opened without end; at
     * up to 128 bytes an id, a few megabytes at most.
     */
    public static final int REMEMBERED_CLOSED_SESSIONS = 10_000;

    private final InventoryEngine engine;
    private final Map<String, CountSession> open = new ConcurrentHashMap<>();
    /** The most recently closed ids, oldest first; guarded by itself. */
    private final Set<String> closed = new LinkedHashSet<>();

    public CountSessions(final InventoryEngine engine)
    {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /**
     * @param sessionId      a new, unique id (see the class comment).
     * @param location       the location code to count.
     * @param barcodes       barcode (e.g. EAN-13) to SKU code; scans not in it are taken as SKU codes.
     * @param zeroCountScope SKU codes to set to zero if the session does not see them (e.g. every SKU
     *                       of the aisle being counted); empty to leave unseen SKUs alone.
     * @return the open session.
     * @throws CountSessionException if the id is taken, or the location or a scope SKU is unknown.
     */
    public CountSession open(
        final String sessionId, final String location, final Map<String, String> barcodes,
        final Set<String> zeroCountScope)
    {
        requireArgument(sessionId, "session id");
        requireArgument(location, "location code");
        final int locationId = engine.locationId(location);
        if (locationId < 0)
        {
            throw new CountSessionException(CountError.UNKNOWN_LOCATION,
                "location '" + location + "' is not defined in the engine");
        }
        final List<String> unknown = zeroCountScope.stream().filter(sku -> engine.skuId(sku) < 0).sorted().toList();
        if (!unknown.isEmpty())
        {
            throw new CountSessionException(CountError.UNKNOWN_SKU,
                "the zero-count scope names SKUs not defined in the engine: " + unknown);
        }
        final CountSession session = new CountSession(sessionId, location, locationId, barcodes, zeroCountScope, engine);
        if (open.putIfAbsent(sessionId, session) != null)
        {
            throw new CountSessionException(CountError.SESSION_EXISTS, "count session " + sessionId + " is already open");
        }
        return session;
    }

    /**
     * @param sessionId an open session's id.
     * @return the session.
     * @throws CountSessionException {@link CountError#SESSION_CLOSED} if it was recently committed or
     *     abandoned, {@link CountError#UNKNOWN_SESSION} if it is not open otherwise.
     */
    public CountSession session(final String sessionId)
    {
        final CountSession session = sessionId == null ? null : open.get(sessionId);
        if (session == null)
        {
            if (sessionId != null && wasClosed(sessionId))
            {
                throw new CountSessionException(CountError.SESSION_CLOSED,
                    "count session " + sessionId + " was committed or abandoned");
            }
            throw new CountSessionException(CountError.UNKNOWN_SESSION, "no count session " + sessionId + " is open");
        }
        return session;
    }

    /** See {@link CountSession#scan(String, long)}. */
    public ScanOutcome scan(final String sessionId, final String code, final long quantity)
    {
        return session(sessionId).scan(code, quantity);
    }

    /** See {@link CountSession#scanTag(String, String)}. */
    public ScanOutcome scanTag(final String sessionId, final String epc, final String code)
    {
        return session(sessionId).scanTag(epc, code);
    }

    /** See {@link CountSession#scan(List)}: the batch is counted whole or not at all. */
    public List<ScanOutcome> scan(final String sessionId, final List<CountScan> scans)
    {
        return session(sessionId).scan(scans);
    }

    /**
     * Closes the session and submits an absolute count (engine {@code STOCKTAKE}) for every SKU it
     * saw, and zero for the unseen SKUs of its scope. Open reservations are kept.
     *
     * @param sessionId an open session's id.
     * @return the outcome per SKU, completed when the engine has journaled them all.
     */
    public CompletableFuture<CountCommitResult> commit(final String sessionId)
    {
        final CountSession session = session(sessionId);
        // Remembered before it leaves the open sessions, so a scan meanwhile finds it in one or the other.
        rememberClosed(sessionId);
        // Removed first, so a second commit racing this one finds no session instead of committing twice.
        if (!open.remove(sessionId, session))
        {
            throw justClosed(sessionId);
        }
        return session.commit();
    }

    /**
     * Discards the session's scans; nothing is submitted.
     *
     * @param sessionId an open session's id.
     */
    public void abandon(final String sessionId)
    {
        final CountSession session = session(sessionId);
        rememberClosed(sessionId);
        if (!open.remove(sessionId, session))
        {
            throw justClosed(sessionId);
        }
        session.abandon();
    }

    private static CountSessionException justClosed(final String sessionId)
    {
        return new CountSessionException(CountError.SESSION_CLOSED, "count session " + sessionId + " was just closed");
    }

    private void rememberClosed(final String sessionId)
    {
        synchronized (closed)
        {
            // Re-added, so an id reused for a later session counts from its latest close.
            closed.remove(sessionId);
            closed.add(sessionId);
            if (closed.size() > REMEMBERED_CLOSED_SESSIONS)
            {
                final Iterator<String> oldest = closed.iterator();
                oldest.next();
                oldest.remove();
            }
        }
    }

    private boolean wasClosed(final String sessionId)
    {
        synchronized (closed)
        {
            return closed.contains(sessionId);
        }
    }

    static String requireArgument(final String value, final String what)
    {
        if (value == null || value.isBlank())
        {
            throw new CountSessionException(CountError.INVALID_ARGUMENT, what + " is missing");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_ARGUMENT_BYTES)
        {
            throw new CountSessionException(CountError.INVALID_ARGUMENT,
                what + " is longer than " + MAX_ARGUMENT_BYTES + " bytes of UTF-8");
        }
        return value;
    }
}

package io.omnistock.daemon.events;

import io.omnistock.api.EventKind;
import io.omnistock.api.EventView;
import io.omnistock.api.InventoryEngine;
import io.omnistock.core.journal.Journal;
import io.omnistock.core.journal.JournalReader;
import io.omnistock.core.journal.JournalRecord;
import io.omnistock.daemon.http.ApiError;
import io.omnistock.daemon.http.Call;
import io.omnistock.daemon.http.Codes;
import io.omnistock.daemon.http.HttpApi;
import io.omnistock.daemon.http.OrderIds;
import io.omnistock.daemon.http.Principal;
import io.omnistock.daemon.http.Reply;
import io.omnistock.daemon.http.Scope;
import io.undertow.util.Headers;
import net.openhft.chronicle.queue.ChronicleQueue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code GET /v1/events}: the engine's output events as Server-Sent Events, read from the journal
 * itself. The journal is the record of what happened, so a client resumes from any sequence,
 * across daemon restarts too, and sees exactly what the engine acknowledged.
 *
 * <p>Each event's SSE id is {@code sequence:index}; reconnecting with {@code Last-Event-ID} (or
 * {@code ?from=SEQUENCE}) continues after it. Without either the stream starts at the present.
 * Filters: {@code location}, {@code sku} (codes) and {@code kinds} (comma-separated). A channel key
 * sees its own channel's order and reservation events and the catalogue's definitions only.
 */
public final class EventStream
{
    /**
     * An idle stream's pause between looks at the journal: it doubles from the first to the last
     * while nothing comes, so hundreds of idle streams cost little (at 2 ms each, 100 took over half
     * a core), and the last bounds how late an event after a quiet spell goes out.
     */
    private static final long FIRST_IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long LAST_IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long HEARTBEAT_NANOS = TimeUnit.SECONDS.toNanos(15);

    private final Path journalDir;
    private final InventoryEngine engine;
    /** The sequence of the last command applied (and journaled once the journal catches up). */
    private final java.util.function.LongSupplier lastSequence;
    private final AtomicInteger subscribers;
    private final Codes codes;
    private final JournalPositions positions = new JournalPositions();
    private volatile boolean closed;

    public EventStream(
        final Path journalDir, final InventoryEngine engine, final java.util.function.LongSupplier lastSequence, final AtomicInteger subscribers)
    {
        this.journalDir = journalDir;
        this.engine = engine;
        this.codes = new Codes(engine);
        this.lastSequence = lastSequence;
        this.subscribers = subscribers;
    }

    public void register(final HttpApi api)
    {
        api.stream("/v1/events", Scope.EVENTS, this::serve);
    }

    /** Ends open streams (shutdown). */
    public void close()
    {
        closed = true;
    }

    private Reply serve(final Call call) throws IOException
    {
        final Filter filter = filter(call);
        final long[] after = resumePoint(call);
        final var exchange = call.exchange();
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        subscribers.incrementAndGet();
        try (ChronicleQueue queue = Journal.open(journalDir, false);
             JournalReader reader = JournalReader.tailing(queue);
             OutputStream out = exchange.getOutputStream())
        {
            out.write((": omnistock events after " + after[0] + ":" + after[1] + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            seek(reader, after[0]);
            pump(reader, out, filter, after[0], (int)after[1], call::keyValid);
        }
        catch (final IOException clientGone)
        {
            // The client disconnected: nothing to answer.
        }
        finally
        {
            subscribers.decrementAndGet();
        }
        return Reply.HANDLED;
    }

    private void pump(final JournalReader reader, final OutputStream out, final Filter filter, final long afterSequence,
        final int afterIndex, final java.util.function.BooleanSupplier keyValid) throws IOException
    {
        final EventJson json = new EventJson(engine);
        final StringBuilder text = new StringBuilder(512);
        long lastWrite = System.nanoTime();
        long idlePark = FIRST_IDLE_PARK_NANOS;
        while (!closed && !Thread.currentThread().isInterrupted())
        {
            final JournalRecord record = reader.nextRecord();
            if (record == null)
            {
                if (!keyValid.getAsBoolean())
                {
                    // The key was revoked: nothing more goes out under it, not even what is buffered.
                    return;
                }
                if (text.length() > 0)
                {
                    out.write(text.toString().getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    text.setLength(0);
                    lastWrite = System.nanoTime();
                }
                else if (System.nanoTime() - lastWrite > HEARTBEAT_NANOS)
                {
                    out.write(": keepalive\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    lastWrite = System.nanoTime();
                }
                LockSupport.parkNanos(idlePark);
                idlePark = Math.min(2 * idlePark, LAST_IDLE_PARK_NANOS);
                continue;
            }
            idlePark = FIRST_IDLE_PARK_NANOS;
            positions.sample(record.sequence(), reader.lastIndex());
            if (record.sequence() < afterSequence)
            {
                continue;
            }
            for (int i = 0; i < record.eventCount(); i++)
            {
                if (record.sequence() == afterSequence && i <= afterIndex)
                {
                    continue;
                }
                final EventView events = record.event(i);
                if (!filter.accepts(events))
                {
                    continue;
                }
                text.append("id: ").append(record.sequence()).append(':').append(i).append('\n')
                    .append("event: ").append(events.kind().name()).append('\n')
                    .append("data: ");
                json.write(text, record, events);
                text.append("\n\n");
            }
            if (text.length() > 16 * 1024)
            {
                if (!keyValid.getAsBoolean())
                {
                    return;
                }
                out.write(text.toString().getBytes(StandardCharsets.UTF_8));
                text.setLength(0);
            }
        }
    }

    private void seek(final JournalReader reader, final long afterSequence)
    {
        // A sample is a position just after its command; the command to resume after may still have
        // events the client has not seen, so it must be read again: seek to a sample before it.
        final Map.Entry<Long, Long> near = positions.atOrBefore(afterSequence - 1);
        if (near != null)
        {
            reader.seekAfter(near.getValue(), near.getKey());
        }
    }

    /**
     * @return {sequence, event index} to continue after; index {@link Integer#MAX_VALUE} means after
     *     the whole command.
     */
    private long[] resumePoint(final Call call)
    {
        final String lastEventId = call.header("Last-Event-ID");
        final String from = call.query("from");
        if (lastEventId != null && !lastEventId.isBlank())
        {
            final String[] parts = lastEventId.trim().split(":", 2);
            try
            {
                final long sequence = Long.parseLong(parts[0]);
                final int index = parts.length == 2 ? Integer.parseInt(parts[1]) : Integer.MAX_VALUE;
                if (sequence < 0 || index < 0)
                {
                    throw new NumberFormatException();
                }
                return notAhead(new long[] {sequence, index}, "Last-Event-ID " + lastEventId.trim());
            }
            catch (final NumberFormatException e)
            {
                throw ApiError.badRequest("INVALID_FIELD", "Last-Event-ID must be 'sequence:index' (0 or more), got '" +
                    lastEventId + "'");
            }
        }
        if (from != null)
        {
            try
            {
                final long sequence = Long.parseLong(from);
                if (sequence < 0)
                {
                    throw new NumberFormatException();
                }
                // from=N: the events of commands after sequence N.
                return notAhead(new long[] {sequence, Integer.MAX_VALUE}, "from=" + from);
            }
            catch (final NumberFormatException e)
            {
                throw ApiError.badRequest("INVALID_FIELD", "'from' must be a journal sequence (0 or more), got '" +
                    from + "'");
            }
        }
        return new long[] {lastSequence.getAsLong(), Integer.MAX_VALUE};
    }

    /**
     * Refuses a resume point past the journal's end (a client of a journal restored from an older
     * copy, say): streaming on from there would skip, unseen, the events up to it once written.
     */
    private long[] notAhead(final long[] after, final String asked)
    {
        // The gauges count a command at the end of its ring batch, but the journal may hold it, and
        // a client have seen it, sooner: only the journal's own end shows the point is ahead.
        if (after[0] > lastSequence.getAsLong())
        {
            final long journalEnd;
            try (ChronicleQueue queue = Journal.open(journalDir, false))
            {
                journalEnd = JournalReader.lastSequence(queue);
            }
            if (after[0] > journalEnd)
            {
                throw new ApiError(409, "RESUME_AHEAD_OF_JOURNAL", asked + " is past the journal's last sequence, " +
                    journalEnd + ": the journal was never written that far; read the state anew and reconnect without it");
            }
        }
        return after;
    }

    private Filter filter(final Call call)
    {
        final String location = call.query("location");
        final String sku = call.query("sku");
        final int locationId = location == null ? -1 : codes.location(location, "location");
        final int skuId = sku == null ? -1 : codes.sku(sku, "sku");
        final Set<EventKind> kinds = EnumSet.allOf(EventKind.class);
        final String kindList = call.query("kinds");
        if (kindList != null)
        {
            kinds.clear();
            for (final String k : kindList.split(","))
            {
                try
                {
                    kinds.add(EventKind.valueOf(k.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
                }
                catch (final IllegalArgumentException e)
                {
                    throw ApiError.badRequest("INVALID_FIELD", "unknown event kind '" + k + "'");
                }
            }
        }
        final Principal p = call.principal();
        final int channel = p.channel() == null ? -1 : engine.channelId(p.channel());
        if (p.channel() != null)
        {
            // Its own orders' and reservations' events only (Filter), and the catalogue it sells from; not
            // the network's books (stock, transfers, replenishment, alerts) nor other channels' definitions
            // (docs/daemon.md, "What a channel key sees").
            kinds.retainAll(CHANNEL_KINDS);
        }
        return new Filter(locationId, skuId, kinds, channel, p.channel() != null);
    }

    /** What a key bound to a channel may see on the stream. */
    private static final Set<EventKind> CHANNEL_KINDS = EnumSet.of(EventKind.ORDER_CHANGED, EventKind.ALLOCATION_CHANGED,
        EventKind.RESERVATION_CHANGED, EventKind.LOCATION_DEFINED, EventKind.SKU_DEFINED);

    private record Filter(int location, int sku, Set<EventKind> kinds, int channel, boolean channelBound)
    {
        boolean accepts(final EventView e)
        {
            if (!kinds.contains(e.kind()) ||
                (location >= 0 && e.location() != location) ||
                (sku >= 0 && e.sku() != sku))
            {
                return false;
            }
            return !channelBound || !io.omnistock.daemon.json.EventJsonLayout.isChannelEvent(e.kind()) || OrderIds.channel(io.omnistock.daemon.json.EventJsonLayout.channelScopedId(e)) == channel;
        }
    }
}

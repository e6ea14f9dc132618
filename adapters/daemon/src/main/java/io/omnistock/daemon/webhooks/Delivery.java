package io.omnistock.daemon.webhooks;

import io.omnistock.api.EventView;
import io.omnistock.core.journal.Journal;
import io.omnistock.core.journal.JournalReader;
import io.omnistock.core.journal.JournalRecord;
import io.omnistock.daemon.events.EventJson;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One subscription's delivery loop, on a thread of its own: it reads the journal from the
 * subscription's cursor, as an event-stream client does, and sends each command's wanted events as
 * one delivery, retrying it until the receiver takes it, before it reads on. So deliveries go out
 * in journal order, at least once, and a receiver that is slow or down holds up only this thread.
 */
final class Delivery
{
    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
    private static final long FIRST_IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long LAST_IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** How often a member that does not lead looks again whether it does. */
    private static final long NOT_LEADING_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Webhooks hooks;
    private final AtomicLong cursor;
    private final AtomicLong delivered = new AtomicLong();
    /** The sequence of the last delivery the receiver took (what cluster mode records for the next leader). */
    private final AtomicLong sent = new AtomicLong(-1);
    private final AtomicLong failed = new AtomicLong();
    /** Jitter for the retry pauses: seeded per subscription, as it decides nothing about stock. */
    private final SplittableRandom jitter;
    private final Thread thread;
    private volatile Subscription subscription;
    private volatile String lastError;
    private volatile boolean stopped;

    Delivery(final Webhooks hooks, final Subscription subscription, final long cursor)
    {
        this.hooks = hooks;
        this.subscription = subscription;
        this.cursor = new AtomicLong(cursor);
        this.jitter = new SplittableRandom(subscription.id().hashCode());
        this.thread = new Thread(this::run, "omnistock-webhook-" + subscription.id());
        thread.setDaemon(true);
    }

    Subscription subscription()
    {
        return subscription;
    }

    void subscription(final Subscription changed)
    {
        subscription = changed;
    }

    long cursor()
    {
        return cursor.get();
    }

    long sent()
    {
        return sent.get();
    }

    long delivered()
    {
        return delivered.get();
    }

    long failed()
    {
        return failed.get();
    }

    String lastError()
    {
        return lastError;
    }

    void start()
    {
        thread.start();
    }

    /** Stops the loop, a send or a pause under way included, and waits for it. */
    void stop()
    {
        stopped = true;
        thread.interrupt();
        try
        {
            thread.join(10_000);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void run()
    {
        try (ChronicleQueue queue = Journal.open(hooks.journalDir(), false); JournalReader reader = JournalReader.tailing(queue))
        {
            seek(reader);
            final EventJson json = new EventJson(hooks.engine());
            long idlePark = FIRST_IDLE_PARK_NANOS;
            boolean delivering = false;
            while (!stopped)
            {
                if (!hooks.delivers())
                {
                    delivering = false;
                    LockSupport.parkNanos(NOT_LEADING_PARK_NANOS);
                    continue;
                }
                if (!delivering)
                {
                    // Just became the member that delivers: resume where the last one's deliveries
                    // were recorded, if that is ahead of this loop (at least once: some may go again).
                    delivering = true;
                    cursor.accumulateAndGet(hooks.recordedCursor(subscription.id()), Math::max);
                }
                final JournalRecord record = reader.nextRecord();
                if (record == null)
                {
                    LockSupport.parkNanos(idlePark);
                    idlePark = Math.min(2 * idlePark, LAST_IDLE_PARK_NANOS);
                    continue;
                }
                idlePark = FIRST_IDLE_PARK_NANOS;
                hooks.positions().sample(record.sequence(), reader.lastIndex());
                if (record.sequence() <= cursor.get())
                {
                    continue;
                }
                final byte[] body = body(record, json);
                if (body != null && !deliver(record.sequence(), body))
                {
                    return;
                }
                cursor.set(record.sequence());
                hooks.cursorMoved();
            }
        }
        catch (final RuntimeException e)
        {
            if (!stopped)
            {
                LOG.error("webhook {} stopped delivering at sequence {}; it resumes there on restart",
                    subscription.id(), cursor.get(), e);
                lastError = "delivery loop stopped: " + e;
            }
        }
    }

    /** Seeks near the cursor when a reader has passed it before, instead of reading from the start. */
    private void seek(final JournalReader reader)
    {
        final Map.Entry<Long, Long> near = hooks.positions().atOrBefore(cursor.get());
        if (near != null)
        {
            reader.seekAfter(near.getValue(), near.getKey());
        }
    }

    /** @return the delivery of the command's events this subscription wants, or null if it wants none. */
    private byte[] body(final JournalRecord record, final EventJson json)
    {
        final Subscription s = subscription;
        StringBuilder out = null;
        for (int i = 0; i < record.eventCount(); i++)
        {
            final EventView events = record.event(i);
            if (!s.accepts(events))
            {
                continue;
            }
            if (out == null)
            {
                out = new StringBuilder(512).append("{\"id\":\"").append(record.sequence()).append("\",\"subscription\":\"")
                    .append(s.id()).append("\",\"events\":[");
            }
            else
            {
                out.append(',');
            }
            json.write(out, record, events);
        }
        return out == null ? null : out.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @return true once the receiver took it; false if the loop was stopped first. */
    private boolean deliver(final long sequence, final byte[] body)
    {
        for (int attempt = 1; !stopped; attempt++)
        {
            while (!hooks.delivers())
            {
                // Leadership moved during the retries: the new leader delivers from its own cursor.
                LockSupport.parkNanos(NOT_LEADING_PARK_NANOS);
                if (stopped)
                {
                    return false;
                }
            }
            final String error = send(sequence, body, attempt);
            if (error == null)
            {
                sent.set(sequence);
                delivered.incrementAndGet();
                lastError = null;
                return true;
            }
            if (stopped)
            {
                return false;
            }
            failed.incrementAndGet();
            lastError = "sequence " + sequence + " attempt " + attempt + ": " + error;
            if (attempt == 1)
            {
                LOG.warn("webhook {} delivery {} failed ({}); retrying with backoff", subscription.id(), sequence, error);
            }
            pause(hooks.backoffMillis(attempt, jitter));
        }
        return false;
    }

    /** @return null when the receiver answered 2xx, else why not. */
    private String send(final long sequence, final byte[] body, final int attempt)
    {
        final Subscription s = subscription;
        try
        {
            // Again before each attempt: the name may resolve elsewhere than when it was checked.
            hooks.guard().check(s.url());
        }
        catch (final TargetGuard.Refused refused)
        {
            return refused.code() + ": " + refused.getMessage();
        }
        final long nowMillis = System.currentTimeMillis();
        final long timestamp = TimeUnit.MILLISECONDS.toSeconds(nowMillis);
        final HttpRequest request = HttpRequest.newBuilder(s.url())
            .timeout(hooks.timeout())
            .header("Content-Type", "application/json")
            .header("User-Agent", "omnistock-webhooks")
            .header("Omnistock-Webhook-Id", Long.toString(sequence))
            .header("Omnistock-Webhook-Subscription", s.id())
            .header("Omnistock-Webhook-Timestamp", Long.toString(timestamp))
            .header("Omnistock-Webhook-Attempt", Integer.toString(attempt))
            .header(WebhookSigner.HEADER, WebhookSigner.header(timestamp, body, s.secrets(nowMillis)))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
        try
        {
            final int status = hooks.client().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            // A redirect is a failure too: the client does not follow it (its target was never checked).
            return status / 100 == 2 ? null : "HTTP " + status;
        }
        catch (final IOException e)
        {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        catch (final InterruptedException e)
        {
            // stop(): the loop ends.
            return "interrupted";
        }
    }

    private void pause(final long millis)
    {
        final long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (long left; !stopped && (left = until - System.nanoTime()) > 0; )
        {
            LockSupport.parkNanos(left);
        }
    }
}

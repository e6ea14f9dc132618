package io.omnistock.daemon.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.xnio.IoUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code POST /v1/batch}: many writes in one request, each decided exactly as the same request sent
 * alone ({@link HttpApi#element}), each with its own answer, in order: {@code {"results": [{"status",
 * "body"}, ...]}} for a JSON array, or NDJSON lines {@code {"index", "status", "body"}} streamed as
 * the answers come in. The body is read whole and checked ({@link BatchBody}) before any element runs.
 *
 * <p>Everything runs on the connection's I/O thread, as a single write does: an element is
 * published, and the next ones follow as answers come back. A batch's share of the ring is
 * {@code maxInFlight} elements while few batches run; when many do, the batches under way share
 * half the ring between them (at least one element each, so every batch moves), and the other half
 * stays free for requests sent alone. A fixed share per batch overfilled the ring: 64 connections
 * sending batches of 256 with a share of 256 met RING_FULL on 4% of their elements (docs/benchmarks.md
 * run 23). No thread waits for an answer.
 */
public final class Batch
{
    static final String NDJSON = "application/x-ndjson";
    private static final byte[] OPEN = ascii("{\"results\":[");
    private static final byte[] CLOSE = ascii("]}");
    private static final byte[] INDEX = ascii("{\"index\":");
    private static final byte[] STATUS = ascii(",\"status\":");
    private static final byte[] FIRST_STATUS = ascii("{\"status\":");
    private static final byte[] BODY = ascii(",\"body\":");

    /**
     * Per I/O thread, the buffers finished batches' answers were written into, for the next batches:
     * a builder per batch, grown block by block and then copied whole into the answer, was 13% of
     * the bytes the I/O threads allocated on batches of 256 orders (about 520 of 3,980 bytes per
     * order; async-profiler, docs/benchmarks.md run 57). A buffer goes back once its answer is
     * written to the connection; at most {@link #POOLED} are kept per thread, of at most
     * {@link #POOLED_BYTES} each (a batch of large answers does not keep its room).
     */
    private static final ThreadLocal<ArrayDeque<AnswerBytes>> BUFFERS = ThreadLocal.withInitial(ArrayDeque::new);
    static final int POOLED = 32;
    static final int POOLED_BYTES = 1 << 20;

    private final HttpApi api;
    private final int maxCommands;
    private final int maxInFlight;
    /** Ring slots the batches under way share between them: half the ring. */
    private final int sharedSlots;
    /** Batches with elements still to start or in the engine. */
    private final AtomicInteger running = new AtomicInteger();

    /**
     * @param maxCommands elements one batch may have.
     * @param maxInFlight elements of one batch in the engine at a time, at most.
     * @param ringSlots the engine's ring size.
     */
    public Batch(final HttpApi api, final int maxCommands, final int maxInFlight, final int ringSlots)
    {
        this.api = api;
        this.maxCommands = maxCommands;
        this.maxInFlight = maxInFlight;
        this.sharedSlots = ringSlots / 2;
    }

    /** @return elements one batch may have in the engine now, with {@code batches} batches under way. */
    static int share(final int maxInFlight, final int sharedSlots, final int batches)
    {
        return Math.max(1, Math.min(maxInFlight, sharedSlots / Math.max(1, batches)));
    }

    /** @param maxBytes the largest batch body. */
    public void register(final long maxBytes)
    {
        api.keyedIoRoute("POST", "/v1/batch", maxBytes, this::handle);
    }

    private Reply handle(final Call call)
    {
        final boolean ndjson = call.requireMediaType("application/json", NDJSON).equals(NDJSON);
        final byte[] body = call.body();
        final Run run = new Run(call, body, BatchBody.parse(body, ndjson, maxCommands, api::bodyType), ndjson);
        // Started by the I/O thread's next task, once this handler has returned and its exchange
        // waits for the answer: a stream must not start writing while Undertow is still in the handler.
        call.executor().execute(run::pump);
        return Reply.later(run.done);
    }

    /** @return an empty buffer for a batch's answer, on its connection's I/O thread. */
    private static AnswerBytes buffer()
    {
        final AnswerBytes pooled = BUFFERS.get().pollFirst();
        if (pooled == null)
        {
            return new AnswerBytes(16 * 1024);
        }
        pooled.reset();
        return pooled;
    }

    /** Gives a batch's buffer back, on the I/O thread that took it, once nothing refers to its bytes. */
    private static void release(final AnswerBytes buffer)
    {
        final ArrayDeque<AnswerBytes> pool = BUFFERS.get();
        if (pool.size() < POOLED && buffer.capacity() <= POOLED_BYTES)
        {
            pool.addFirst(buffer);
        }
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** One batch under way; touched by its connection's I/O thread only. */
    private final class Run
    {
        final CompletableFuture<Reply> done = new CompletableFuture<>();
        private final Call call;
        private final HttpServerExchange exchange;
        private final byte[] body;
        private final List<BatchBody.Element> elements;
        private final boolean ndjson;
        /** Answers in, by element, until written (then cleared). */
        private final Reply[] answers;
        /** The answers written so far (taken from the thread's pool; given back when the batch is over). */
        private final AnswerBytes out = buffer();
        private int next;
        private int inFlight;
        private int written;
        private boolean pumping;
        /** The client went away: no further element is started. */
        private boolean stopped;
        private boolean sending;
        /** The JSON answer is being sent: the batch is over once it is written. */
        private boolean answering;
        private boolean streaming;
        /** Counted in {@link #running} until every element is started (or stopped) and answered. */
        private boolean counted = true;

        Run(final Call call, final byte[] body, final List<BatchBody.Element> elements, final boolean ndjson)
        {
            this.call = call;
            this.exchange = call.exchange();
            this.body = body;
            this.elements = elements;
            this.ndjson = ndjson;
            this.answers = new Reply[elements.size()];
            running.incrementAndGet();
            if (!ndjson)
            {
                out.write(OPEN);
            }
        }

        /** Starts elements while the batch's share of the ring allows, then writes what is answered. */
        void pump()
        {
            if (pumping)
            {
                // Called back while starting elements (an answer already there): the loop below goes on.
                return;
            }
            pumping = true;
            try
            {
                while (next < elements.size() && inFlight < share(maxInFlight, sharedSlots, running.get()) && !stopped)
                {
                    if (!exchange.getConnection().isOpen())
                    {
                        // Nobody to answer: the elements not started are not applied.
                        stopped = true;
                        break;
                    }
                    start(next++);
                }
            }
            finally
            {
                pumping = false;
            }
            if (ndjson)
            {
                flush();
            }
            finishIfDone();
        }

        private void start(final int index)
        {
            final BatchBody.Element e = elements.get(index);
            final Reply reply = api.element(call, e.method(), e.path(), e.idempotencyKey(), body, e.bodyOffset(),
                e.bodyLength(), e.read());
            if (reply.pending() == null)
            {
                answered(index, reply);
                return;
            }
            final CompletableFuture<Reply> pending = reply.pending().toCompletableFuture();
            if (pending.isDone())
            {
                answered(index, HttpApi.settled(pending, e.method(), e.path()));
                return;
            }
            inFlight++;
            pending.whenComplete((answer, failure) ->
            {
                // Results are handed on on the I/O thread (EngineGateway); anything else is moved there.
                if (Thread.currentThread() == exchange.getIoThread())
                {
                    settled(index, pending, e);
                }
                else
                {
                    exchange.getIoThread().execute(() -> settled(index, pending, e));
                }
            });
        }

        private void settled(final int index, final CompletableFuture<Reply> pending, final BatchBody.Element e)
        {
            inFlight--;
            answered(index, HttpApi.settled(pending, e.method(), e.path()));
            pump();
        }

        /** Keeps an element's answer and writes every answer now due, in element order. */
        private void answered(final int index, final Reply reply)
        {
            answers[index] = reply;
            while (written < answers.length && answers[written] != null)
            {
                write(written, answers[written]);
                answers[written++] = null;
            }
        }

        private void write(final int index, final Reply reply)
        {
            if (ndjson)
            {
                out.write(INDEX);
                digits(index);
                out.write(STATUS);
            }
            else
            {
                if (index > 0)
                {
                    out.write(',');
                }
                out.write(FIRST_STATUS);
            }
            digits(reply.status());
            out.write(BODY);
            if (reply.encoded() != null)
            {
                // Encoded once already (a remembered first response): sent as those bytes.
                out.write(reply.encoded());
            }
            else
            {
                // An answer given as a JSON tree (a rare path: results are encoded as bytes).
                final JsonGenerator json = out.json();
                try
                {
                    json.writeTree(reply.json());
                    json.flush();
                }
                catch (final IOException | RuntimeException e)
                {
                    out.abandonJson();
                    throw new UncheckedIOException("cannot encode an answer", e instanceof IOException io ? io :
                        new IOException(e));
                }
            }
            out.write('}');
            if (ndjson)
            {
                out.write('\n');
            }
        }

        private void digits(final int value)
        {
            if (value >= 10)
            {
                digits(value / 10);
            }
            out.write('0' + value % 10);
        }

        private boolean over()
        {
            return written == answers.length || stopped && inFlight == 0;
        }

        private void finishIfDone()
        {
            if (counted && inFlight == 0 && (next == elements.size() || stopped))
            {
                counted = false;
                running.decrementAndGet();
            }
            if (!over() || done.isDone() || answering)
            {
                return;
            }
            if (stopped)
            {
                IoUtils.safeClose(exchange.getConnection());
                release(out);
                done.complete(Reply.HANDLED);
            }
            else if (!ndjson)
            {
                // Sent from the buffer itself, which goes back to the pool once written.
                answering = true;
                out.write(CLOSE);
                api.sendJson(exchange, 200, out.buffer(), new IoCallback()
                {
                    @Override
                    public void onComplete(final HttpServerExchange ex, final Sender sender)
                    {
                        release(out);
                        IoCallback.END_EXCHANGE.onComplete(ex, sender);
                        done.complete(Reply.HANDLED);
                    }

                    @Override
                    public void onException(final HttpServerExchange ex, final Sender sender, final IOException e)
                    {
                        release(out);
                        IoCallback.END_EXCHANGE.onException(ex, sender, e);
                        done.complete(Reply.HANDLED);
                    }
                });
            }
            else if (!sending && out.size() == 0)
            {
                begin();
                release(out);
                exchange.getResponseSender().close(new IoCallback()
                {
                    @Override
                    public void onComplete(final HttpServerExchange ex, final Sender sender)
                    {
                        done.complete(Reply.HANDLED);
                    }

                    @Override
                    public void onException(final HttpServerExchange ex, final Sender sender, final IOException e)
                    {
                        IoUtils.safeClose(ex.getConnection());
                        done.complete(Reply.HANDLED);
                    }
                });
            }
        }

        /** NDJSON: sends the lines written so far, one send at a time, as Undertow's sender requires. */
        private void flush()
        {
            if (sending || out.size() == 0 || stopped)
            {
                return;
            }
            begin();
            sending = true;
            final ByteBuffer chunk = ByteBuffer.wrap(out.toByteArray());
            out.reset();
            exchange.getResponseSender().send(chunk, new IoCallback()
            {
                @Override
                public void onComplete(final HttpServerExchange ex, final Sender sender)
                {
                    sending = false;
                    flush();
                    finishIfDone();
                }

                @Override
                public void onException(final HttpServerExchange ex, final Sender sender, final IOException e)
                {
                    sending = false;
                    stopped = true;
                    finishIfDone();
                }
            });
        }

        /** The stream's head, before its first bytes. */
        private void begin()
        {
            if (!streaming)
            {
                streaming = true;
                exchange.setStatusCode(200);
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, NDJSON);
                exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
            }
        }
    }
}

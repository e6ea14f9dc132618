package io.omnistock.daemon.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnistock.api.Command;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.InventoryEngine;
import io.omnistock.api.ReasonCode;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * Every write goes through here: its Idempotency-Key becomes the command id, a retry gets the first
 * response back, and the engine's result becomes the HTTP answer.
 */
public final class Writes
{
    private final EngineGateway gateway;
    private final Idempotency idempotency;
    private final ResultJson results;

    public Writes(final EngineGateway gateway, final Idempotency idempotency)
    {
        this.gateway = gateway;
        this.idempotency = idempotency;
        this.results = new ResultJson(gateway.engine());
    }

    public InventoryEngine engine()
    {
        return gateway.engine();
    }

    /** One command: its result is the response (200, or the reason's 4xx with the result inside). */
    public Reply command(final Call call, final LongFunction<Command> command)
    {
        final boolean books = call.principal().channel() == null;
        return command(call, command, result -> answer(result, true, 200, books));
    }

    /**
     * One command whose result {@code answer} makes into the reply, keyed as every write
     * ({@link #write}), the reply made and remembered as the result is taken on the I/O thread.
     */
    public Reply command(final Call call, final LongFunction<Command> command, final Function<CommandResult, Reply> answer)
    {
        final String key = call.header(Idempotency.HEADER);
        final long commandId = idempotency.commandId(call.principal(), key);
        if (key == null)
        {
            return Reply.later(submit(call, command.apply(commandId), answer));
        }
        final Reply first = firstResponse(call, commandId);
        if (first != null)
        {
            return first;
        }
        final long fingerprint = call.requestFingerprint();
        return Reply.later(submit(call, command.apply(commandId), result -> remember(commandId, fingerprint, answer.apply(result))));
    }

    /**
     * The engine's result of {@code command}, handed on on the call's I/O thread. Inside a keyed
     * write the command carries the request's fingerprint (see {@link Idempotency}).
     */
    public CompletableFuture<CommandResult> submit(final Call call, final Command command)
    {
        return submit(call, command, Function.identity());
    }

    /** {@link #submit(Call, Command)}, the result made into what the caller answers by {@code then} as it is taken. */
    private <T> CompletableFuture<T> submit(final Call call, final Command command, final Function<CommandResult, T> then)
    {
        final long fingerprint = call.requestFingerprint();
        return gateway.submit(fingerprint == 0 ? command : Commands.fingerprinted(command, fingerprint), call.executor(), then);
    }

    /**
     * A write of any shape: {@code perform} gets the command id and makes the reply. The reply is
     * pending: no thread waits for the engine.
     */
    public Reply write(final Call call, final LongFunction<CompletionStage<Reply>> perform)
    {
        final String key = call.header(Idempotency.HEADER);
        final long commandId = idempotency.commandId(call.principal(), key);
        if (key == null)
        {
            return Reply.later(perform.apply(commandId));
        }
        final Reply first = firstResponse(call, commandId);
        if (first != null)
        {
            return first;
        }
        final long fingerprint = call.requestFingerprint();
        return Reply.later(perform.apply(commandId).thenApply(answer -> remember(commandId, fingerprint, answer)));
    }

    /**
     * Checks a keyed write's request against its key's first use.
     *
     * @return the key's first response when remembered here; else null, and the call carries the
     *     request's fingerprint for its commands: a first use, or a retry whose response is not
     *     remembered here (still being made, or the daemon restarted since), which the engine
     *     applies at most once and refuses if the key's first command came from another request.
     */
    private Reply firstResponse(final Call call, final long commandId)
    {
        final Idempotency.Fingerprints request = idempotency.fingerprints(call);
        final ResponseArena.Found first = idempotency.check(commandId, request);
        if (first != null)
        {
            return new Reply(first.status(), null, first.body());
        }
        call.requestFingerprint(request.engine());
        return null;
    }

    /**
     * @return the reply, encoded once: the bytes remembered are the bytes sent. A key's first
     *     response is kept, not a replayed answer of an earlier one nor a refusal of a reused key.
     */
    private Reply remember(final long commandId, final long fingerprint, final Reply reply)
    {
        if (reply.status() >= 500 || reply.replay() || (reply.json() == null && reply.encoded() == null))
        {
            return reply;
        }
        try
        {
            final byte[] encoded = reply.encoded() != null ? reply.encoded() : Json.MAPPER.writeValueAsBytes(reply.json());
            idempotency.remember(commandId, fingerprint, reply.status(), encoded);
            return new Reply(reply.status(), reply.json(), encoded);
        }
        catch (final JsonProcessingException e)
        {
            throw new IllegalStateException("a reply that cannot be encoded", e);
        }
    }

    /**
     * One command that creates what the handler named ({@link Created}: a stand-alone reservation):
     * its success is {@code 201 Created} with {@code Location}, a first answer and its replays alike.
     */
    public Reply creation(final Call call, final LongFunction<Command> command)
    {
        final boolean books = call.principal().channel() == null;
        return command(call, command, result -> answer(result, true, 201, books));
    }

    /** The HTTP answer for an engine result. */
    public Reply answer(final CommandResult result)
    {
        return answer(result, true, 200, true);
    }

    /** {@link #answer(CommandResult, boolean, int, boolean)} with the network's books. */
    public Reply answer(final CommandResult result, final boolean candidates, final int okStatus)
    {
        return answer(result, candidates, okStatus, true);
    }

    /**
     * @param candidates whether a routing result lists the locations considered and why they lost.
     * @param okStatus   the status of a success: 201 for a command that creates (a routed order, a
     *     reservation; a retry the engine recognises answers as its first did), else 200.
     * @param books      whether a position in it shows the network's books ({@link ResultJson}).
     * @return the answer, encoded here: the engine's result written straight as JSON bytes.
     */
    public Reply answer(final CommandResult result, final boolean candidates, final int okStatus, final boolean books)
    {
        final ReasonCode outcome = result.reason() == ReasonCode.DUPLICATE_COMMAND ? result.originalReason() :
            result.reason();
        final byte[] body = encode(g ->
        {
            if (outcome == ReasonCode.OK)
            {
                results.write(g, result, candidates, books);
                return;
            }
            g.writeStartObject();
            g.writeObjectFieldStart("error");
            g.writeStringField("code", outcome.name());
            g.writeNumberField("reasonCode", outcome.code());
            g.writeStringField("message", outcome.message());
            g.writeEndObject();
            g.writeFieldName("result");
            results.write(g, result, candidates, books);
            g.writeEndObject();
        });
        final Reply reply = new Reply(outcome == ReasonCode.OK ? okStatus : HttpStatus.of(outcome), null, body);
        return result.reason() == ReasonCode.DUPLICATE_COMMAND || outcome == ReasonCode.IDEMPOTENCY_KEY_REUSED ?
            reply.asReplay() : reply;
    }

    /** A read through the ring (queries are not journaled and need no key). */
    public Reply query(final Call call, final Command command)
    {
        final boolean books = call.principal().channel() == null;
        return Reply.later(submit(call, command, result -> answer(result, true, 200, books)));
    }

    /** @return the engine's result as a JSON tree, for an answer that adds to it (a rare path: the fast one writes bytes). */
    public ObjectNode json(final CommandResult result)
    {
        try
        {
            return (ObjectNode)Json.MAPPER.readTree(encode(g -> results.write(g, result, true, true)));
        }
        catch (final IOException e)
        {
            throw new IllegalStateException("an encoded result that does not parse", e);
        }
    }

    /** What writes one JSON value. */
    @FunctionalInterface
    interface Encoding
    {
        void write(JsonGenerator g) throws IOException;
    }

    /**
     * Per I/O thread, the buffer answers are encoded into, kept between answers: only the exact
     * bytes are copied out. A fresh 512-byte builder per answer, grown for most (a routed order's
     * answer lists its candidates) and then copied, was a fifth of the I/O threads' allocation samples
     * on batches of 256 orders (19.8%; 12.4% after; async-profiler, docs/benchmarks.md run 49).
     */
    private static final ThreadLocal<AnswerBytes> ENCODED = ThreadLocal.withInitial(() -> new AnswerBytes(8192));

    static byte[] encode(final Encoding encoding)
    {
        final AnswerBytes bytes = ENCODED.get();
        bytes.reset();
        final JsonGenerator g = bytes.json();
        try
        {
            encoding.write(g);
            g.flush();
        }
        catch (final IOException | RuntimeException e)
        {
            bytes.abandonJson();
            throw new IllegalStateException("a result that cannot be encoded", e);
        }
        return bytes.toByteArray();
    }
}

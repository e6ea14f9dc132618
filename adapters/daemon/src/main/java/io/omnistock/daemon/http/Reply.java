package io.omnistock.daemon.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.concurrent.CompletionStage;

/**
 * A handler's answer: a status and a JSON body, or bytes already encoded (an engine result, or a
 * remembered first response), or {@link #pending()} the answer to come (an engine result not in
 * yet: the thread that asked does not wait for it). {@link #HANDLED} means the handler wrote the
 * response itself (streams).
 *
 * @param replay whether this answer repeats or refuses a key's earlier request (the engine
 *     recognised a retry, or a reused key): never remembered as the key's first response.
 */
public record Reply(int status, JsonNode json, byte[] encoded, CompletionStage<Reply> pending, boolean replay)
{
    public static final Reply HANDLED = new Reply(0, null, null);

    public Reply(final int status, final JsonNode json, final byte[] encoded)
    {
        this(status, json, encoded, null, false);
    }

    /** The answer {@code answer} will give; it fails with an {@link ApiError} for an error answer. */
    public static Reply later(final CompletionStage<Reply> answer)
    {
        return new Reply(0, null, null, answer, false);
    }

    public static Reply ok(final JsonNode json)
    {
        return new Reply(200, json, null);
    }

    public static Reply of(final int status, final JsonNode json)
    {
        return new Reply(status, json, null);
    }

    /** @return this answer, marked as a {@link #replay}. */
    public Reply asReplay()
    {
        return new Reply(status, json, encoded, pending, true);
    }
}

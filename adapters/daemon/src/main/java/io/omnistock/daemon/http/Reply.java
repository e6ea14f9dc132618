package io.omnistock.daemon.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.concurrent.CompletionStage;

/**
 * A handler's answer: a status and a JSON body, or bytes already encoded (a remembered first
 * response), or {@link #pending()} the answer to come (an engine result not in yet: the thread that
 * asked does not wait for it). {@link #HANDLED} means the handler wrote the response itself (streams).
 */
public record Reply(int status, JsonNode json, byte[] encoded, CompletionStage<Reply> pending)
{
    public static final Reply HANDLED = new Reply(0, null, null);

    public Reply(final int status, final JsonNode json, final byte[] encoded)
    {
        this(status, json, encoded, null);
    }

    /** The answer {@code answer} will give; it fails with an {@link ApiError} for an error answer. */
    public static Reply later(final CompletionStage<Reply> answer)
    {
        return new Reply(0, null, null, answer);
    }

    public static Reply ok(final JsonNode json)
    {
        return new Reply(200, json, null);
    }

    public static Reply of(final int status, final JsonNode json)
    {
        return new Reply(status, json, null);
    }
}

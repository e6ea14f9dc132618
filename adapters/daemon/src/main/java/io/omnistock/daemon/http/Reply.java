package io.omnistock.daemon.http;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A handler's answer: a status and a JSON body, or bytes already encoded (a remembered first
 * response). {@link #HANDLED} means the handler wrote the response itself (streams).
 */
public record Reply(int status, JsonNode json, byte[] encoded)
{
    public static final Reply HANDLED = new Reply(0, null, null);

    public static Reply ok(final JsonNode json)
    {
        return new Reply(200, json, null);
    }

    public static Reply of(final int status, final JsonNode json)
    {
        return new Reply(status, json, null);
    }
}

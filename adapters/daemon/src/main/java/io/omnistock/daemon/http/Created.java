package io.omnistock.daemon.http;

import io.undertow.util.AttachmentKey;

/**
 * A request that creates a resource: its success is {@code 201 Created} with {@code Location}
 * naming the new resource, whoever answers it (a handler, the engine later, a remembered first
 * response replayed byte for byte). Any other answer (an error, a refusal) is left as it is.
 */
public final class Created
{
    /** The new resource's path, set by the handler; {@link HttpApi} sends it with a 201. */
    static final AttachmentKey<String> LOCATION = AttachmentKey.create(String.class);

    private Created()
    {
    }

    /** @return {@code reply}, its success (200 or 201) a 201 at {@code location}. */
    public static Reply at(final Call call, final String location, final Reply reply)
    {
        call.exchange().putAttachment(LOCATION, location);
        return reply.pending() == null ? created(reply) : Reply.later(reply.pending().thenApply(Created::created));
    }

    /** @return {@code prefix} and {@code code} as a path, the code percent-encoded where a path needs it. */
    public static String path(final String prefix, final String code)
    {
        try
        {
            return new java.net.URI(null, null, prefix + code, null).getRawPath();
        }
        catch (final java.net.URISyntaxException e)
        {
            throw new IllegalArgumentException("not a path: " + prefix + code, e);
        }
    }

    private static Reply created(final Reply reply)
    {
        return reply.status() == 200 ? new Reply(201, reply.json(), reply.encoded()) : reply;
    }
}

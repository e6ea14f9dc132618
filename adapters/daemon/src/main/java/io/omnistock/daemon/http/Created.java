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
        name(call, location);
        return reply.pending() == null ? created(reply) : Reply.later(reply.pending().thenApply(Created::created));
    }

    /**
     * Names what {@code call} creates, for a handler whose success is a 201 already (orders and
     * reservations: {@link Writes#answer(io.omnistock.api.CommandResult, boolean, int)}), so their
     * fast path adds no stage to the reply. Set before the reply is known: a remembered first
     * response replayed byte for byte carries the Location too.
     */
    static void name(final Call call, final String location)
    {
        // A batch element has no exchange of its own, and its answer no headers: its status says it.
        if (call.exchange() != null)
        {
            call.exchange().putAttachment(LOCATION, location);
        }
    }

    /**
     * Names a channel's new order or reservation {@code number} under {@code prefix}: a key bound to
     * no channel names the channel in the query, as it must to read it. A batch element has no
     * headers to carry it, so its path is not even built.
     */
    static void nameOfChannel(final Call call, final String prefix, final long number, final Principal principal,
        final String channel)
    {
        if (call.exchange() != null)
        {
            name(call, principal.channel() != null ? prefix + number : prefix + number + "?channel=" +
                java.net.URLEncoder.encode(channel, java.nio.charset.StandardCharsets.UTF_8));
        }
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

package io.omnistock.daemon.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HttpString;
import org.slf4j.MDC;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A request's identity in the logs: its {@code X-Request-Id} (the client's, if sane, else one made
 * here) echoed in the response, and its W3C trace context ({@code traceparent}) when the client
 * sent a valid one. Both go into the SLF4J MDC ({@value #MDC_REQUEST_ID}, {@value #MDC_TRACE_ID},
 * {@value #MDC_PARENT_ID}) while the request's code runs, on whichever thread runs it, for a logging
 * binding that prints the MDC (logback, log4j: embedders), and into the daemon's own request lines
 * ({@link #describe()}): the daemon jar's binding, slf4j-simple, has no MDC (its MDC is a no-op).
 *
 * <p>Cost per request: two header look-ups, a character scan of each header sent, one response
 * header, and a thread-local set and three MDC puts and removes per thread hop (the puts cost nothing
 * with slf4j-simple). A made-up id is a per-process prefix and
 * a counter (one short string), never a random UUID; a trace context costs two substrings.
 */
final class RequestContext
{
    static final HttpString REQUEST_ID = new HttpString("X-Request-Id");
    static final HttpString TRACEPARENT = new HttpString("traceparent");
    /** Longest client request id taken; a longer one is replaced, not cut. */
    static final int MAX_REQUEST_ID_LENGTH = 128;
    static final String MDC_REQUEST_ID = "requestId";
    static final String MDC_TRACE_ID = "traceId";
    static final String MDC_PARENT_ID = "parentSpanId";

    private static final AttachmentKey<String> ID = AttachmentKey.create(String.class);
    private static final AttachmentKey<String> TRACE_ID = AttachmentKey.create(String.class);
    private static final AttachmentKey<String> PARENT_ID = AttachmentKey.create(String.class);
    /** Tells this process's made-up ids from another's (and from a restart's) in merged logs. */
    private static final String PREFIX = Long.toString(ThreadLocalRandom.current().nextLong() >>> 24, 36) + "-";
    private static final AtomicLong COUNTER = new AtomicLong();
    /** The request this thread runs, for {@link #describe()}. */
    private static final ThreadLocal<HttpServerExchange> CURRENT = new ThreadLocal<>();

    private RequestContext()
    {
    }

    /** At the front of every request: takes or makes its id, echoes it, reads its trace context, enters it. */
    static void begin(final HttpServerExchange exchange)
    {
        String id = exchange.getRequestHeaders().getFirst(REQUEST_ID);
        if (!sane(id))
        {
            id = PREFIX + Long.toString(COUNTER.incrementAndGet(), 36);
        }
        exchange.putAttachment(ID, id);
        exchange.getResponseHeaders().put(REQUEST_ID, id);
        final String traceparent = exchange.getRequestHeaders().getFirst(TRACEPARENT);
        if (traceparent != null && validTraceparent(traceparent))
        {
            exchange.putAttachment(TRACE_ID, traceparent.substring(3, 35));
            exchange.putAttachment(PARENT_ID, traceparent.substring(36, 52));
        }
        enter(exchange);
    }

    /** Puts the request's context into this thread's MDC (a handler resumed on another thread). */
    static void enter(final HttpServerExchange exchange)
    {
        final String id = exchange.getAttachment(ID);
        if (id == null)
        {
            return;
        }
        CURRENT.set(exchange);
        MDC.put(MDC_REQUEST_ID, id);
        final String trace = exchange.getAttachment(TRACE_ID);
        if (trace != null)
        {
            MDC.put(MDC_TRACE_ID, trace);
            MDC.put(MDC_PARENT_ID, exchange.getAttachment(PARENT_ID));
        }
    }

    /** Takes the request's context out of this thread's MDC: the thread goes on to other requests. */
    static void exit()
    {
        // set(null), not remove(): the thread's entry is kept for its next request.
        CURRENT.set(null);
        MDC.remove(MDC_REQUEST_ID);
        MDC.remove(MDC_TRACE_ID);
        MDC.remove(MDC_PARENT_ID);
    }

    /** @return " requestId=... traceId=..." of the request this thread runs, for a log line. */
    static String describe()
    {
        final HttpServerExchange exchange = CURRENT.get();
        if (exchange == null)
        {
            return "";
        }
        final String id = exchange.getAttachment(ID);
        final String trace = exchange.getAttachment(TRACE_ID);
        return (id == null ? "" : " requestId=" + id) + (trace == null ? "" : " traceId=" + trace);
    }

    /** 1 to {@link #MAX_REQUEST_ID_LENGTH} visible ASCII characters: safe in a header and a log line. */
    static boolean sane(final String id)
    {
        if (id == null || id.isEmpty() || id.length() > MAX_REQUEST_ID_LENGTH)
        {
            return false;
        }
        for (int i = 0; i < id.length(); i++)
        {
            final char c = id.charAt(i);
            if (c < 0x21 || c > 0x7e)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * W3C Trace Context, version 00: {@code 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>},
     * lower case, neither id all zeros. A later version may be longer; its first 55 characters are read
     * as version 00's, as the recommendation says. Anything else is ignored (the request is still served).
     */
    static boolean validTraceparent(final String header)
    {
        if (header.length() < 55 || header.charAt(2) != '-' || header.charAt(35) != '-' || header.charAt(52) != '-' ||
            !hex(header, 0, 2) || header.startsWith("ff") || !hex(header, 3, 35) || !hex(header, 36, 52) ||
            !hex(header, 53, 55) || zeros(header, 3, 35) || zeros(header, 36, 52))
        {
            return false;
        }
        return header.startsWith("00") ? header.length() == 55 : header.length() == 55 || header.charAt(55) == '-';
    }

    private static boolean hex(final String s, final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            final char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f'))
            {
                return false;
            }
        }
        return true;
    }

    private static boolean zeros(final String s, final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            if (s.charAt(i) != '0')
            {
                return false;
            }
        }
        return true;
    }
}

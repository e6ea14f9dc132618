package io.omnistock.daemon.http;

import io.omnistock.daemon.metrics.DaemonMetrics;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.PathTemplateMatch;
import io.undertow.util.PathTemplateMatcher;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * What is registered, by route template: the methods each path takes (the {@code Allow} of a 405
 * and a CORS preflight), and each route's latency histogram. Filled before serving, read only after.
 *
 * <p>Cost per request: one attachment read (the template Undertow's routing matched), one hash look-up
 * on the template (its hash cached in the string) and one histogram observation (lock-free, no
 * allocation). Unmatched paths (404) are not timed: their raw paths would be unbounded labels.
 */
final class RouteIndex
{
    private final DaemonMetrics metrics;
    private final Map<String, PathTemplateMatcher<String>> byMethod = new HashMap<>();
    private final Map<String, Map<String, DistributionDataPoint>> timers = new HashMap<>();

    RouteIndex(final DaemonMetrics metrics)
    {
        this.metrics = metrics;
    }

    void add(final String method, final String template)
    {
        byMethod.computeIfAbsent(method, m -> new PathTemplateMatcher<>()).add(template, template);
        final String matched = new PathTemplateMatcher<String>().add(template, template).match(example(template))
            .getMatchedTemplate();
        timers.computeIfAbsent(matched, t -> new HashMap<>(4)).put(method, metrics.routeLatency(method, template));
    }

    /** A path of the template (every parameter "x"), to learn the template as Undertow reports matches of it. */
    private static String example(final String template)
    {
        return template.replaceAll("\\{[^}]*}", "x");
    }

    /** @return the methods {@code path} takes, as an {@code Allow} header lists them, or "" for none. */
    String allow(final String path)
    {
        final TreeSet<String> methods = new TreeSet<>();
        byMethod.forEach((method, matcher) ->
        {
            if (matcher.match(path) != null)
            {
                methods.add(method);
            }
        });
        return String.join(", ", methods);
    }

    /** Records the request's time from its first byte to now under its route, if it matched one. */
    void timed(final HttpServerExchange exchange)
    {
        final PathTemplateMatch match = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
        final long start = exchange.getRequestStartTime();
        if (match == null || start <= 0)
        {
            return;
        }
        final Map<String, DistributionDataPoint> route = timers.get(match.getMatchedTemplate());
        final DistributionDataPoint timer = route == null ? null : route.get(exchange.getRequestMethod().toString());
        if (timer != null)
        {
            timer.observe((System.nanoTime() - start) / 1e9);
        }
    }
}

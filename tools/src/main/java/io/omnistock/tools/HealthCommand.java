package io.omnistock.tools;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Asks a running daemon whether it is alive ({@code GET /health}), for probes that have no curl:
 * the container image's HEALTHCHECK and scripts on a distribution. Exit 0 on a 200, 1 otherwise.
 */
@Command(name = "health", mixinStandardHelpOptions = true,
    description = "Asks a running daemon's GET /health: exit 0 when it answers 200, 1 when it answers otherwise or not at all.")
final class HealthCommand implements java.util.concurrent.Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL",
        description = "What to ask (default: http://127.0.0.1:PORT/health, PORT from OMNISTOCK_HTTP_PORT, else 8080).")
    URI url;

    @Option(names = "--timeout-ms", paramLabel = "MILLIS", defaultValue = "5000",
        description = "How long to wait for the connection and for the answer (default: ${DEFAULT-VALUE}).")
    long timeoutMillis;

    @Override
    public Integer call()
    {
        final URI target = url != null ? url : defaultUrl(System.getenv());
        final Duration timeout = Duration.ofMillis(timeoutMillis);
        final HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
        final HttpRequest request = HttpRequest.newBuilder(target).timeout(timeout).GET().build();
        try
        {
            final HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200)
            {
                spec.commandLine().getOut().println(response.body());
                return 0;
            }
            spec.commandLine().getErr().println("omnistock health: " + target + " answered " + response.statusCode() +
                ": " + response.body());
            return OmnistockCli.EXIT_NOT_FOUND;
        }
        catch (final IOException e)
        {
            spec.commandLine().getErr().println("omnistock health: no answer from " + target + ": " + JournalInput.oneLine(e));
            return OmnistockCli.EXIT_NOT_FOUND;
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            spec.commandLine().getErr().println("omnistock health: interrupted");
            return OmnistockCli.EXIT_NOT_FOUND;
        }
    }

    /** The daemon's own port setting (OMNISTOCK_HTTP_PORT overrides http.port, docs/daemon.md), on loopback. */
    static URI defaultUrl(final Map<String, String> env)
    {
        final String port = env.getOrDefault("OMNISTOCK_HTTP_PORT", "8080").trim();
        return URI.create("http://127.0.0.1:" + port + "/health");
    }
}

package io.omnistock.tools;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code omnistock health} against a loopback stand-in for the daemon's /health. */
class HealthCommandTest
{
    private final AtomicInteger status = new AtomicInteger(200);
    private HttpServer server;
    private String url;

    @BeforeEach
    void start() throws IOException
    {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange ->
        {
            final byte[] body = ("{\"status\":\"" + (status.get() == 200 ? "UP" : "HALTED") + "\"}")
                .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), body.length);
            try (OutputStream out = exchange.getResponseBody())
            {
                out.write(body);
            }
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
    }

    @AfterEach
    void stop()
    {
        server.stop(0);
    }

    @Test
    void twoHundredIsHealthy()
    {
        final Run run = run("health", "--url", url);
        assertEquals(0, run.code, run.err);
        assertTrue(run.out.contains("\"UP\""), run.out);
    }

    @Test
    void anyOtherAnswerIsNotHealthyAndSaysWhat()
    {
        status.set(503);
        final Run run = run("health", "--url", url);
        assertEquals(1, run.code);
        assertTrue(run.err.contains("answered 503") && run.err.contains("HALTED"), run.err);
    }

    @Test
    void noAnswerIsNotHealthy()
    {
        server.stop(0);
        final Run run = run("health", "--url", url, "--timeout-ms", "2000");
        assertEquals(1, run.code);
        assertTrue(run.err.contains("no answer from " + url), run.err);
    }

    @Test
    void defaultUrlIsTheDaemonsPortOnLoopback()
    {
        assertEquals(URI.create("http://127.0.0.1:8080/health"), HealthCommand.defaultUrl(Map.of()));
        assertEquals(URI.create("http://127.0.0.1:9090/health"),
            HealthCommand.defaultUrl(Map.of("OMNISTOCK_HTTP_PORT", "9090")));
    }

    private record Run(int code, String out, String err)
    {
    }

    private static Run run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = OmnistockCli.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }
}

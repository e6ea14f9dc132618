package io.omnistock.daemon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTP/1.1 pipelining against the real daemon: many requests written on one connection before
 * the first answer is read are all answered, in the order they were sent, on the I/O-thread path
 * (receipts, a position read) as on the worker path (a definition).
 */
class PipeliningIT
{
    private static final int REQUESTS = 50;

    @TempDir
    Path dir;

    @Test
    void requestsSentAheadAreAnsweredInOrder() throws Exception
    {
        try (DaemonProcess daemon = new DaemonProcess(dir.resolve("data")).start())
        {
            final String key = daemon.adminKey();
            final Client admin = new Client(daemon, key);
            admin.ok("/v1/locations", "{\"code\":\"S1\",\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}");
            admin.ok("/v1/skus", "{\"code\":\"TEA\"}");
            final StringBuilder burst = new StringBuilder();
            for (int i = 1; i <= REQUESTS; i++)
            {
                burst.append(post(key, "/v1/movements",
                    "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"TEA\",\"quantity\":" + i + "}"));
                if (i % 10 == 0)
                {
                    burst.append("GET /v1/positions/S1/TEA HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ")
                        .append(key).append("\r\n\r\n");
                }
            }
            burst.append(post(key, "/v1/skus", "{\"code\":\"COFFEE\"}"));
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), daemon.port()))
            {
                socket.setSoTimeout(30_000);
                final OutputStream out = socket.getOutputStream();
                out.write(burst.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
                final InputStream in = new BufferedInputStream(socket.getInputStream());
                final ObjectMapper json = new ObjectMapper();
                long onHand = 0;
                for (int i = 1; i <= REQUESTS; i++)
                {
                    onHand += i;
                    final JsonNode receipt = json.readTree(readResponse(in));
                    assertEquals(onHand, receipt.at("/position/onHand").asLong(), receipt.toString());
                    if (i % 10 == 0)
                    {
                        final JsonNode position = json.readTree(readResponse(in));
                        assertEquals(onHand, position.at("/position/onHand").asLong(), position.toString());
                    }
                }
                // The second SKU defined: id 1, answered after every receipt before it.
                final JsonNode coffee = json.readTree(readResponse(in));
                assertEquals("OK", coffee.get("reason").asText(), coffee.toString());
                assertEquals(1, coffee.get("id").asInt(), coffee.toString());
            }
        }
    }

    private static String post(final String key, final String path, final String body)
    {
        return RawHttp.post(key, path, body, "");
    }

    /** Reads one response; fails on any status but 200/201. */
    private static String readResponse(final InputStream in) throws IOException
    {
        final RawHttp.Response response = RawHttp.read(in);
        assertTrue(response.status() == 200 || response.status() == 201, response.head());
        return response.body();
    }
}

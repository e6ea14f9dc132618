package io.omnistock.daemon.e2e;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** HTTP/1.1 over a plain socket, for what the JDK client hides: pipelining, slow and partial requests. */
final class RawHttp
{
    /** A response as read off the socket: status, head (headers as sent) and body. */
    record Response(int status, String head, String body)
    {
        /** @return the header's value, or null; the name is case-insensitive. */
        String header(final String name)
        {
            for (final String line : head.split("\r\n"))
            {
                if (line.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":"))
                {
                    return line.substring(name.length() + 1).trim();
                }
            }
            return null;
        }
    }

    private RawHttp()
    {
    }

    /** A socket to the daemon, reads timing out after {@code timeoutMillis}. */
    static Socket connect(final DaemonProcess daemon, final int timeoutMillis) throws IOException
    {
        final Socket socket = new Socket(InetAddress.getLoopbackAddress(), daemon.port());
        socket.setSoTimeout(timeoutMillis);
        return socket;
    }

    /** A POST with a JSON body, keep-alive, {@code extraHeaders} each ending in CRLF. */
    static String post(final String key, final String path, final String body, final String extraHeaders)
    {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key + "\r\n" + extraHeaders +
            "Content-Type: application/json\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length +
            "\r\n\r\n" + body;
    }

    static String get(final String key, final String path)
    {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key + "\r\n\r\n";
    }

    static void send(final Socket socket, final String requests) throws IOException
    {
        socket.getOutputStream().write(requests.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    static InputStream in(final Socket socket) throws IOException
    {
        return new BufferedInputStream(socket.getInputStream());
    }

    /**
     * Reads one response: a Content-Length body, a chunked one, or one that ends with the connection.
     * @throws IOException at end of stream.
     */
    static Response read(final InputStream in) throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4)
        {
            final int b = in.read();
            if (b < 0)
            {
                throw new IOException("the connection closed " + (bytes.size() == 0 ? "before a response" :
                    "inside a response head: " + bytes));
            }
            bytes.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        final String head = bytes.toString(StandardCharsets.UTF_8);
        final Response headOnly = new Response(Integer.parseInt(head.substring(9, 12)), head, "");
        final String length = headOnly.header("Content-Length");
        final byte[] body;
        if ("chunked".equalsIgnoreCase(headOnly.header("Transfer-Encoding")))
        {
            body = chunked(in);
        }
        else if (length != null)
        {
            body = in.readNBytes(Integer.parseInt(length));
        }
        else if ("close".equalsIgnoreCase(headOnly.header("Connection")))
        {
            body = in.readAllBytes();
        }
        else
        {
            throw new IOException("neither a length nor the end of the connection ends the body: " + head);
        }
        return new Response(headOnly.status(), head, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] chunked(final InputStream in) throws IOException
    {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true)
        {
            final int size = Integer.parseInt(line(in).split(";")[0].trim(), 16);
            if (size == 0)
            {
                line(in);
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            line(in);
        }
    }

    private static String line(final InputStream in) throws IOException
    {
        final StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n')
        {
            if (b < 0)
            {
                throw new IOException("the connection closed inside a chunked body");
            }
            if (b != '\r')
            {
                line.append((char)b);
            }
        }
        return line.toString();
    }

    /**
     * Reads until the daemon closes the connection, as a reset or an end of stream.
     * @return the milliseconds that took.
     * @throws java.net.SocketTimeoutException when it stays open past the socket's read timeout.
     */
    static long millisUntilClosed(final Socket socket) throws IOException
    {
        final long start = System.nanoTime();
        try
        {
            final InputStream in = socket.getInputStream();
            final byte[] ignored = new byte[4096];
            while (in.read(ignored) >= 0)
            {
                // What came before the close is not under test here.
            }
        }
        catch (final java.net.SocketTimeoutException stillOpen)
        {
            throw stillOpen;
        }
        catch (final SocketException reset)
        {
            // Closed with bytes unread: the kernel resets the connection; closed all the same.
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}

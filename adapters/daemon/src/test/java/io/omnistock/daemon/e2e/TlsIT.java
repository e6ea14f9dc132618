package io.omnistock.daemon.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** TLS by configuration: with a keystore the daemon speaks HTTPS only. */
class TlsIT
{
    @TempDir
    Path dir;

    @Test
    void servesHttpsWithTheConfiguredKeystore() throws Exception
    {
        final Path keystore = dir.resolve("daemon.p12");
        final Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair", "-alias", "daemon", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
            "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
            "-storepass", "changeit").inheritIO().start();
        assertEquals(0, keytool.waitFor());
        final Map<String, String> env = Map.of("OMNISTOCK_TLS_KEYSTORE", keystore.toString(),
            "OMNISTOCK_TLS_KEYSTORE_PASSWORD", "changeit");
        try (DaemonProcess daemon = new DaemonProcess(dir.resolve("data"), env).startWithoutWaiting())
        {
            final KeyStore trusted = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore))
            {
                trusted.load(in, "changeit".toCharArray());
            }
            final TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            final SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            final HttpClient https = HttpClient.newBuilder().sslContext(tls).build();
            final URI ready = URI.create(daemon.uri("/ready").toString().replace("http:", "https:"));
            HttpResponse<String> response = null;
            // The listener answers from before recovery: 503 until the daemon is ready.
            for (int i = 0; i < 600 && (response == null || response.statusCode() == 503); i++)
            {
                try
                {
                    response = https.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString());
                }
                catch (final java.io.IOException notYet)
                {
                    // Not listening yet.
                }
                Thread.sleep(response == null || response.statusCode() == 503 ? 100 : 0);
            }
            assertEquals(200, response.statusCode(), response.body());
            assertThrows(java.io.IOException.class, () -> HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(daemon.uri("/ready")).build(), HttpResponse.BodyHandlers.ofString()),
                "plain HTTP is not served");
        }
    }
}

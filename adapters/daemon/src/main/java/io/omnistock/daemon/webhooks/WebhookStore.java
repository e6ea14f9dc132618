package io.omnistock.daemon.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.omnistock.daemon.DurableFile;
import io.omnistock.daemon.http.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The subscriptions and their delivery cursors, in {@code webhooks.json} under the data directory.
 * A side file, not the journal: subscriptions are the daemon's wiring, not inventory facts, and a
 * new command would need a new logic version and every replica's agreement for what is one member's
 * concern. Each write replaces the whole file atomically (temporary file, fsync, rename, fsync of the
 * directory), so a crash leaves the old file or the new one, never half of either. Owner-only: it
 * holds the signing secrets, which cannot be kept as digests since every delivery needs them.
 */
final class WebhookStore
{
    static final String FILE = "webhooks.json";
    static final int FORMAT = 1;

    /** One subscription as stored: {@code cursor} is the last journal sequence delivered or passed over. */
    record Stored(String id, String url, List<String> kinds, String channel, String secret, String previousSecret,
        long previousSecretUntilMillis, long createdAtMillis, long cursor)
    {
    }

    record Contents(int format, List<Stored> subscriptions)
    {
    }

    private final Path file;

    WebhookStore(final Path dataDir)
    {
        this.file = dataDir.resolve(FILE);
    }

    Path file()
    {
        return file;
    }

    /** @return what the file holds, or nothing if there is no file yet. */
    List<Stored> read() throws IOException
    {
        if (!Files.exists(file))
        {
            return List.of();
        }
        final Contents contents;
        try
        {
            contents = Json.MAPPER.readValue(file.toFile(), Contents.class);
        }
        catch (final JsonProcessingException e)
        {
            throw new IOException(file + " is not a webhooks file: " + e.getOriginalMessage());
        }
        if (contents.format() != FORMAT || contents.subscriptions() == null)
        {
            throw new IOException(file + " has format " + contents.format() + "; this build reads format " + FORMAT);
        }
        return contents.subscriptions();
    }

    synchronized void write(final List<Stored> subscriptions) throws IOException
    {
        DurableFile.replace(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(new Contents(FORMAT, subscriptions)));
    }
}

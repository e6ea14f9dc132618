package io.omnistock.daemon.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.omnistock.daemon.DurableFile;
import io.omnistock.daemon.http.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Kafka sink's cursor, {@code kafka-cursor.json} under the data directory: the topic and the
 * last journal sequence all of whose wanted events that topic has acknowledged. Written whole
 * ({@link DurableFile}), only ever to a sequence the broker acknowledged.
 */
final class KafkaCursor
{
    static final String FILE = "kafka-cursor.json";
    static final int FORMAT = 1;

    record Stored(int format, String topic, long sequence)
    {
    }

    private final Path file;

    KafkaCursor(final Path dataDir)
    {
        this.file = dataDir.resolve(FILE);
    }

    Path file()
    {
        return file;
    }

    /** @return what the file holds, or null if there is none yet. */
    Stored read() throws IOException
    {
        if (!Files.exists(file))
        {
            return null;
        }
        final Stored stored;
        try
        {
            stored = Json.MAPPER.readValue(file.toFile(), Stored.class);
        }
        catch (final JsonProcessingException e)
        {
            throw new IOException(file + " is not a Kafka cursor file: " + e.getOriginalMessage());
        }
        if (stored.format() != FORMAT || stored.topic() == null)
        {
            throw new IOException(file + " has format " + stored.format() + "; this build reads format " + FORMAT);
        }
        return stored;
    }

    void write(final String topic, final long sequence) throws IOException
    {
        DurableFile.replace(file, Json.MAPPER.writeValueAsBytes(new Stored(FORMAT, topic, sequence)));
    }
}

package io.omnistock.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAPI document and the settings reference describe exactly what the daemon does. */
class DocumentationTest
{
    private static final Path DOCS = Path.of("..", "..", "docs");

    @TempDir
    Path dir;

    @Test
    void openApiDocumentListsEveryRouteAndNoOther() throws Exception
    {
        final JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(DOCS.resolve("openapi.yaml").toFile());
        final Set<String> documented = new TreeSet<>();
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method ->
        {
            documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
            assertTrue(path.getValue().get(method).has("responses"), path.getKey() + " " + method + " has responses");
        }));
        final DaemonConfig config = DaemonConfig.load(null, Map.of(
            "OMNISTOCK_DATA_DIR", dir.toString(), "OMNISTOCK_HTTP_PORT", "0", "OMNISTOCK_SNAPSHOT_INTERVAL_SECONDS", "0"));
        try (Daemon daemon = Daemon.start(config))
        {
            assertEquals(new TreeSet<>(daemon.routes()), documented);
        }
    }

    @Test
    void everySettingIsDocumentedWithItsDefault() throws Exception
    {
        final String reference = Files.readString(DOCS.resolve("daemon.md"));
        DaemonConfig.defaults().forEach((key, value) ->
        {
            final String row = "| `" + key + "` | `" + value + "` |";
            assertTrue(reference.contains(row) || (value.toString().isEmpty() && reference.contains("| `" + key + "` | (empty) |")),
                "docs/daemon.md lacks the row " + row);
            assertTrue(reference.contains(DaemonConfig.envName(key.toString())), "docs/daemon.md lacks " +
                DaemonConfig.envName(key.toString()));
        });
    }
}

package io.omnistock.daemon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The contract: every response a validating {@link Client} receives is checked against
 * docs/openapi.yaml: its operation (method and path template) must declare the status, and a JSON
 * body must match the declared schema. Which (operation, status) pairs were seen is printed by
 * {@link #report()}, so spec and daemon cannot drift unnoticed.
 */
final class Contract
{
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final JsonNode SPEC = load();
    private static final List<Operation> OPERATIONS = operations();
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();
    private static final Set<String> SEEN = new ConcurrentSkipListSet<>();
    private static final JsonSchemaFactory FACTORY = factory();

    private record Operation(String method, String template, Pattern path, JsonNode node)
    {
        String id()
        {
            return node.path("operationId").asText(method + " " + template);
        }
    }

    private Contract()
    {
    }

    private static JsonNode load()
    {
        try
        {
            // The module's directory is the working directory of tests; the spec is the repository's.
            return YAML.readTree(Files.readString(Path.of("../../docs/openapi.yaml")));
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Operation> operations()
    {
        final List<Operation> all = new ArrayList<>();
        SPEC.path("paths").fields().forEachRemaining(path ->
        {
            final Pattern pattern = Pattern.compile(path.getKey().replaceAll("\\{[^}]+}", "[^/]+"));
            path.getValue().fields().forEachRemaining(op ->
                all.add(new Operation(op.getKey().toUpperCase(java.util.Locale.ROOT), path.getKey(), pattern, op.getValue())));
        });
        return all;
    }

    /** OpenAPI 3.0's schema keywords that do not validate (example, nullable is the config's). */
    private static JsonSchemaFactory factory()
    {
        final String uri = "https://spec.openapis.org/oas/3.0/schema";
        final JsonMetaSchema openApi = JsonMetaSchema.builder(uri, JsonMetaSchema.getV4())
            .addKeywords(List.of(new NonValidationKeyword("example"), new NonValidationKeyword("nullable"),
                new NonValidationKeyword("components"), new NonValidationKeyword("deprecated"),
                new NonValidationKeyword("readOnly"), new NonValidationKeyword("writeOnly")))
            .build();
        return JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4))
            .addMetaSchema(openApi).defaultMetaSchemaURI(uri).build();
    }

    /** Checks one response against the spec. @throws AssertionError naming what does not match. */
    static void check(final String method, final String rawPath, final Client.Response response)
    {
        final String path = rawPath.indexOf('?') < 0 ? rawPath : rawPath.substring(0, rawPath.indexOf('?'));
        final Operation op = OPERATIONS.stream().filter(o -> o.method().equals(method) && o.path().matcher(path).matches())
            .findFirst().orElse(null);
        final String status = Integer.toString(response.status());
        final JsonNode declared;
        if (op == null && method.equals("OPTIONS"))
        {
            // A CORS preflight (docs/daemon.md, HTTP conventions): no operation of its own; 204 without a
            // body, or an error.
            SEEN.add("(CORS preflight) OPTIONS " + status);
            declared = SPEC.at("/components/responses/Error");
            if (response.status() != 204 && response.status() != 403 && response.status() != 404)
            {
                throw new AssertionError("contract: a preflight answered " + status);
            }
        }
        else if (op == null)
        {
            // A method or path the spec does not have: its 404 or 405 is the components' error.
            if (response.status() != 404 && response.status() != 405)
            {
                throw new AssertionError("contract: " + method + " " + path + " answered " + status +
                    " but is no operation of docs/openapi.yaml");
            }
            SEEN.add("(no operation) " + method + " " + status);
            declared = response.status() == 405 ? SPEC.at("/components/responses/MethodNotAllowed") :
                SPEC.at("/components/responses/Error");
        }
        else
        {
            SEEN.add(op.id() + " " + status);
            final JsonNode byStatus = op.node().path("responses").path(status);
            if (byStatus.isMissingNode())
            {
                throw new AssertionError("contract: " + op.id() + " (" + method + " " + op.template() + ") answered " +
                    status + ", which docs/openapi.yaml does not declare: " + response.raw().body());
            }
            declared = resolve(byStatus);
        }
        final String type = response.raw().headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/json"))
        {
            return;
        }
        final JsonNode schema = declared.at("/content/application~1json/schema");
        if (schema.isMissingNode())
        {
            throw new AssertionError("contract: " + method + " " + path + " " + status + " answered JSON, and " +
                "docs/openapi.yaml declares no JSON schema for it");
        }
        final Set<ValidationMessage> problems = schema(schema).validate(response.body());
        if (!problems.isEmpty())
        {
            throw new AssertionError("contract: " + method + " " + path + " " + status + " does not match its " +
                "schema in docs/openapi.yaml: " + problems + "\n" + response.body());
        }
    }

    private static JsonNode resolve(final JsonNode node)
    {
        final JsonNode ref = node.get("$ref");
        return ref == null ? node : resolve(SPEC.at(ref.asText().substring(1)));
    }

    /** The schema with the spec's components beside it, so its "#/components/..." references resolve. */
    private static JsonSchema schema(final JsonNode schema)
    {
        return SCHEMAS.computeIfAbsent(schema.toString(), key ->
        {
            final ObjectNode root = YAML.createObjectNode();
            root.putArray("allOf").add(schema);
            root.set("components", SPEC.get("components"));
            final SchemaValidatorsConfig config = new SchemaValidatorsConfig();
            config.setHandleNullableField(true);
            config.setTypeLoose(false);
            return FACTORY.getSchema(root, config);
        });
    }

    /** Prints the (operation, status) pairs seen so far, and how many operations were never seen. */
    static void report(final String by)
    {
        final Set<String> seenOps = SEEN.stream().map(s -> s.substring(0, s.lastIndexOf(' '))).collect(Collectors.toSet());
        final List<String> unseen = new ArrayList<>();
        for (final Iterator<Operation> it = OPERATIONS.iterator(); it.hasNext(); )
        {
            final Operation op = it.next();
            if (!seenOps.contains(op.id()))
            {
                unseen.add(op.id());
            }
        }
        System.out.println("contract (" + by + "): " + SEEN.size() + " (operation, status) pairs seen, checked against " +
            "docs/openapi.yaml: " + String.join(", ", SEEN) + "; operations not seen: " + unseen.size());
    }
}

package io.omnistock.codegen;

import com.palantir.javapoet.JavaFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemaReaderTest
{
    private static final Path SCHEMA = Path.of("..", "engine-api", "src", "main", "schema", "commands.xml");

    private static final String DOCS = "<writer-doc>w</writer-doc><factories-doc>f</factories-doc>" +
        "<add-line-doc>a</add-line-doc><fingerprint-doc>p</fingerprint-doc>" +
        "<param-docs><param name='commandId'>c.</param><param name='location'>l.</param></param-docs>";
    private static final String SLOT = "<slot><field name='location' type='int' default='-1'/>" +
        "<field name='quantity' type='long'/><field name='tier' type='Tier'/></slot>";

    @Test
    void readsTheProjectSchemaAndGeneratesTheSameCodeTwice() throws IOException
    {
        final Schema schema = read(SCHEMA);
        assertEquals("DEFINE_LOCATION", schema.commands().get(0).name(), "wire code 0");
        assertTrue(schema.commands().size() >= 41, "every command of the journal's formats");
        for (final String part : List.of("api", "core", "daemon", "tools"))
        {
            assertEquals(render(SchemaProcessor.generate(schema, part)),
                render(SchemaProcessor.generate(read(SCHEMA), part)), part);
        }
    }

    @Test
    void aFieldNamesWhatASlotFieldMeansForItsCommand() throws IOException
    {
        final Schema.Command channel = read(SCHEMA).commands().stream()
            .filter(c -> c.name().equals("DEFINE_CHANNEL")).findFirst().orElseThrow();
        final Schema.CommandField ttl = channel.fields().get(1);
        assertEquals("holdTtlMillis", ttl.name());
        assertEquals("quantity", ttl.slot().name());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<command name='A' handler='h' writer='a'><doc>d</doc><api>a</api><field name='nowhere'/></command>" +
            "| command A: field 'nowhere' names no slot field 'nowhere'",
        "<command name='A' handler='h' writer='a'><doc>d</doc><api>a</api></command><command name='A' handler='h' writer='b'><doc>d</doc><api>b</api></command>" +
            "| command A: the name must be UPPER_SNAKE_CASE and unique",
        "<command name='A' handler='h' writer='a'><doc>d</doc><api>a</api><record><int16 field='location'/></record></command>" +
            "| command A: unknown record part <int16>",
        "<command name='A' handler='h' writer='a'><doc>d</doc><api>a</api><record><enum8 field='location'/></record></command>" +
            "| command A: <enum8> does not fit slot field 'location' of type int",
        "<command name='A' handler='h' writer='a' params='other'><doc>d</doc><api>a</api><field name='location'/></command>" +
            "| command A: params names no field 'other'",
        "<command name='A' handler='h' writer='a'><doc>d</doc><field name='location'/></command>" +
            "| command A: a command with an API writer needs one <api> (its Javadoc), others none",
        "<command name='A' handler='h' writer='a'><doc>d</doc><api>a</api><field name='t' slot='tier' type='int'/></command>" +
            "| command A: field 't' of type int cannot be stored in slot field 'tier' of type Tier",
        "<command name='A' handler='h' journaled='false' writer='a'><doc>d</doc><api>a</api><record/></command>" +
            "| command A: at most one <record>, and none for a command that is not journaled",
        "<command name='A' handler='h' writer='a'><doc>d</doc><api>a</api><record><group ref='later'/></record></command>" +
            "| command A: no group 'later' is declared before it",
        "<command name='A' handler='h' writer='a'><doc>d</doc><api>a</api><field name='quantity'/></command>" +
            "| command A: parameter 'quantity' has no @param in <api> and none in <param-docs>",
        "<command name='A' handler='h' writer='a'><doc>d</doc><api>a</api><field name='location'/>" +
            "<form name='b'><param name='q' type='long'/><api>b</api></form></command>" +
            "| command A, form 'b': parameter 'q' has no @param in <api> and none in <param-docs>",
        "<command name='A' handler='h' writer='a'><doc>d</doc><api>a</api><record><int32 field='location' since='v5'/></record></command>" +
            "| command A: since must be a journal format number, not 'v5'",
        "<command name='A' writer='a'><doc>d</doc><api>a</api></command>" +
            "| command A: handler='' must name its domain in lowerCamelCase (stock, order...), or processor",
        "<command name='A' handler='Stock' writer='a'><doc>d</doc><api>a</api></command>" +
            "| command A: handler='Stock' must name its domain in lowerCamelCase (stock, order...), or processor",
        "<command name='A' handler='h' writer='a' logic='v4'><doc>d</doc><api>a</api></command>" +
            "| command A: logic must be the first logic version that accepts the command, a number from 2 (leave it out for every version), not 'v4'",
        "<command name='A' handler='h' writer='a' logic='1'><doc>d</doc><api>a</api></command>" +
            "| command A: logic must be the first logic version that accepts the command, a number from 2 (leave it out for every version), not '1'",
        "<command name='A' handler='h' writer='a' logic=''><doc>d</doc><api>a</api></command>" +
            "| command A: logic must be the first logic version that accepts the command, a number from 2 (leave it out for every version), not ''",
        "<command name='A' handler='h' journaled='false' writer='a' logic='4'><doc>d</doc><api>a</api></command>" +
            "| command A: logic= belongs to a journaled command a client sends, not to a query or a command the engine issues",
        "<command name='A' handler='h' issuer='engine' writer='a' logic='4'><doc>d</doc></command>" +
            "| command A: logic= belongs to a journaled command a client sends, not to a query or a command the engine issues",
    })
    void aMistakeFailsTheBuildNamingIt(final String commands, final String message)
    {
        final String xml = "<schema>" + DOCS + SLOT + commands + "</schema>";
        final SchemaException e = assertThrows(SchemaException.class,
            () -> read(xml));
        assertEquals(message, e.getMessage());
    }

    /** A part a later journal format added is read and written only in records of that format on. */
    @Test
    void aRecordPartSinceAFormatIsGuardedByTheRecordsFormat() throws IOException
    {
        final String xml = "<schema>" + DOCS + SLOT +
            "<command name='A' handler='h' writer='a'><doc>d</doc><api>a</api><field name='location'/>" +
            "<record><int32 field='location' since='5'/></record></command></schema>";
        final Schema schema = read(xml);
        final String body = RecordBodyGenerator.generate(schema).toString();
        assertEquals(2, body.split("if \\(format >= 5\\)", -1).length - 1, body);
    }

    @Test
    void aWireCodeIsTheCommandsPositionInTheSchema() throws IOException
    {
        final String xml = "<schema>" + DOCS + SLOT +
            "<command name='B' handler='h' writer='b'><doc>d</doc><api>b</api></command>" +
            "<command name='A' handler='h' writer='a'><doc>d</doc><api>a</api><field name='location'/></command></schema>";
        final Schema schema = read(xml);
        final String generated = CommandTypeGenerator.generate(schema).toString();
        assertTrue(generated.indexOf("B(true, 1)") < generated.indexOf("A(true, 1)"), generated);
    }

    /**
     * {@code logic=} is the first logic version whose cluster accepts the command (engine-cluster's ingress
     * refuses it before then); without it, 1: every version.
     */
    @Test
    void aCommandsFirstLogicVersionIsItsLogicAttributeElseEveryVersion() throws IOException
    {
        final String xml = "<schema>" + DOCS + SLOT +
            "<command name='A' handler='h' writer='a' logic='4'><doc>d</doc><api>a</api></command>" +
            "<command name='B' handler='h' writer='b'><doc>d</doc><api>b</api></command>" +
            "<command name='Q' handler='h' journaled='false' writer='q'><doc>d</doc><api>q</api></command></schema>";
        final Schema schema = read(xml);
        assertEquals(List.of(4, 1, 1), schema.commands().stream().map(Schema.Command::firstLogicVersion).toList());
        final String generated = CommandTypeGenerator.generate(schema).toString().replaceAll("\\s+", " ");
        assertTrue(generated.contains("A(true, 4)"), generated);
        assertTrue(generated.contains("B(true, 1)"), generated);
        assertTrue(generated.contains("Q(false, 1)"), generated);
        assertTrue(generated.contains("public int firstLogicVersion() { return firstLogicVersion; }"), generated);
    }

    @Test
    void aWriterParameterIsDocumentedByItsOwnApiTextFirstThenByParamDocs() throws IOException
    {
        final String xml = "<schema>" + DOCS + SLOT +
            "<command name='A' handler='h' writer='a'><doc>d</doc><api>Does a.\n@param quantity how much.</api>" +
            "<field name='location'/><field name='quantity'/></command></schema>";
        final Schema schema = read(xml);
        final String writer = render(SchemaProcessor.generate(schema, "api"));
        assertTrue(writer.contains("@param quantity how much."), writer);
        assertTrue(writer.contains("@param location l."), writer);
        assertTrue(writer.contains("@param commandId c."), writer);
    }

    /**
     * Each domain gets an interface with a method per command named after its writer, and the dispatcher's
     * switches call it: the journaled commands in execute, the queries in query.
     */
    @Test
    void theDispatcherCallsEachCommandsDomainMethodNamedAfterItsWriter() throws IOException
    {
        final String xml = "<schema>" + DOCS + SLOT +
            "<command name='A' handler='stock' writer='a'><doc>d</doc><api>a</api></command>" +
            "<command name='B' handler='orderBook' writer='b'><doc>d</doc><api>b</api></command>" +
            "<command name='Q' handler='stock' journaled='false' writer='q'><doc>d</doc><api>q</api></command></schema>";
        final Schema schema = read(xml);
        final String code = render(SchemaProcessor.generate(schema, "core")).replaceAll("\\s+", " ");
        assertTrue(code.contains("public interface StockCommands { /** * Decides {@link CommandType#A}. * " +
            "* @param c the slot holding the command. * @return its reason. */ ReasonCode a(final CommandSlot c); " +
            "/** * Answers {@link CommandType#Q}, changing nothing."), code);
        assertTrue(code.contains("public interface OrderBookCommands {"), code);
        assertTrue(code.contains("public CommandDispatcher(final OrderBookCommands orderBook, final StockCommands stock)"), code);
        assertTrue(code.contains("public ReasonCode execute(final CommandSlot c) { return switch (c.type) { " +
            "case A -> stock.a(c); case B -> orderBook.b(c); default -> ReasonCode.UNKNOWN_COMMAND; }; }"), code);
        assertTrue(code.contains("public ReasonCode query(final CommandSlot c) { return switch (c.type) { " +
            "case Q -> stock.q(c); default -> ReasonCode.UNKNOWN_COMMAND; }; }"), code);
    }

    private static final String EVENT = "<event-field name='orderId' type='long' none='0'>o</event-field>" +
        "<event name='E'><doc>d</doc><field name='orderId' word='id'/>";
    private static final String COMMAND = "<command name='A' handler='h' writer='a'><doc>d</doc><api>a</api></command>";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<json><number name='n' field='held'/></json>| event E: JSON part 'n' reads 'held', which the kind does not carry",
        "<json><code name='c' field='orderId' of='location'/></json>" +
            "| event E: JSON part <code name=\"c\"> cannot write 'orderId' of type long",
        "<json><enum name='s' field='onHand'/></json>| event E: JSON part <enum name=\"s\"> cannot write 'onHand' of type long",
        "<json><code name='c' field='location' of='warehouse'/></json>" +
            "| event E: <code> of must be one of [location, sku, channel], not warehouse",
        "<json><number name='n' field='onHand' optional='true'/></json>" +
            "| event E: none= or optional= (not both) belong to a <code>",
        "<json><text name='t' field='location'/></json>| event E: unknown JSON part <text>",
        "<json><group ref='nowhere'/></json>| event E: no json-group 'nowhere' (or groups nest in a loop)",
        "<json><hook name='Not-a-method'/></json>| event E: hook 'Not-a-method' must be a Java method name",
    })
    void aJsonPartThatCannotBeWrittenFailsTheBuildNamingIt(final String json, final String message)
    {
        final String xml = "<schema>" + DOCS + SLOT + COMMAND + EVENT + json + "</event></schema>";
        final SchemaException e = assertThrows(SchemaException.class,
            () -> read(xml));
        assertEquals(message, e.getMessage());
    }

    /**
     * An event's JSON is the "event" group's parts, then its own, each a sink call in order; a command's
     * result is its own {@code <result>} or the "result" group; the channel events are those with a
     * channel-scoped id.
     */
    @Test
    void theJsonLayoutCallsTheSinkPerPartInTheSchemasOrder() throws IOException
    {
        final String xml = "<schema>" + DOCS + SLOT +
            "<json-group name='event'><hook name='head'/><code name='location' field='location' of='location' optional='true'/></json-group>" +
            "<json-group name='result'><hook name='outcome'/></json-group>" + COMMAND +
            "<command name='B' handler='h' writer='b'><doc>d</doc><api>b</api><result><hook name='outcome'/><hook name='extra'/></result></command>" +
            EVENT + "<json><channel-number name='orderId' field='orderId'/><flag name='f' field='location' bit='FLAG_SHORTFALL'/>" +
            "</json></event><event name='F'><doc>d</doc><json><code name='from' field='sku' of='sku' none='none'/></json></event></schema>";
        final Schema schema = read(xml);
        final String code = render(JsonLayoutGenerator.generate(schema)).replaceAll("\\s+", " ");
        assertTrue(code.contains("case E -> { sink.head(out, record, e); if (e.location() >= 0) { " +
            "sink.locationCode(out, \"location\", e.location()); } sink.channelNumber(out, \"orderId\", e.orderId()); " +
            "if ((e.location() & EventView.FLAG_SHORTFALL) != 0) { sink.flag(out, \"f\"); } }"), code);
        assertTrue(code.contains("if (e.sku() >= 0) { sink.skuCode(out, \"from\", e.sku()); } else { " +
            "sink.text(out, \"from\", \"none\"); }"), code);
        assertTrue(code.contains("case A -> { sink.outcome(out, r); } case B -> { sink.outcome(out, r); sink.extra(out, r); }"), code);
        assertTrue(code.contains("case E -> true;"), code);
        assertTrue(code.contains("case E -> e.orderId();"), code);
        assertTrue(code.contains("void extra(final C out, final CommandResult r) throws IOException;"), code);
        assertTrue(code.contains("void head(final C out, final JournalRecord record, final EventView e);"), code);
    }

    /**
     * The export's columns follow the schema: a kind's id and quantity columns are the fields it stores in
     * those words (an int widened to long), its flags column its flags word, its position columns there when
     * its JSON shows the position; a kind with none of them fills none.
     */
    @Test
    void theExportColumnsFollowEachKindsWordsAndJson() throws IOException
    {
        final String xml = "<schema>" + DOCS + SLOT + COMMAND +
            "<event-field name='channelId' type='int' none='-1'>c</event-field>" + EVENT +
            "<field name='channelId' word='flags'/><json><number name='onHand' field='onHand'/></json></event>" +
            "<event name='F'><doc>d</doc><field name='channelId' word='id'/></event><event name='G'><doc>d</doc></event></schema>";
        final Schema schema = read(xml);
        final String code = render(SchemaProcessor.generate(schema, "tools")).replaceAll("\\s+", " ");
        assertTrue(code.contains("static Object idWord(final EventView e) { return switch (e.kind()) { " +
            "case F -> (long)e.channelId(); case E -> e.orderId(); default -> null; }; }"), code);
        assertTrue(code.contains("static Object heldWord(final EventView e) { return switch (e.kind()) { " +
            "default -> null; }; }"), code);
        assertTrue(code.contains("static Object flagsWord(final EventView e) { return switch (e.kind()) { " +
            "case E -> e.channelId(); default -> null; }; }"), code);
        assertTrue(code.contains("return switch (kind) { case E -> true; default -> false; };"), code);
    }

    private static Schema read(final Path path) throws IOException
    {
        try (InputStream in = Files.newInputStream(path))
        {
            return SchemaReader.read(in);
        }
    }

    /** @return the schema {@code xml} describes, read as the build reads commands.xml. */
    private static Schema read(final String xml) throws IOException
    {
        return SchemaReader.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String render(final List<JavaFile> files)
    {
        final StringBuilder out = new StringBuilder();
        files.forEach(f -> out.append(f));
        return out.toString();
    }
}

package io.omnistock.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;

import javax.lang.model.element.Modifier;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Generates the daemon's JSON layout of events and results: for each event kind and each command's
 * result, the calls that write its parts in order into a sink the daemon implements once per output
 * (io.omnistock.daemon.json.EventJsonSink, ResultJsonSink: a number, a text, an id shown as a code, a
 * channel-scoped id, and a method per hook), and the channel-scoped events' lists. The sink takes the
 * output as an argument, so one stateless sink serves every thread and nothing is allocated per call.
 */
final class JsonLayoutGenerator
{
    static final String PACKAGE = "io.omnistock.daemon.json";
    private static final ClassName EVENT_VIEW = ClassName.get(Names.API, "EventView");
    private static final ClassName COMMAND_RESULT = ClassName.get(Names.API, "CommandResult");
    private static final TypeVariableName C = TypeVariableName.get("C");
    private static final String GENERATED = "Generated from {@code engine-api/src/main/schema/commands.xml}: edit the schema, not this file.\n";

    private JsonLayoutGenerator()
    {
    }

    static List<JavaFile> generate(final Schema schema)
    {
        final Schema.Json json = schema.json();
        final ClassName eventSink = ClassName.get(PACKAGE, "EventJsonSink");
        final ClassName resultSink = ClassName.get(PACKAGE, "ResultJsonSink");
        final List<ParameterSpec> eventHookParams = List.of(param(Names.JOURNAL_RECORD, "record"), param(EVENT_VIEW, "e"));
        final List<ParameterSpec> resultHookParams = List.of(param(COMMAND_RESULT, "r"));

        final TypeSpec.Builder events = layout("EventJsonLayout", "Each event kind's JSON object, as the schema lists its parts.");
        events.addMethod(MethodSpec.methodBuilder("write")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC).addTypeVariable(C)
            .addJavadoc("Writes the members of event {@code e} of {@code record} into {@code out}, in the schema's order;\n" +
                "the caller writes the object's braces.\n\n@param <C> the output's type.\n@param out the output.\n" +
                "@param record the journal record the event is of.\n@param e the event.\n@param sink writes each part into {@code out}.\n")
            .addParameter(param(C, "out")).addParameters(eventHookParams)
            .addParameter(param(ParameterizedTypeName.get(eventSink, C), "sink"))
            .addCode(cases("e.kind()", json.events(), "e", "record, e")).build());
        final List<String> channelKinds = new ArrayList<>();
        final CodeBlock.Builder scoped = CodeBlock.builder().add("return switch (e.kind())\n{\n").indent();
        for (final Map.Entry<String, List<Schema.JsonPart>> kind : json.events().entrySet())
        {
            for (final Schema.JsonPart p : kind.getValue())
            {
                if ("channel-number".equals(p.kind()))
                {
                    channelKinds.add(kind.getKey());
                    scoped.add("case $L -> e.$L();\n", kind.getKey(), p.field());
                    break;
                }
            }
        }
        scoped.add("default -> 0;\n").unindent().add("};\n");
        events.addMethod(MethodSpec.methodBuilder("isChannelEvent")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(TypeName.BOOLEAN)
            .addParameter(param(EventGenerator.EVENT_KIND, "kind"))
            .addJavadoc("@param kind an event kind.\n@return whether its events belong to one channel: those whose JSON shows a\n" +
                "channel-scoped id ({@code <channel-number>}), whose engine id carries the channel.\n")
            .addStatement("return switch (kind)\n{\ncase $L -> true;\ndefault -> false;\n}", String.join(", ", channelKinds))
            .build());
        events.addMethod(MethodSpec.methodBuilder("channelScopedId")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(TypeName.LONG)
            .addParameter(param(EVENT_VIEW, "e"))
            .addJavadoc("@param e an event.\n@return the engine id of a channel event's order or reservation, which names its channel;\n" +
                "0 for an event of another kind.\n")
            .addCode(scoped.build()).build());

        final TypeSpec.Builder results = layout("ResultJsonLayout", "Each command's result as a JSON object, as the schema lists its parts.");
        results.addMethod(MethodSpec.methodBuilder("write")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC).addTypeVariable(C).addException(IOException.class)
            .addJavadoc("Writes the members of result {@code r} into {@code out}, in the schema's order; the caller writes\n" +
                "the object's braces.\n\n@param <C> the output's type.\n@param out the output.\n@param r the result.\n" +
                "@param sink writes each part into {@code out}.\n@throws IOException if the output fails.\n")
            .addParameter(param(C, "out")).addParameters(resultHookParams)
            .addParameter(param(ParameterizedTypeName.get(resultSink, C), "sink"))
            .addCode(cases("r.type()", json.results(), "r", "r")).build());

        return List.of(
            Names.file(PACKAGE, events.build()),
            Names.file(PACKAGE, sink(eventSink, "an event", json.eventHooks(), eventHookParams, false)),
            Names.file(PACKAGE, results.build()),
            Names.file(PACKAGE, sink(resultSink, "a command's result", json.resultHooks(), resultHookParams, true)));
    }

    private static TypeSpec.Builder layout(final String name, final String doc)
    {
        return TypeSpec.classBuilder(name).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addJavadoc(doc + "\n" + GENERATED)
            .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    }

    /** @return a switch over {@code selector} with a case per constant that writes its parts in order. */
    private static CodeBlock cases(final String selector, final Map<String, List<Schema.JsonPart>> parts,
        final String source, final String hookArgs)
    {
        final CodeBlock.Builder code = CodeBlock.builder().beginControlFlow("switch ($L)", selector);
        for (final Map.Entry<String, List<Schema.JsonPart>> constant : parts.entrySet())
        {
            code.add("case $L -> {\n", constant.getKey()).indent();
            constant.getValue().forEach(p -> code.add(call(p, source, hookArgs)));
            code.unindent().add("}\n");
        }
        return code.endControlFlow().build();
    }

    /** @return the statement that writes part {@code p}, reading fields of {@code source}, passing {@code hookArgs} to a hook. */
    private static CodeBlock call(final Schema.JsonPart p, final String source, final String hookArgs)
    {
        final String value = source + "." + p.field() + "()";
        return switch (p.kind())
        {
            case "hook" -> CodeBlock.of("sink.$L(out, $L);\n", p.name(), hookArgs);
            case "number" -> CodeBlock.of("sink.number(out, $S, $L);\n", p.name(), value);
            case "enum" -> CodeBlock.of("sink.text(out, $S, $L.name());\n", p.name(), value);
            case "channel-number" -> CodeBlock.of("sink.channelNumber(out, $S, $L);\n", p.name(), value);
            case "flag" -> CodeBlock.builder().beginControlFlow("if (($L & $T.$L) != 0)", value, EVENT_VIEW, p.bit())
                .addStatement("sink.flag(out, $S)", p.name()).endControlFlow().build();
            case "code" ->
            {
                final CodeBlock code = CodeBlock.of("sink.$LCode(out, $S, $L);\n", p.of(), p.name(), value);
                if (p.optional())
                {
                    yield CodeBlock.builder().beginControlFlow("if ($L >= 0)", value).add(code).endControlFlow().build();
                }
                if (p.none() != null)
                {
                    yield CodeBlock.builder().beginControlFlow("if ($L >= 0)", value).add(code).nextControlFlow("else")
                        .addStatement("sink.text(out, $S, $S)", p.name(), p.none()).endControlFlow().build();
                }
                yield code;
            }
            default -> throw new SchemaException("no JSON for part <" + p.kind() + ">");
        };
    }

    /** The sink: the primitives every part kind needs, then one method per hook. */
    private static TypeSpec sink(final ClassName name, final String what, final List<String> hooks,
        final List<ParameterSpec> hookParams, final boolean throwing)
    {
        final TypeSpec.Builder sink = TypeSpec.interfaceBuilder(name).addModifiers(Modifier.PUBLIC).addTypeVariable(C)
            .addJavadoc("Writes the parts of $L's JSON object into an output of type {@code C}, each after the ones before\n" +
                "it: the primitives the schema's part kinds need, and one method per {@code <hook>} (what needs more than\n" +
                "fields).\n\n@param <C> the output's type.\n" + GENERATED, what);
        sink.addMethod(primitive("number", "a number", throwing, param(TypeName.LONG, "value")));
        sink.addMethod(primitive("text", "a string", throwing, param(ClassName.get(String.class), "value")));
        sink.addMethod(primitive("flag", "{@code true}", throwing));
        for (final String of : List.of("location", "sku", "channel"))
        {
            sink.addMethod(primitive(of + "Code", "the code of the " + of + " with id {@code id}", throwing,
                param(TypeName.INT, "id")));
        }
        sink.addMethod(primitive("channelNumber", "the channel's own number of a channel-scoped engine id, then\n" +
            "{@code channel}: the channel's code", throwing, param(TypeName.LONG, "engineId")));
        for (final String hook : hooks)
        {
            final MethodSpec.Builder m = MethodSpec.methodBuilder(hook).addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
                .addParameter(param(C, "out")).addParameters(hookParams)
                .addJavadoc("The schema's hook {@code $L}: writes what it names (hand-written).\n", hook);
            if (throwing)
            {
                m.addException(IOException.class);
            }
            sink.addMethod(m.build());
        }
        return sink.build();
    }

    private static MethodSpec primitive(final String name, final String what, final boolean throwing,
        final ParameterSpec... values)
    {
        final MethodSpec.Builder m = MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
            .addParameter(param(C, "out")).addParameter(param(ClassName.get(String.class), "name"))
            .addParameters(List.of(values))
            .addJavadoc("Writes member {@code name}: $L.\n", what);
        if (throwing)
        {
            m.addException(IOException.class);
        }
        return m.build();
    }

    private static ParameterSpec param(final TypeName type, final String name)
    {
        return ParameterSpec.builder(type, name, Modifier.FINAL).build();
    }
}

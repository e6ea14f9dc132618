package io.omnistock.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

import javax.lang.model.element.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates io.omnistock.tools.ExportColumns: which of the export's per-kind columns an event fills,
 * from the schema, so a new event kind needs no hand edit in the export. The id, quantity and flags
 * columns show the field each kind stores in that word ({@code <field word>}); the position's
 * quantities are shown for the kinds whose JSON shows them (a part of field {@code onHand}).
 */
final class ExportColumnsGenerator
{
    private static final ClassName EXPORT_COLUMNS = ClassName.get("io.omnistock.tools", "ExportColumns");
    private static final ClassName EVENT_VIEW = ClassName.get(Names.API, "EventView");

    private ExportColumnsGenerator()
    {
    }

    static JavaFile generate(final Schema schema)
    {
        final TypeSpec.Builder columns = TypeSpec.classBuilder(EXPORT_COLUMNS)
            .addModifiers(Modifier.FINAL)
            .addJavadoc("The export's per-kind columns: each is empty (CSV) or null (NDJSON) for a kind that does not\n" +
                "carry it, never a made-up 0.\n" +
                "Generated from {@code engine-api/src/main/schema/commands.xml}: edit the schema, not this file.\n")
            .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        columns.addMethod(word(schema, "id", "idWord", "the id the event's kind stores in its id word (an id or a location), as a long"));
        columns.addMethod(word(schema, "held", "heldWord", "the quantity the event's kind stores in its quantity word"));
        columns.addMethod(word(schema, "flags", "flagsWord", "the flags or state the event's kind stores in its flags word"));
        final List<String> position = new ArrayList<>();
        for (final Schema.Event e : schema.events())
        {
            if (schema.json().events().getOrDefault(e.name(), List.of()).stream().anyMatch(p -> "onHand".equals(p.field())))
            {
                position.add(e.name());
            }
        }
        final CodeBlock.Builder body = CodeBlock.builder();
        if (position.isEmpty())
        {
            body.addStatement("return false");
        }
        else
        {
            body.add("return switch (kind)\n{\n").indent()
                .add("case $L -> true;\n", String.join(", ", position))
                .add("default -> false;\n").unindent().add("};\n");
        }
        columns.addMethod(MethodSpec.methodBuilder("position")
            .addModifiers(Modifier.STATIC)
            .returns(TypeName.BOOLEAN)
            .addParameter(ParameterSpec.builder(EventGenerator.EVENT_KIND, "kind", Modifier.FINAL).build())
            .addJavadoc("@return whether events of {@code kind} carry the position's quantities after the change.\n")
            .addCode(body.build())
            .build());
        return Names.file(EXPORT_COLUMNS.packageName(), columns.build());
    }

    /** A switch on the kind: each kind's field stored in {@code word}, ids and quantities widened to long. */
    private static MethodSpec word(final Schema schema, final String word, final String name, final String doc)
    {
        final CodeBlock.Builder body = CodeBlock.builder().add("return switch (e.kind())\n{\n").indent();
        for (final Schema.EventField f : schema.eventFields())
        {
            final List<String> kinds = EventGenerator.kindsStoring(schema, f, word);
            if (!kinds.isEmpty())
            {
                final boolean widen = "int".equals(f.type()) && !"flags".equals(word);
                body.add("case $L -> $Le.$L();\n", String.join(", ", kinds), widen ? "(long)" : "", f.name());
            }
        }
        body.add("default -> null;\n").unindent().add("};\n");
        return MethodSpec.methodBuilder(name)
            .addModifiers(Modifier.STATIC)
            .returns(Object.class)
            .addParameter(ParameterSpec.builder(EVENT_VIEW, "e", Modifier.FINAL).build())
            .addJavadoc("@return $L, or null for a kind that stores nothing there.\n", doc)
            .addCode(body.build())
            .build();
    }
}

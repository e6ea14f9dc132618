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
 * Generates the events' typed surface: io.omnistock.api.EventKind, io.omnistock.api.EventFields
 * (one accessor per typed field, so no field means one thing for one kind and another for the next)
 * and io.omnistock.core.command.EventWords, which answers each accessor from the word the schema
 * names for the event's kind.
 */
final class EventGenerator
{
    static final ClassName EVENT_KIND = ClassName.get(Names.API, "EventKind");
    private static final ClassName EVENT_FIELDS = ClassName.get(Names.API, "EventFields");
    private static final ClassName EVENT_VIEW = ClassName.get(Names.API, "EventView");
    private static final ClassName EVENT_WORDS = ClassName.get("io.omnistock.core.command", "EventWords");

    private EventGenerator()
    {
    }

    static List<JavaFile> api(final Schema schema)
    {
        final TypeSpec.Builder kind = TypeSpec.enumBuilder(EVENT_KIND)
            .addModifiers(Modifier.PUBLIC)
            .addJavadoc("Kinds of output event. The ordinal is the journal's wire code: append new kinds at the end only.\n" +
                "Generated from {@code engine-api/src/main/schema/commands.xml}: edit the schema, not this file.\n");
        for (final Schema.Event e : schema.events())
        {
            kind.addEnumConstant(e.name(), TypeSpec.anonymousClassBuilder("").addJavadoc("$L\n", e.doc()).build());
        }
        kind.addField(com.palantir.javapoet.FieldSpec.builder(com.palantir.javapoet.ArrayTypeName.of(EVENT_KIND), "VALUES",
            Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL).initializer("values()").build());
        kind.addMethod(MethodSpec.methodBuilder("fromOrdinal")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(EVENT_KIND)
            .addParameter(ParameterSpec.builder(TypeName.INT, "ordinal", Modifier.FINAL).build())
            .addJavadoc("@param ordinal the wire code.\n@return the kind, or {@code null} if the code is not a kind.\n")
            .addStatement("return ordinal >= 0 && ordinal < VALUES.length ? VALUES[ordinal] : null").build());

        final TypeSpec.Builder fields = TypeSpec.interfaceBuilder(EVENT_FIELDS)
            .addModifiers(Modifier.PUBLIC)
            .addJavadoc("The typed fields of an event: each accessor answers for the kinds that carry the field, and a\n" +
                "fixed value for every other kind. Part of {@link EventView}.\n" +
                "Generated from {@code engine-api/src/main/schema/commands.xml}: edit the schema, not this file.\n");
        for (final Schema.EventField f : schema.eventFields())
        {
            fields.addMethod(MethodSpec.methodBuilder(f.name())
                .addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
                .returns(Names.type(f.type()))
                .addJavadoc("@return $L, for $L; otherwise $L.\n", f.doc(), kindsOf(schema, f), f.none())
                .build());
        }
        return List.of(Names.file(Names.API, kind.build()), Names.file(Names.API, fields.build()));
    }

    static JavaFile core(final Schema schema)
    {
        final TypeSpec.Builder words = TypeSpec.classBuilder(EVENT_WORDS)
            .addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
            .addSuperinterface(EVENT_VIEW)
            .addJavadoc("Answers {@link $T}'s typed accessors from the three words an event stores besides its kind\n" +
                "and position, as the schema maps them per kind.\n" +
                "Generated from {@code engine-api/src/main/schema/commands.xml}: edit the schema, not this file.\n",
                EVENT_FIELDS);
        words.addMethod(word("idWord", TypeName.LONG, "the event's id word: an id or a location, by kind"));
        words.addMethod(word("heldWord", TypeName.LONG, "the event's quantity word"));
        words.addMethod(word("flagsWord", TypeName.INT, "the event's flags word"));
        for (final Schema.EventField f : schema.eventFields())
        {
            final CodeBlock.Builder body = CodeBlock.builder().add("return switch (kind())\n{\n").indent();
            for (final String word : SchemaReader.EVENT_WORDS)
            {
                final List<String> kinds = kindsStoring(schema, f, word);
                if (!kinds.isEmpty())
                {
                    final boolean narrow = "int".equals(f.type()) && !"flags".equals(word);
                    body.add("case $L -> $L$LWord();\n", String.join(", ", kinds), narrow ? "(int)" : "", word);
                }
            }
            body.add("default -> $L;\n", f.none()).unindent().add("};\n");
            words.addMethod(MethodSpec.methodBuilder(f.name())
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .returns(Names.type(f.type()))
                .addCode(body.build())
                .build());
        }
        return Names.file(EVENT_WORDS.packageName(), words.build());
    }

    /** @return the kinds that store field {@code f} in event word {@code word}, in schema order. */
    static List<String> kindsStoring(final Schema schema, final Schema.EventField f, final String word)
    {
        final List<String> kinds = new ArrayList<>();
        for (final Schema.Event e : schema.events())
        {
            if (word.equals(e.words().get(f)))
            {
                kinds.add(e.name());
            }
        }
        return kinds;
    }

    private static MethodSpec word(final String name, final TypeName type, final String doc)
    {
        return MethodSpec.methodBuilder(name)
            .addModifiers(Modifier.PROTECTED, Modifier.ABSTRACT)
            .returns(type)
            .addJavadoc("@return $L.\n", doc)
            .build();
    }

    private static String kindsOf(final Schema schema, final Schema.EventField f)
    {
        final List<String> kinds = new ArrayList<>();
        for (final Schema.Event e : schema.events())
        {
            if (e.words().containsKey(f))
            {
                kinds.add("{@link EventKind#" + e.name() + "}");
            }
        }
        return String.join(", ", kinds);
    }
}

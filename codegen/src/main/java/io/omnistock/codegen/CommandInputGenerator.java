package io.omnistock.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

import javax.lang.model.element.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates io.omnistock.core.command.CommandInput, the ring slot's input half: the storage the
 * commands share, its reset and copy, and one writer per command that resets the input and stores
 * the command's fields where the schema says. Writers of the API implement
 * io.omnistock.api.CommandWriter ({@code @Override}, so a writer the API lacks, or an API method the
 * schema lacks, fails the build).
 */
final class CommandInputGenerator
{
    /** Lines a slot holds before it grows (Limits.MAX_ORDER_LINES at most): small slots stay small. */
    private static final int INITIAL_LINES = 4;

    private CommandInputGenerator()
    {
    }

    static JavaFile generate(final Schema schema)
    {
        final TypeSpec.Builder type = TypeSpec.classBuilder(Names.COMMAND_INPUT)
            .addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
            .addSuperinterface(Names.COMMAND_WRITER)
            .addJavadoc("The input half of a ring slot: a command as a producer wrote it. Fields are public in the style\n" +
                "of an event in a ring; what each means depends on the command (see each field's list).\n" +
                "Generated from {@code engine-api/src/main/schema/commands.xml}: edit the schema, not this file.\n");
        type.addField(FieldSpec.builder(Names.COMMAND_TYPE, "type", Modifier.PUBLIC).build());
        type.addField(FieldSpec.builder(TypeName.LONG, "commandId", Modifier.PUBLIC).build());
        type.addField(FieldSpec.builder(TypeName.BOOLEAN, "inputWritten", Modifier.PROTECTED)
            .addJavadoc("Whether a writer has described a command since the slot was last prepared for one.\n").build());
        type.addField(FieldSpec.builder(TypeName.LONG, "fingerprint", Modifier.PUBLIC)
            .addJavadoc("Fingerprint of the request that carried the id, or 0 (see {@link $T#fingerprint}).\n",
                Names.COMMAND_WRITER).build());

        final MethodSpec.Builder reset = MethodSpec.methodBuilder("resetInput")
            .addModifiers(Modifier.PROTECTED, Modifier.FINAL)
            .addJavadoc("Sets the type and id and every other input field to its default. The type is stored only\n" +
                "when it differs: a reference stored into a long-lived ring slot makes G1 refine the slot's card\n" +
                "(docs/benchmarks.md run 50), and most commands follow one of their own type.\n")
            .addParameter(param(Names.COMMAND_TYPE, "type"))
            .addParameter(param(TypeName.LONG, "commandId"))
            .beginControlFlow("if (this.type != type)")
            .addStatement("this.type = type")
            .endControlFlow()
            .addStatement("this.inputWritten = true")
            .addStatement("this.commandId = commandId")
            .addStatement("this.fingerprint = 0");
        final MethodSpec.Builder copy = MethodSpec.methodBuilder("copyInputFields")
            .addModifiers(Modifier.PROTECTED, Modifier.FINAL)
            .addJavadoc("Copies every input field of {@code other}.\n")
            .addParameter(param(Names.COMMAND_INPUT, "other"))
            .beginControlFlow("if (type != other.type)")
            .addStatement("type = other.type")
            .endControlFlow()
            .addStatement("inputWritten = true")
            .addStatement("commandId = other.commandId")
            .addStatement("fingerprint = other.fingerprint");

        for (final Schema.SlotField f : schema.slot())
        {
            if (f.isLines())
            {
                type.addField(FieldSpec.builder(TypeName.INT, "lineCount", Modifier.PUBLIC).build());
                type.addField(FieldSpec.builder(TypeName.BOOLEAN, "tooManyLines", Modifier.PUBLIC)
                    .addJavadoc("Set when a writer added more lines than {@link $T#MAX_ORDER_LINES}; the order is rejected.\n",
                        Names.LIMITS).build());
                type.addField(FieldSpec.builder(Names.intArray(), "lineSku", Modifier.PUBLIC)
                    .addJavadoc("Grown on demand up to {@link $T#MAX_ORDER_LINES}, so small slots stay small.\n", Names.LIMITS)
                    .initializer("new int[$L]", INITIAL_LINES).build());
                type.addField(FieldSpec.builder(Names.longArray(), "lineQuantity", Modifier.PUBLIC)
                    .initializer("new long[$L]", INITIAL_LINES).build());
                reset.addStatement("lineCount = 0").addStatement("tooManyLines = false");
                copy.addStatement("lineCount = 0")
                    .beginControlFlow("for (int i = 0; i < other.lineCount; i++)")
                    .addStatement("addLine(other.lineSku[i], other.lineQuantity[i])")
                    .endControlFlow()
                    .addStatement("tooManyLines = other.tooManyLines");
                continue;
            }
            type.addField(FieldSpec.builder(Names.type(f.type()), f.name(), Modifier.PUBLIC)
                .addJavadoc("$L", meanings(schema, f)).build());
            reset.addStatement("$N = $L", f.name(), defaultValue(f));
            copy.addStatement("$N = other.$N", f.name(), f.name());
        }
        type.addMethod(reset.build());
        type.addMethod(copy.build());
        type.addMethod(MethodSpec.methodBuilder("fingerprint")
            .addAnnotation(Override.class).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addParameter(param(TypeName.LONG, "requestFingerprint"))
            .addStatement("this.fingerprint = requestFingerprint").build());
        type.addMethod(addLine());
        for (final Schema.Command c : schema.commands())
        {
            type.addMethod(writer(c));
        }
        return Names.file(Names.COMMAND_INPUT.packageName(), type.build());
    }

    private static MethodSpec writer(final Schema.Command c)
    {
        final MethodSpec.Builder m = MethodSpec.methodBuilder(c.writer()).addModifiers(Modifier.PUBLIC, Modifier.FINAL);
        if (c.api())
        {
            m.addAnnotation(Override.class);
        }
        else
        {
            m.addJavadoc("Writes {@link $T#$L}: $L\n", Names.COMMAND_TYPE, c.name(), c.doc().replace("{@link ", "{@link io.omnistock.api."));
        }
        if (c.engineIssued())
        {
            m.addJavadoc("The engine's own command: command id 0, exempt from idempotency.\n");
            m.addStatement("resetInput($T.$L, 0)", Names.COMMAND_TYPE, c.name());
        }
        else
        {
            m.addParameter(param(TypeName.LONG, "commandId"));
            m.addStatement("resetInput($T.$L, commandId)", Names.COMMAND_TYPE, c.name());
        }
        for (final Schema.CommandField f : c.params())
        {
            m.addParameter(param(Names.type(f.type()), f.name()));
            if ("boolean".equals(f.type()))
            {
                m.addStatement("this.$N = $N ? 1 : 0", f.slot().name(), f.name());
            }
            else
            {
                m.addStatement("this.$N = $N", f.slot().name(), f.name());
            }
        }
        return m.build();
    }

    private static MethodSpec addLine()
    {
        return MethodSpec.methodBuilder("addLine")
            .addAnnotation(Override.class).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addParameter(param(TypeName.INT, "sku"))
            .addParameter(param(TypeName.LONG, "quantity"))
            .addCode(CodeBlock.builder()
                .beginControlFlow("if (lineCount == $T.MAX_ORDER_LINES)", Names.LIMITS)
                .addStatement("tooManyLines = true")
                .addStatement("return")
                .endControlFlow()
                .beginControlFlow("if (lineCount == lineSku.length)")
                .addStatement("lineSku = java.util.Arrays.copyOf(lineSku, Math.min($T.MAX_ORDER_LINES, lineCount * 2))",
                    Names.LIMITS)
                .addStatement("lineQuantity = java.util.Arrays.copyOf(lineQuantity, lineSku.length)")
                .endControlFlow()
                .addStatement("lineSku[lineCount] = sku")
                .addStatement("lineQuantity[lineCount] = quantity")
                .addStatement("lineCount++")
                .build())
            .build();
    }

    /** @return the field's Javadoc: under which name each command uses it. */
    static String meanings(final Schema schema, final Schema.SlotField slot)
    {
        final List<String> uses = new ArrayList<>();
        for (final Schema.Command c : schema.commands())
        {
            for (final Schema.CommandField f : c.fields())
            {
                if (f.slot() == slot)
                {
                    uses.add(c.name() + (f.name().equals(slot.name()) ? "" : " (" + f.name() + ")"));
                }
            }
        }
        return uses.isEmpty() ? "Read from the journal only.\n" : "Input of " + String.join(", ", uses) + ".\n";
    }

    private static String defaultValue(final Schema.SlotField f)
    {
        if (!f.defaultValue().isEmpty())
        {
            return f.defaultValue();
        }
        return f.isPrimitive() ? "0" : "null";
    }

    private static ParameterSpec param(final TypeName type, final String name)
    {
        return ParameterSpec.builder(type, name, Modifier.FINAL).build();
    }
}

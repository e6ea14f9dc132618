package io.omnistock.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeSpec;

import javax.lang.model.element.Modifier;
import java.util.HashSet;
import java.util.Set;

/**
 * Generates io.omnistock.core.command.CommandInputCodec: a command's input alone (no sequence, time,
 * outcome or events), for messages that carry commands to an engine, such as the cluster's ingress.
 * The type's wire code as a byte, the command id and fingerprint, then each of the command's fields
 * in the schema's order: integers zig-zag varint, enums a byte (0xFF none), the rest through
 * InputHooks (codes, a routing policy, order lines). Only a command's own fields travel, so every
 * other slot field decodes to its default.
 */
final class InputCodecGenerator
{
    private static final String PACKAGE = "io.omnistock.core.command";
    private static final ClassName CODEC = ClassName.get(PACKAGE, "CommandInputCodec");
    private static final ClassName HOOKS = ClassName.get(PACKAGE, "InputHooks");
    private static final ClassName SINK = ClassName.get(PACKAGE, "InputHooks", "Sink");
    private static final ClassName SOURCE = ClassName.get(PACKAGE, "InputHooks", "Source");
    private static final int NONE = 0xFF;

    private InputCodecGenerator()
    {
    }

    static JavaFile generate(final Schema schema)
    {
        final CodeBlock.Builder encode = CodeBlock.builder()
            .addStatement("out.putByte(c.type == null ? $L : c.type.ordinal())", NONE)
            .addStatement("out.putLong(c.commandId)")
            .addStatement("out.putLong(c.fingerprint)")
            .beginControlFlow("if (c.type == null)")
            .addStatement("return")
            .endControlFlow()
            .add("switch (c.type)\n{\n").indent();
        final CodeBlock.Builder decode = CodeBlock.builder()
            .addStatement("final $T type = $T.fromOrdinal(in.getByte())", Names.COMMAND_TYPE, Names.COMMAND_TYPE)
            .beginControlFlow("if (type == null)")
            .addStatement("return false")
            .endControlFlow()
            .addStatement("c.resetInput(type, in.getLong())")
            .addStatement("c.fingerprint = in.getLong()")
            .add("switch (type)\n{\n").indent();
        for (final Schema.Command command : schema.commands())
        {
            encode.add("case $L ->\n{\n", command.name()).indent();
            decode.add("case $L ->\n{\n", command.name()).indent();
            final Set<Schema.SlotField> done = new HashSet<>();
            for (final Schema.CommandField f : command.fields())
            {
                if (done.add(f.slot()))
                {
                    encode.add(encodeField(f.slot()));
                    decode.add(decodeField(f.slot()));
                }
            }
            if (command.lines())
            {
                encode.addStatement("$T.encodeLines(c, out)", HOOKS);
                decode.addStatement("$T.decodeLines(in, c)", HOOKS);
            }
            encode.unindent().add("}\n");
            decode.unindent().add("}\n");
        }
        encode.unindent().add("}\n");
        decode.unindent().add("}\n").addStatement("return true");

        final TypeSpec type = TypeSpec.classBuilder(CODEC)
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addJavadoc("A command's input alone, for messages that carry commands to an engine (the cluster's ingress).\n" +
                "Generated from {@code engine-api/src/main/schema/commands.xml}: edit the schema, not this file.\n")
            .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
            .addMethod(MethodSpec.methodBuilder("encode")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addJavadoc("Writes the input of {@code c}; one that wrote no command is a type code that names none.\n")
                .addParameter(ParameterSpec.builder(Names.COMMAND_INPUT, "c", Modifier.FINAL).build())
                .addParameter(ParameterSpec.builder(SINK, "out", Modifier.FINAL).build())
                .addCode(encode.build())
                .build())
            .addMethod(MethodSpec.methodBuilder("decode")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(boolean.class)
                .addJavadoc("Reads one command's input into {@code c}, every field it does not carry reset.\n\n" +
                    "@return false for a type code that names no command.\n")
                .addParameter(ParameterSpec.builder(SOURCE, "in", Modifier.FINAL).build())
                .addParameter(ParameterSpec.builder(Names.COMMAND_INPUT, "c", Modifier.FINAL).build())
                .addCode(decode.build())
                .build())
            .build();
        return Names.file(PACKAGE, type);
    }

    private static CodeBlock encodeField(final Schema.SlotField f)
    {
        return switch (f.type())
        {
            case "int", "long" -> CodeBlock.of("out.putLong(c.$N);\n", f.name());
            case "String" -> CodeBlock.of("$T.encodeCode(c.$N, out);\n", HOOKS, f.name());
            case "RoutingPolicy" -> CodeBlock.of("$T.encodePolicy(c.$N, out);\n", HOOKS, f.name());
            default -> CodeBlock.of("out.putByte(c.$N == null ? $L : c.$N.ordinal());\n", f.name(), NONE, f.name());
        };
    }

    private static CodeBlock decodeField(final Schema.SlotField f)
    {
        return switch (f.type())
        {
            case "int" -> CodeBlock.of("c.$N = (int)in.getLong();\n", f.name());
            case "long" -> CodeBlock.of("c.$N = in.getLong();\n", f.name());
            case "String" -> CodeBlock.of("c.$N = $T.decodeCode(in);\n", f.name(), HOOKS);
            case "RoutingPolicy" -> CodeBlock.of("c.$N = $T.decodePolicy(in);\n", f.name(), HOOKS);
            default -> CodeBlock.of("c.$N = $T.fromOrdinal(in.getByte());\n", f.name(), Names.type(f.type()));
        };
    }
}

package io.omnistock.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.JavaFile;

import javax.lang.model.element.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates io.omnistock.core.journal.CommandRecordBody: each command's part of its journal record
 * (after the fixed part every record has), encoded and decoded from the same list of parts, so the
 * two directions cannot drift apart. Integer fields are variable-length integers (Varints) from
 * JournalCodec.FIRST_COMPACT_FORMAT on, fixed-width little-endian in the formats before; hooks are
 * hand-written in RecordHooks (a code's markers, order lines, the routing outcome, a routing policy)
 * and given the format too.
 */
final class RecordBodyGenerator
{
    static final String PACKAGE = "io.omnistock.core.journal";
    private static final ClassName BODY = ClassName.get(PACKAGE, "CommandRecordBody");
    private static final ClassName HOOKS = ClassName.get(PACKAGE, "RecordHooks");
    private static final ClassName VARINTS = ClassName.get(PACKAGE, "Varints");
    private static final ClassName CODEC = ClassName.get(PACKAGE, "JournalCodec");
    private static final String COMPACT = "FIRST_COMPACT_FORMAT";
    /** Written for a null enum: no ordinal is that large. */
    private static final int NONE = 0xFF;

    private RecordBodyGenerator()
    {
    }

    static JavaFile generate(final Schema schema)
    {
        final TypeSpec.Builder type = TypeSpec.classBuilder(BODY)
            .addModifiers(Modifier.FINAL)
            .addJavadoc("Each command's part of a journal record, after the fixed part, in the order {@code commands.xml}\n" +
                "lists: integers as variable-length integers from {@link JournalCodec#FIRST_COMPACT_FORMAT} on,\n" +
                "little-endian at fixed width before it. Generated from the schema: edit it, not this file.\n")
            .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());

        // Commands with the same parts share one encoder and one decoder.
        final Map<List<Schema.RecordPart>, List<Schema.Command>> shapes = new LinkedHashMap<>();
        for (final Schema.Command c : schema.commands())
        {
            shapes.computeIfAbsent(c.record(), k -> new ArrayList<>()).add(c);
        }
        final CodeBlock.Builder encodeSwitch = CodeBlock.builder().add("return switch (c.type)\n{\n").indent();
        final CodeBlock.Builder decodeSwitch = CodeBlock.builder().add("return switch (c.type)\n{\n").indent();
        for (final Map.Entry<List<Schema.RecordPart>, List<Schema.Command>> shape : shapes.entrySet())
        {
            final List<String> names = shape.getValue().stream().map(Schema.Command::name).toList();
            final String cases = String.join(", ", names);
            if (shape.getKey().isEmpty())
            {
                encodeSwitch.add("case $L -> at;\n", cases);
                decodeSwitch.add("case $L -> at;\n", cases);
                continue;
            }
            final String name = Names.camel(names.get(0));
            encodeSwitch.add("case $L -> encode$L(c, b, at, format);\n", cases, Names.capitalised(name));
            decodeSwitch.add("case $L -> decode$L(c, b, at, format, in);\n", cases, Names.capitalised(name));
            type.addMethod(encoder("encode" + Names.capitalised(name), shape.getKey()));
            type.addMethod(decoder("decode" + Names.capitalised(name), shape.getKey()));
        }
        encodeSwitch.unindent().add("};\n");
        decodeSwitch.unindent().add("};\n");
        type.addMethod(entry("encode", "Writes the body of {@code c}'s command at {@code at}, in journal format {@code format}.",
            encodeSwitch.build(), false));
        type.addMethod(entry("decode",
            "Reads the body of {@code c}'s command (its type already decoded) from {@code at}, in journal format {@code format},\n" +
                "its variable-length integers with {@code in}.",
            decodeSwitch.build(), true));
        return Names.file(PACKAGE, type.build());
    }

    private static MethodSpec entry(final String name, final String doc, final CodeBlock body, final boolean decoding)
    {
        return (decoding ? decoderSignature(name) : signature(name))
            .addModifiers(Modifier.STATIC)
            .addJavadoc("$L\n\n@return where the body ends. A record of no known type has no body.\n", doc)
            .beginControlFlow("if (c.type == null)")
            .addStatement("return at")
            .endControlFlow()
            .addCode(body)
            .build();
    }

    private static MethodSpec encoder(final String name, final List<Schema.RecordPart> parts)
    {
        final MethodSpec.Builder m = signature(name).addModifiers(Modifier.PRIVATE, Modifier.STATIC);
        m.addStatement("int i = at");
        for (final Schema.RecordPart p : parts)
        {
            if (p.since() > 0)
            {
                // A part added by a later format: a record in an older one has none.
                m.beginControlFlow("if (format >= $L)", p.since());
            }
            encodePart(m, p);
            if (p.since() > 0)
            {
                m.endControlFlow();
            }
        }
        return m.addStatement("return i").build();
    }

    private static void encodePart(final MethodSpec.Builder m, final Schema.RecordPart p)
    {
        if (p.isHook())
        {
            m.addStatement("i = $T.encode$L(c, b, i, format)", HOOKS, Names.capitalised(p.hook()));
            return;
        }
        final String field = p.field().name();
        switch (p.kind())
        {
            case "int8" -> m.addStatement("b.putByte(i, (byte)c.$N)", field).addStatement("i += 1");
            case "enum8" -> m.addStatement("b.putByte(i, (byte)(c.$N == null ? $L : c.$N.ordinal()))", field, NONE, field)
                .addStatement("i += 1");
            case "int32" -> encodeInteger(m, field, "putInt", 4);
            case "int64" -> encodeInteger(m, field, "putLong", 8);
            default -> throw new SchemaException("no encoding for record part " + p.kind());
        }
    }

    private static MethodSpec decoder(final String name, final List<Schema.RecordPart> parts)
    {
        final MethodSpec.Builder m = decoderSignature(name).addModifiers(Modifier.PRIVATE, Modifier.STATIC);
        m.addStatement("int i = at");
        for (final Schema.RecordPart p : parts)
        {
            if (p.since() > 0)
            {
                m.beginControlFlow("if (format >= $L)", p.since());
            }
            decodePart(m, p);
            if (p.since() > 0)
            {
                m.endControlFlow();
            }
        }
        return m.addStatement("return i").build();
    }

    private static void decodePart(final MethodSpec.Builder m, final Schema.RecordPart p)
    {
        if (p.isHook())
        {
            m.addStatement("i = $T.decode$L(c, b, i, format, in)", HOOKS, Names.capitalised(p.hook()));
            return;
        }
        final String field = p.field().name();
        switch (p.kind())
        {
            case "int8" -> m.addStatement("c.$N = b.getByte(i)", field).addStatement("i += 1");
            case "enum8" -> m.addStatement("c.$N = $T.fromOrdinal(b.getByte(i) & 0xFF)", field,
                Names.type(p.field().type())).addStatement("i += 1");
            case "int32" -> decodeInteger(m, field, "(int)", "getInt", 4);
            case "int64" -> decodeInteger(m, field, "", "getLong", 8);
            default -> throw new SchemaException("no decoding for record part " + p.kind());
        }
    }

    private static void encodeInteger(final MethodSpec.Builder m, final String field, final String put, final int width)
    {
        m.beginControlFlow("if (format >= $T.$L)", CODEC, COMPACT)
            .addStatement("i = $T.putSigned(b, i, c.$N)", VARINTS, field)
            .nextControlFlow("else")
            .addStatement("b.$L(i, c.$N, $T.LITTLE_ENDIAN)", put, field, Names.BYTE_ORDER)
            .addStatement("i += $L", width)
            .endControlFlow();
    }

    private static void decodeInteger(final MethodSpec.Builder m, final String field, final String cast, final String get,
        final int width)
    {
        m.beginControlFlow("if (format >= $T.$L)", CODEC, COMPACT)
            .addStatement("c.$N = $Lin.getSigned(b, i)", field, cast)
            .addStatement("i = in.end()")
            .nextControlFlow("else")
            .addStatement("c.$N = b.$L(i, $T.LITTLE_ENDIAN)", field, get, Names.BYTE_ORDER)
            .addStatement("i += $L", width)
            .endControlFlow();
    }

    /** {@link #signature}, with the reader of variable-length integers ({@code Varints}) decoding needs. */
    private static MethodSpec.Builder decoderSignature(final String name)
    {
        return signature(name).addParameter(ParameterSpec.builder(VARINTS, "in", Modifier.FINAL).build());
    }

    private static MethodSpec.Builder signature(final String name)
    {
        return MethodSpec.methodBuilder(name)
            .returns(TypeName.INT)
            .addParameter(ParameterSpec.builder(Names.COMMAND_SLOT, "c", Modifier.FINAL).build())
            .addParameter(ParameterSpec.builder(Names.UNSAFE_BUFFER, "b", Modifier.FINAL).build())
            .addParameter(ParameterSpec.builder(TypeName.INT, "at", Modifier.FINAL).build())
            .addParameter(ParameterSpec.builder(TypeName.INT, "format", Modifier.FINAL).build());
    }
}

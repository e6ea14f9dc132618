package io.omnistock.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

import javax.lang.model.element.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates the embedding API's command surface, io.omnistock.api.CommandWriter (one method per
 * command writer and form) and io.omnistock.api.Commands (one {@code Command} factory per method).
 */
final class ApiGenerator
{
    private static final ClassName COMMANDS = ClassName.get(Names.API, "Commands");
    private static final ClassName COMMAND = ClassName.get(Names.API, "Command");
    private static final ClassName ORDER = ClassName.get(Names.API, "Order");

    private ApiGenerator()
    {
    }

    /** One method of the writer: its name, parameters after the command id, and Javadoc. */
    private record Writer(String name, List<ParameterSpec> params, String doc, Schema.Command command, boolean form)
    {
    }

    static List<JavaFile> generate(final Schema schema)
    {
        final List<Writer> writers = new ArrayList<>();
        for (final Schema.Command c : schema.commands())
        {
            if (c.api())
            {
                writers.add(new Writer(c.writer(), c.params().stream()
                    .map(f -> param(Names.type(f.type()), f.name())).toList(), c.apiDoc(), c, false));
            }
            for (final Schema.Form f : c.forms())
            {
                writers.add(new Writer(f.name(), f.params().stream()
                    .map(p -> param(Names.type(p.type()), p.name())).toList(), f.doc(), c, true));
            }
        }
        return List.of(writer(schema, writers), factories(schema, writers));
    }

    private static JavaFile writer(final Schema schema, final List<Writer> writers)
    {
        final TypeSpec.Builder type = TypeSpec.interfaceBuilder(Names.COMMAND_WRITER)
            .addModifiers(Modifier.PUBLIC)
            .addJavadoc("$L\n\n<p>Generated from {@code engine-api/src/main/schema/commands.xml}: edit the schema, not this file.\n",
                schema.docs().get("writer-doc"));
        for (final Writer w : writers)
        {
            // The schema's <api> text, then the @param of each parameter it leaves to <param-docs>.
            final StringBuilder doc = new StringBuilder(w.doc()).append('\n');
            for (final String p : paramNames(w))
            {
                if (Schema.paramDoc(w.doc(), p) == null)
                {
                    doc.append("@param ").append(p).append(' ').append(schema.writerParamDoc(w.doc(), p)).append('\n');
                }
            }
            type.addMethod(MethodSpec.methodBuilder(w.name())
                .addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
                .addJavadoc("$L", doc)
                .addParameter(TypeName.LONG, "commandId")
                .addParameters(unfinal(w.params()))
                .build());
        }
        type.addMethod(MethodSpec.methodBuilder("addLine")
            .addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
            .addJavadoc("$L\n@param sku SKU id.\n@param quantity quantity, in the SKU's unit.\n", schema.docs().get("add-line-doc"))
            .addParameter(TypeName.INT, "sku")
            .addParameter(TypeName.LONG, "quantity")
            .build());
        type.addMethod(MethodSpec.methodBuilder("fingerprint")
            .addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
            .addJavadoc("$L\n@param requestFingerprint the request's fingerprint, or 0 for none.\n", schema.docs().get("fingerprint-doc"))
            .addParameter(TypeName.LONG, "requestFingerprint")
            .build());
        return Names.file(Names.API, type.build());
    }

    private static JavaFile factories(final Schema schema, final List<Writer> writers)
    {
        final TypeSpec.Builder type = TypeSpec.classBuilder(COMMANDS)
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addJavadoc("$L\n\n<p>Generated from {@code engine-api/src/main/schema/commands.xml}: edit the schema, not this file.\n",
                schema.docs().get("factories-doc"))
            .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        type.addMethod(MethodSpec.methodBuilder("fingerprinted")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(COMMAND)
            .addJavadoc("Marks a command with a request fingerprint (see {@link $T#fingerprint}).\n\n" +
                    "@param command the command.\n@param requestFingerprint the request's fingerprint, or 0 for none.\n" +
                    "@return {@code command}, marked.\n", Names.COMMAND_WRITER)
            .addParameter(param(COMMAND, "command"))
            .addParameter(param(TypeName.LONG, "requestFingerprint"))
            .addCode("return w ->\n{\n$>command.writeTo(w);\nw.fingerprint(requestFingerprint);\n$<};\n")
            .build());
        for (final Writer w : writers)
        {
            final MethodSpec.Builder m = MethodSpec.methodBuilder(w.name())
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(COMMAND)
                .addParameter(param(TypeName.LONG, "commandId"));
            final boolean order = w.command().orderFactory() && !w.form();
            final StringBuilder doc = new StringBuilder("{@link $T#$L} as a value.\n\n");
            for (final String p : order ? List.of("commandId") : paramNames(w))
            {
                doc.append("@param ").append(p).append(' ').append(schema.writerParamDoc(w.doc(), p)).append('\n');
            }
            if (order)
            {
                doc.append("@param order the order: its fields and lines.\n");
            }
            m.addJavadoc(doc.append("@return the command.\n").toString(), Names.COMMAND_WRITER, w.name());
            if (order)
            {
                // An order's lines travel in the Order; it writes the command and its lines.
                m.addParameter(param(ORDER, "order"))
                    .addStatement("return w -> order.writeTo(commandId, w, $L)", w.command().journaled());
            }
            else
            {
                final List<String> args = new ArrayList<>(List.of("commandId"));
                w.params().forEach(p -> args.add(p.name()));
                m.addParameters(w.params()).addStatement("return w -> w.$L($L)", w.name(), String.join(", ", args));
            }
            type.addMethod(m.build());
        }
        return Names.file(Names.API, type.build());
    }

    /** @return the writer's parameter names, the command id first. */
    private static List<String> paramNames(final Writer w)
    {
        final List<String> names = new ArrayList<>(List.of("commandId"));
        w.params().forEach(p -> names.add(p.name()));
        return names;
    }

    private static List<ParameterSpec> unfinal(final List<ParameterSpec> params)
    {
        return params.stream().map(p -> ParameterSpec.builder(p.type(), p.name()).build()).toList();
    }

    private static ParameterSpec param(final TypeName type, final String name)
    {
        return ParameterSpec.builder(type, name, Modifier.FINAL).build();
    }
}

package io.omnistock.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

import javax.lang.model.element.Modifier;
import java.util.List;

/**
 * Generates the read-only face of a command's input: io.omnistock.core.journal.CommandFields, one
 * getter per field of the ring slot's input (a line's SKU and quantity by index), and
 * io.omnistock.core.command.CommandInputFields, its implementation over a CommandInput. Readers
 * outside the engine (tools, the daemon's projections) see a journal record's command through the
 * interface and never the mutable slot; a field added to the schema appears in both at once.
 */
final class CommandFieldsGenerator
{
    static final ClassName COMMAND_FIELDS = ClassName.get("io.omnistock.core.journal", "CommandFields");
    private static final ClassName IMPLEMENTATION = ClassName.get("io.omnistock.core.command", "CommandInputFields");

    private CommandFieldsGenerator()
    {
    }

    static List<JavaFile> generate(final Schema schema)
    {
        final TypeSpec.Builder api = TypeSpec.interfaceBuilder(COMMAND_FIELDS)
            .addModifiers(Modifier.PUBLIC)
            .addJavadoc("A journaled command's input, read only: what the producer wrote, field by field. What a\n" +
                "field means depends on the command (see each getter's list). Valid while the record it came\n" +
                "from is. Generated from {@code engine-api/src/main/schema/commands.xml}: edit the schema.\n");
        final TypeSpec.Builder impl = TypeSpec.classBuilder(IMPLEMENTATION)
            .addModifiers(Modifier.FINAL)
            .addSuperinterface(COMMAND_FIELDS)
            .addJavadoc("{@link $T} over a slot's input: reads the fields when asked, copies nothing.\n", COMMAND_FIELDS)
            .addField(FieldSpec.builder(Names.COMMAND_INPUT, "input", Modifier.PRIVATE, Modifier.FINAL).build())
            .addMethod(MethodSpec.constructorBuilder()
                .addParameter(Names.COMMAND_INPUT, "input", Modifier.FINAL)
                .addStatement("this.input = input").build());
        getter(api, impl, Names.COMMAND_TYPE, "type", "The command's type; null for a record of no known type.\n");
        getter(api, impl, TypeName.LONG, "commandId", "The producer's command id (0 for the engine's own).\n");
        getter(api, impl, TypeName.LONG, "fingerprint", "Fingerprint of the request that carried the id, or 0.\n");
        for (final Schema.SlotField f : schema.slot())
        {
            if (f.isLines())
            {
                getter(api, impl, TypeName.INT, "lineCount", "How many order lines the command carries.\n");
                getter(api, impl, TypeName.BOOLEAN, "tooManyLines", "Whether the writer added more lines than allowed.\n");
                indexed(api, impl, TypeName.INT, "lineSku", "The SKU of order line {@code i}.\n");
                indexed(api, impl, TypeName.LONG, "lineQuantity", "The quantity of order line {@code i}.\n");
                continue;
            }
            getter(api, impl, Names.type(f.type()), f.name(), CommandInputGenerator.meanings(schema, f));
        }
        return List.of(Names.file(COMMAND_FIELDS.packageName(), api.build()),
            Names.file(IMPLEMENTATION.packageName(), impl.build()));
    }

    private static void getter(final TypeSpec.Builder api, final TypeSpec.Builder impl, final TypeName type,
        final String name, final String doc)
    {
        api.addMethod(MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
            .returns(type).addJavadoc("$L", doc).build());
        impl.addMethod(MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
            .returns(type).addStatement("return input.$N", name).build());
    }

    private static void indexed(final TypeSpec.Builder api, final TypeSpec.Builder impl, final TypeName type,
        final String name, final String doc)
    {
        api.addMethod(MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
            .addParameter(TypeName.INT, "i").returns(type)
            .addJavadoc("$L@param i the line, 0 to {@link #lineCount()} less one.\n", doc).build());
        impl.addMethod(MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
            .addParameter(TypeName.INT, "i", Modifier.FINAL).returns(type).addStatement("return input.$N[i]", name).build());
    }
}

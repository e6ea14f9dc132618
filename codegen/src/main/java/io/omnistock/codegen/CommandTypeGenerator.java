package io.omnistock.codegen;

import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

import javax.lang.model.element.Modifier;

/** Generates io.omnistock.api.CommandType: one constant per command, in the schema's (wire-code) order. */
final class CommandTypeGenerator
{
    private CommandTypeGenerator()
    {
    }

    static JavaFile generate(final Schema schema)
    {
        final TypeSpec.Builder type = TypeSpec.enumBuilder(Names.COMMAND_TYPE)
            .addModifiers(Modifier.PUBLIC)
            .addJavadoc("Every command the engine accepts. The ordinal is the journal's wire code: append new types at\n" +
                "the end only. Generated from {@code engine-api/src/main/schema/commands.xml}: edit the schema, not this file.\n");
        for (final Schema.Command c : schema.commands())
        {
            type.addEnumConstant(c.name(), TypeSpec.anonymousClassBuilder("$L", c.journaled())
                .addJavadoc("$L\n", c.doc()).build());
        }
        type.addField(FieldSpec.builder(com.palantir.javapoet.ArrayTypeName.of(Names.COMMAND_TYPE), "VALUES",
            Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL).initializer("values()").build());
        type.addField(TypeName.BOOLEAN, "journaled", Modifier.PRIVATE, Modifier.FINAL);
        type.addMethod(MethodSpec.constructorBuilder()
            .addParameter(ParameterSpec.builder(TypeName.BOOLEAN, "journaled", Modifier.FINAL).build())
            .addStatement("this.journaled = journaled").build());
        type.addMethod(MethodSpec.methodBuilder("journaled")
            .addModifiers(Modifier.PUBLIC).returns(TypeName.BOOLEAN)
            .addJavadoc("@return whether the command can change state and is therefore journaled (queries are not).\n")
            .addStatement("return journaled").build());
        type.addMethod(MethodSpec.methodBuilder("fromOrdinal")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(Names.COMMAND_TYPE)
            .addParameter(ParameterSpec.builder(TypeName.INT, "ordinal", Modifier.FINAL).build())
            .addJavadoc("@param ordinal the wire code.\n@return the type, or {@code null} if the code is not a command type.\n")
            .addStatement("return ordinal >= 0 && ordinal < VALUES.length ? VALUES[ordinal] : null").build());
        return Names.file(Names.API, type.build());
    }
}

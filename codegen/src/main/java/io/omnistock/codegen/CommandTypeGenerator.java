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
            type.addEnumConstant(c.name(), TypeSpec.anonymousClassBuilder("$L, $L", c.journaled(), c.firstLogicVersion())
                .addJavadoc("$L\n", c.doc()).build());
        }
        type.addField(FieldSpec.builder(com.palantir.javapoet.ArrayTypeName.of(Names.COMMAND_TYPE), "VALUES",
            Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL).initializer("values()").build());
        type.addField(TypeName.BOOLEAN, "journaled", Modifier.PRIVATE, Modifier.FINAL);
        type.addField(TypeName.INT, "firstLogicVersion", Modifier.PRIVATE, Modifier.FINAL);
        type.addMethod(MethodSpec.constructorBuilder()
            .addParameter(ParameterSpec.builder(TypeName.BOOLEAN, "journaled", Modifier.FINAL).build())
            .addParameter(ParameterSpec.builder(TypeName.INT, "firstLogicVersion", Modifier.FINAL).build())
            .addStatement("this.journaled = journaled")
            .addStatement("this.firstLogicVersion = firstLogicVersion").build());
        type.addMethod(MethodSpec.methodBuilder("journaled")
            .addModifiers(Modifier.PUBLIC).returns(TypeName.BOOLEAN)
            .addJavadoc("@return whether the command can change state and is therefore journaled (queries are not).\n")
            .addStatement("return journaled").build());
        type.addMethod(MethodSpec.methodBuilder("firstLogicVersion")
            .addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
            .addJavadoc("The first logic version whose replicated state accepts the command from a client (the schema's\n" +
                "{@code logic=}; 1, every version, when absent). A cluster's ingress refuses a message holding it while the\n" +
                "replicated state is at an older version ({@link ReasonCode#LOGIC_TOO_OLD_FOR_COMMAND}), so during a rolling\n" +
                "upgrade the members of the new build refuse it as those of the older build, which do not know it, do.\n" +
                "The embedded engine does not check it.\n\n" +
                "@return the first logic version that accepts the command.\n")
            .addStatement("return firstLogicVersion").build());
        type.addMethod(MethodSpec.methodBuilder("fromOrdinal")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(Names.COMMAND_TYPE)
            .addParameter(ParameterSpec.builder(TypeName.INT, "ordinal", Modifier.FINAL).build())
            .addJavadoc("@param ordinal the wire code.\n@return the type, or {@code null} if the code is not a command type.\n")
            .addStatement("return ordinal >= 0 && ordinal < VALUES.length ? VALUES[ordinal] : null").build());
        return Names.file(Names.API, type.build());
    }
}

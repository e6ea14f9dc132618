package io.omnistock.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeSpec;

import javax.lang.model.element.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Generates the business logic's dispatch in io.omnistock.core.state: one interface per domain named by the
 * commands' {@code handler=} ({@code stock}: {@code StockCommands}, one method per command named after its
 * writer), and {@code CommandDispatcher}, whose two switches (journaled commands, queries) call each command's
 * domain. The switches cover every type by construction; the compiler's check is on the handler classes, which
 * implement their domain's interface: a command whose handler method is missing is a class that does not
 * implement an abstract method, and javac names it.
 */
final class DispatcherGenerator
{
    static final String STATE = "io.omnistock.core.state";
    static final ClassName DISPATCHER = ClassName.get(STATE, "CommandDispatcher");
    private static final ClassName REASON = ClassName.get(Names.API, "ReasonCode");

    private DispatcherGenerator()
    {
    }

    static List<JavaFile> generate(final Schema schema)
    {
        // Sorted so that the dispatcher's constructor does not change with the schema's order of commands.
        final Map<String, List<Schema.Command>> domains = new TreeMap<>();
        for (final Schema.Command c : schema.commands())
        {
            domains.computeIfAbsent(c.handler(), d -> new ArrayList<>()).add(c);
        }
        final List<JavaFile> files = new ArrayList<>();
        final TypeSpec.Builder dispatcher = TypeSpec.classBuilder(DISPATCHER)
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addJavadoc("Hands each command to its domain: the schema's {@code handler=} names it. Admission (sequence,\n" +
                "idempotency window) is the caller's, {@code CommandProcessor}. Each domain interface has one\n" +
                "implementation, so each call site stays monomorphic and is inlined as a direct call would be.\n" +
                "Generated from {@code engine-api/src/main/schema/commands.xml}: edit the schema, not this file.\n");
        final MethodSpec.Builder constructor = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC);
        for (final Map.Entry<String, List<Schema.Command>> domain : domains.entrySet())
        {
            final ClassName type = domainInterface(domain.getKey());
            files.add(Names.file(STATE, domainType(type, domain.getKey(), domain.getValue())));
            dispatcher.addField(type, domain.getKey(), Modifier.PRIVATE, Modifier.FINAL);
            constructor.addParameter(ParameterSpec.builder(type, domain.getKey(), Modifier.FINAL).build())
                .addStatement("this.$L = $L", domain.getKey(), domain.getKey());
        }
        dispatcher.addMethod(constructor.build());
        dispatcher.addMethod(dispatch(schema, true));
        dispatcher.addMethod(dispatch(schema, false));
        files.add(Names.file(STATE, dispatcher.build()));
        return files;
    }

    /** receiveTransfer's domain "stock" -> StockCommands. */
    static ClassName domainInterface(final String domain)
    {
        return ClassName.get(STATE, Names.capitalised(domain) + "Commands");
    }

    private static TypeSpec domainType(final ClassName type, final String domain, final List<Schema.Command> commands)
    {
        final TypeSpec.Builder spec = TypeSpec.interfaceBuilder(type)
            .addModifiers(Modifier.PUBLIC)
            .addJavadoc("The commands whose schema entry says {@code handler=\"$L\"}: its handler class implements this\n" +
                "interface (one implementation only: the dispatcher's calls stay monomorphic). Each method validates\n" +
                "first and changes state last, and returns the command's reason.\n" +
                "Generated from {@code engine-api/src/main/schema/commands.xml}: edit the schema, not this file.\n", domain);
        for (final Schema.Command c : commands)
        {
            spec.addMethod(MethodSpec.methodBuilder(c.writer())
                .addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
                .returns(REASON)
                .addParameter(ParameterSpec.builder(Names.COMMAND_SLOT, "c", Modifier.FINAL).build())
                .addJavadoc("$L {@link $T#$L}$L.\n\n@param c the slot holding the command.\n@return its reason.\n",
                    c.journaled() ? "Decides" : "Answers", Names.COMMAND_TYPE, c.name(),
                    c.journaled() ? "" : ", changing nothing")
                .build());
        }
        return spec.build();
    }

    /** @return the switch over the journaled commands ({@code execute}) or the queries ({@code query}). */
    private static MethodSpec dispatch(final Schema schema, final boolean journaled)
    {
        final CodeBlock.Builder body = CodeBlock.builder().add("return switch (c.type)\n{\n").indent();
        for (final Schema.Command c : schema.commands())
        {
            if (c.journaled() == journaled)
            {
                body.add("case $L -> $L.$L(c);\n", c.name(), c.handler(), c.writer());
            }
        }
        body.add("default -> $T.UNKNOWN_COMMAND;\n", REASON);
        body.unindent().add("};\n");
        return MethodSpec.methodBuilder(journaled ? "execute" : "query")
            .addModifiers(Modifier.PUBLIC)
            .returns(REASON)
            .addParameter(ParameterSpec.builder(Names.COMMAND_SLOT, "c", Modifier.FINAL).build())
            .addJavadoc(journaled
                ? "Decides a journaled command, admitted by the caller; a query is not one ({@code UNKNOWN_COMMAND}).\n\n" +
                    "@param c the slot, whose type is not null.\n@return the command's reason.\n"
                : "Answers a query, changing nothing; a journaled command is not one ({@code UNKNOWN_COMMAND}).\n\n" +
                    "@param c the slot, whose type is not null.\n@return the query's reason.\n")
            .addCode(body.build())
            .build();
    }
}

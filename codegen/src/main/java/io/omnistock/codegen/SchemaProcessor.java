package io.omnistock.codegen;

import com.palantir.javapoet.JavaFile;

import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.annotation.processing.SupportedOptions;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Runs the generators inside javac, so the build needs no plugin of its own: a module that compiles
 * with {@code -Aomnistock.schema=<commands.xml>} and {@code -Aomnistock.generate=api|core|daemon|tools} gets that
 * part's sources, compiled in the same pass. Without the options it does nothing (test compilation,
 * modules that only depend on the generated code).
 */
@SupportedAnnotationTypes("*")
@SupportedOptions({SchemaProcessor.SCHEMA, SchemaProcessor.GENERATE})
public final class SchemaProcessor extends AbstractProcessor
{
    static final String SCHEMA = "omnistock.schema";
    static final String GENERATE = "omnistock.generate";

    private boolean done;

    @Override
    public SourceVersion getSupportedSourceVersion()
    {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(final Set<? extends TypeElement> annotations, final RoundEnvironment round)
    {
        final String schemaPath = processingEnv.getOptions().get(SCHEMA);
        final String part = processingEnv.getOptions().get(GENERATE);
        if (done || schemaPath == null || part == null)
        {
            return false;
        }
        done = true;
        try (InputStream in = Files.newInputStream(Path.of(schemaPath)))
        {
            for (final JavaFile file : generate(SchemaReader.read(in), part))
            {
                file.writeTo(processingEnv.getFiler());
            }
        }
        catch (final SchemaException e)
        {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, schemaPath + ": " + e.getMessage());
        }
        catch (final IOException e)
        {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                "cannot generate from " + schemaPath + ": " + e);
        }
        return false;
    }

    static List<JavaFile> generate(final Schema schema, final String part)
    {
        return switch (part)
        {
            case "api" ->
            {
                final List<JavaFile> files = new java.util.ArrayList<>(ApiGenerator.generate(schema));
                files.add(CommandTypeGenerator.generate(schema));
                files.addAll(EventGenerator.api(schema));
                yield files;
            }
            case "core" ->
            {
                final List<JavaFile> files = new java.util.ArrayList<>(List.of(CommandInputGenerator.generate(schema),
                    RecordBodyGenerator.generate(schema), EventGenerator.core(schema), InputCodecGenerator.generate(schema)));
                files.addAll(DispatcherGenerator.generate(schema));
                files.addAll(CommandFieldsGenerator.generate(schema));
                yield files;
            }
            case "daemon" -> JsonLayoutGenerator.generate(schema);
            case "tools" -> List.of(ExportColumnsGenerator.generate(schema));
            default -> throw new SchemaException(GENERATE + " must be api, core, daemon or tools, not " + part);
        };
    }
}

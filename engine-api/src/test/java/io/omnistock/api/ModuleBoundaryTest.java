package io.omnistock.api;

import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ModuleBoundaryTest
{
    @Test
    void theApiIsANamedModuleExportingOnlyItsOnePackageAndRequiringNothing()
    {
        // The compiled classes, read as a module the way a module-path embedder's JVM reads the jar.
        final Path classes = Path.of("target", "classes");
        final ModuleDescriptor module = ModuleFinder.of(classes).findAll().iterator().next().descriptor();
        assertEquals("io.omnistock.engine.api", module.name());
        assertEquals(Set.of("io.omnistock.api"),
            module.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertEquals(Set.of("java.base"),
            module.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
    }
}

package io.omnistock.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JDK internals Chronicle Queue and Agrona reach into on JDK 17+, checked before the engine
 * starts: without the flags that open them, Chronicle fails deep inside its first mapping
 * ({@code IllegalAccessException: member is private: sun.nio.ch.FileChannelImpl.map0}) with nothing
 * that says what to do. The flags are the build's own list ({@code omnistock.jvmopts}, written from
 * the parent POM), ready for {@code java @omnistock.jvmopts}.
 */
final class JvmAccess
{
    /** The flags file in the engine-core jar; one line, whitespace-separated. */
    static final String FLAGS_RESOURCE = "omnistock.jvmopts";

    private JvmAccess()
    {
    }

    /** @return the JVM flags omnistock needs, as the build wrote them. */
    static List<String> flags()
    {
        try (InputStream in = JvmAccess.class.getResourceAsStream(FLAGS_RESOURCE))
        {
            if (in == null)
            {
                throw new IllegalStateException(FLAGS_RESOURCE + " is missing from the engine's jar");
            }
            return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split("\\s+"));
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @return the {@code --add-opens} and {@code --add-exports} flags among {@link #flags()} that this
     *     JVM does not honour for the code running omnistock (modules absent from the runtime are
     *     passed over: the JVM would only warn about them).
     */
    static List<String> missing()
    {
        final Module us = JvmAccess.class.getModule();
        final List<String> missing = new ArrayList<>();
        for (final String flag : flags())
        {
            final boolean opens = flag.startsWith("--add-opens=");
            if (!opens && !flag.startsWith("--add-exports="))
            {
                continue;
            }
            // --add-opens=java.base/java.lang=ALL-UNNAMED
            final String target = flag.substring(flag.indexOf('=') + 1, flag.lastIndexOf('='));
            final String moduleName = target.substring(0, target.indexOf('/'));
            final String packageName = target.substring(target.indexOf('/') + 1);
            final Optional<Module> module = ModuleLayer.boot().findModule(moduleName);
            if (module.isPresent() &&
                !(opens ? module.get().isOpen(packageName, us) : module.get().isExported(packageName, us)))
            {
                missing.add(flag);
            }
        }
        return missing;
    }

    /**
     * @throws IllegalStateException naming the missing flags, the file that holds them all and the guide.
     */
    static void require()
    {
        final List<String> missing = missing();
        if (!missing.isEmpty())
        {
            throw new IllegalStateException("omnistock needs JVM flags that open JDK internals to Chronicle Queue " +
                "and Agrona on JDK 17+; missing: " + String.join(" ", missing) + ". Start the JVM with all of: " +
                String.join(" ", flags()) + " (java @omnistock.jvmopts; the file is io/omnistock/core/" +
                FLAGS_RESOURCE + " in the engine-core jar; see docs/embedding.md)");
        }
    }
}

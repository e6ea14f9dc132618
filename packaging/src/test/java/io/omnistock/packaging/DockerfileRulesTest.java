package io.omnistock.packaging;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The project's Dockerfile keeps the project's rules, and each rule catches what it is for. */
class DockerfileRulesTest
{
    private static final Path ROOT = Path.of(System.getProperty("omnistock.root"));
    private static final String POM_FLAGS = System.getProperty("omnistock.jvm.flags");

    private static String dockerfile() throws IOException
    {
        return Files.readString(ROOT.resolve("Dockerfile"));
    }

    @Test
    void theProjectsDockerfileKeepsEveryRule() throws IOException
    {
        assertTrue(POM_FLAGS != null && POM_FLAGS.contains("--add-opens"), "the POM's flags reach the test: " + POM_FLAGS);
        assertEquals(List.of(), DockerfileRules.violations(dockerfile(), POM_FLAGS));
    }

    @Test
    void rootIsCaught() throws IOException
    {
        assertBreaks(dockerfile().replace("USER omnistock", "USER root"), "runs as root");
        assertBreaks(dockerfile().replace("USER omnistock", ""), "no USER");
    }

    @Test
    void shellFormEntrypointIsCaught() throws IOException
    {
        final String text = dockerfile();
        final int at = text.indexOf("ENTRYPOINT [");
        assertBreaks(text.substring(0, at) + "ENTRYPOINT java -jar /opt/omnistock/lib/omnistock-daemon.jar serve\n", "shell form");
    }

    @Test
    void aFlagMissingOrAddedIsCaught() throws IOException
    {
        assertBreaks(dockerfile().replace("\"--add-opens=java.base/java.nio=ALL-UNNAMED\", \\\n", ""),
            "missing [--add-opens=java.base/java.nio=ALL-UNNAMED]");
        assertBreaks(dockerfile(), POM_FLAGS + " --add-opens=java.base/java.net=ALL-UNNAMED",
            "missing [--add-opens=java.base/java.net=ALL-UNNAMED]");
    }

    @Test
    void healthcheckRulesAreCaught() throws IOException
    {
        final String text = dockerfile();
        assertBreaks(text.replace("HEALTHCHECK", "# HEALTHCHECK").replace("  CMD [\"/opt/omnistock/bin/omnistock\", \"health\"]", ""),
            "no HEALTHCHECK");
        assertBreaks(text.replace("[\"/opt/omnistock/bin/omnistock\", \"health\"]",
            "[\"curl\", \"-f\", \"http://127.0.0.1:8080/health\"]"), "curl");
        assertBreaks(text.replace("--start-period=300s", "--start-period=30s"), "shorter than");
        assertBreaks(text.replace("--start-period=300s ", ""), "no --start-period");
    }

    @Test
    void dataVolumePortAndHostAreCaught() throws IOException
    {
        final String text = dockerfile();
        assertBreaks(text.replace("VOLUME [\"/var/lib/omnistock\"]", ""), "not a VOLUME");
        assertBreaks(text.replace("EXPOSE 8080", "EXPOSE 9090"), "not EXPOSEd");
        assertBreaks(text.replace("OMNISTOCK_HTTP_HOST=0.0.0.0", "OMNISTOCK_HTTP_HOST=127.0.0.1"), "loopback only");
        assertBreaks(text.replace("FROM eclipse-temurin:17-jre", "FROM eclipse-temurin:17-jdk"), "not eclipse-temurin:17-jre");
    }

    private static void assertBreaks(final String dockerfile, final String expected)
    {
        assertBreaks(dockerfile, POM_FLAGS, expected);
    }

    private static void assertBreaks(final String dockerfile, final String pomFlags, final String expected)
    {
        final List<String> problems = DockerfileRules.violations(dockerfile, pomFlags);
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), "expected '" + expected + "' in " + problems);
    }
}

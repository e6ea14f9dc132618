package io.omnistock.packaging;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * packaging/systemd/omnistock.service passes {@code systemd-analyze verify} without a word, and
 * says what docs/packaging.md promises. The unit runs /opt/omnistock/bin/omnistock, which verify
 * requires to exist: the copy verified points at this checkout's bin/omnistock instead, the same
 * launcher at the same place relative to the root.
 */
class SystemdUnitTest
{
    private static final Path ROOT = Path.of(System.getProperty("omnistock.root")).toAbsolutePath().normalize();
    private static final Path UNIT = ROOT.resolve("packaging/systemd/omnistock.service");

    @Test
    void systemdAnalyzeVerifyAcceptsTheUnitWithoutWarnings(@TempDir final Path dir) throws Exception
    {
        final String analyze = onPath("systemd-analyze");
        Assumptions.assumeTrue(analyze != null, "systemd-analyze is not installed: the unit is not verified");
        final Path unit = dir.resolve("omnistock.service");
        Files.writeString(unit, Files.readString(UNIT).replace("/opt/omnistock/", ROOT + "/"));
        final Result ok = verify(analyze, unit);
        assertEquals(0, ok.code, ok.output);
        assertEquals("", ok.output.strip(), "systemd-analyze verify had something to say");

        // And the check sees a mistake: a misspelt key is only a warning, exit code 0.
        Files.writeString(unit, Files.readString(unit).replace("LimitNOFILE", "LimitNOFLIE"));
        final Result typo = verify(analyze, unit);
        assertTrue(typo.output.contains("LimitNOFLIE"), typo.output);
    }

    @Test
    void theUnitSaysWhatTheDocsPromise() throws IOException
    {
        final List<String> lines = Files.readAllLines(UNIT);
        for (final String setting : List.of("Type=simple", "SuccessExitStatus=143", "Restart=on-failure",
            "DynamicUser=yes", "StateDirectory=omnistock", "Environment=OMNISTOCK_DATA_DIR=%S/omnistock"))
        {
            assertTrue(lines.contains(setting), "the unit lacks " + setting);
        }
        assertTrue(lines.stream().anyMatch(l -> l.matches("LimitNOFILE=\\d+")), "the unit lacks LimitNOFILE");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("ExecStart=/opt/omnistock/bin/omnistock serve")),
            "the unit does not run the distribution's bin/omnistock serve");
    }

    private record Result(int code, String output)
    {
    }

    private static Result verify(final String analyze, final Path unit) throws Exception
    {
        final Process p = new ProcessBuilder(analyze, "verify", unit.toString()).redirectErrorStream(true).start();
        final String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "systemd-analyze verify did not finish");
        return new Result(p.exitValue(), output);
    }

    static String onPath(final String command)
    {
        for (final String dir : System.getenv().getOrDefault("PATH", "").split(":"))
        {
            final Path candidate = Path.of(dir.isEmpty() ? "." : dir, command);
            if (Files.isExecutable(candidate))
            {
                return candidate.toString();
            }
        }
        return null;
    }
}

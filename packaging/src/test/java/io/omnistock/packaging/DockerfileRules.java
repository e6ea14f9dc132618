package io.omnistock.packaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The project's own rules for its Dockerfile (docs/packaging.md, "Container image"), the ones a
 * generic linter does not know: what runs, as whom, with which JVM flags, and how it is probed.
 */
final class DockerfileRules
{
    static final String RUNTIME_IMAGE = "eclipse-temurin:17-jre";
    /** The JRE image has no jdk.compiler: flags naming it only make the JVM warn at every start. */
    static final String ABSENT_FROM_JRE = "jdk.compiler/";
    static final Duration MIN_START_PERIOD = Duration.ofMinutes(2);

    private static final Pattern JSON_STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    record Instruction(String keyword, String args)
    {
    }

    private DockerfileRules()
    {
    }

    /** Continuation lines joined, comments and blank lines dropped. */
    static List<Instruction> parse(final String dockerfile)
    {
        final List<Instruction> instructions = new ArrayList<>();
        final StringBuilder current = new StringBuilder();
        for (final String raw : dockerfile.split("\n", -1))
        {
            final String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && current.isEmpty()))
            {
                continue;
            }
            if (line.endsWith("\\"))
            {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            final String text = current.toString().strip();
            current.setLength(0);
            if (!text.isEmpty())
            {
                final int space = text.indexOf(' ');
                instructions.add(space < 0 ? new Instruction(text.toUpperCase(), "") :
                    new Instruction(text.substring(0, space).toUpperCase(), text.substring(space + 1).strip()));
            }
        }
        return instructions;
    }

    /** @return the elements of an exec-form (JSON array) argument, or null if it is in shell form. */
    static List<String> execForm(final String args)
    {
        final String trimmed = args.strip();
        if (!trimmed.startsWith("[") || !trimmed.endsWith("]"))
        {
            return null;
        }
        final List<String> elements = new ArrayList<>();
        final Matcher m = JSON_STRING.matcher(trimmed);
        while (m.find())
        {
            elements.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        return elements;
    }

    /**
     * @param pomFlags the parent POM's chronicle.jvm.flags, space-separated.
     * @return each broken rule, one sentence each; empty when all hold.
     */
    static List<String> violations(final String dockerfile, final String pomFlags)
    {
        final List<String> problems = new ArrayList<>();
        final List<Instruction> all = parse(dockerfile);
        final List<Instruction> froms = all.stream().filter(i -> i.keyword().equals("FROM")).toList();
        if (froms.size() < 2)
        {
            problems.add("not a multi-stage build (build with Maven, run on a JRE)");
        }
        if (froms.isEmpty())
        {
            return problems;
        }
        final String runtime = froms.get(froms.size() - 1).args().split("\\s+")[0];
        if (!runtime.equals(RUNTIME_IMAGE))
        {
            problems.add("the final stage runs on " + runtime + ", not " + RUNTIME_IMAGE);
        }
        final List<Instruction> last = all.subList(all.lastIndexOf(froms.get(froms.size() - 1)), all.size());

        final Map<String, String> env = new LinkedHashMap<>();
        last.stream().filter(i -> i.keyword().equals("ENV")).forEach(i ->
        {
            for (final String pair : i.args().split("\\s+"))
            {
                final int eq = pair.indexOf('=');
                if (eq > 0)
                {
                    env.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        });

        int userAt = -1;
        int entrypointAt = -1;
        for (int i = 0; i < last.size(); i++)
        {
            final Instruction in = last.get(i);
            if (in.keyword().equals("USER"))
            {
                userAt = i;
                final String user = in.args().split(":")[0];
                if (user.equals("root") || user.equals("0"))
                {
                    problems.add("the final stage runs as root (USER " + in.args() + ")");
                }
            }
            if (in.keyword().equals("ENTRYPOINT"))
            {
                entrypointAt = i;
            }
        }
        if (userAt < 0)
        {
            problems.add("no USER in the final stage: the daemon would run as root");
        }

        final String dataDir = env.get("OMNISTOCK_DATA_DIR");
        if (dataDir == null)
        {
            problems.add("OMNISTOCK_DATA_DIR is not set: the journal would land in the working directory");
        }
        else if (last.stream().noneMatch(i -> i.keyword().equals("VOLUME") && i.args().contains("\"" + dataDir + "\"")))
        {
            problems.add("the data directory " + dataDir + " is not a VOLUME");
        }
        final String port = env.get("OMNISTOCK_HTTP_PORT");
        if (port == null || last.stream().noneMatch(i -> i.keyword().equals("EXPOSE") &&
            Arrays.asList(i.args().split("\\s+")).contains(port)))
        {
            problems.add("the daemon's port (OMNISTOCK_HTTP_PORT=" + port + ") is not EXPOSEd");
        }
        if (!"0.0.0.0".equals(env.get("OMNISTOCK_HTTP_HOST")))
        {
            problems.add("OMNISTOCK_HTTP_HOST is not 0.0.0.0: the daemon would listen on the container's loopback only");
        }

        checkHealthcheck(last, problems);
        if (entrypointAt < 0)
        {
            problems.add("no ENTRYPOINT");
            return problems;
        }
        if (userAt > entrypointAt)
        {
            problems.add("USER comes after ENTRYPOINT");
        }
        final List<String> entrypoint = execForm(last.get(entrypointAt).args());
        if (entrypoint == null)
        {
            problems.add("ENTRYPOINT is in shell form: a shell would be PID 1 and java would not get SIGTERM");
            return problems;
        }
        if (entrypoint.isEmpty() || !entrypoint.get(0).equals("java"))
        {
            problems.add("ENTRYPOINT does not start java itself: " + entrypoint);
        }
        final int jar = entrypoint.indexOf("-jar");
        if (jar < 0 || jar + 1 == entrypoint.size() || !entrypoint.get(jar + 1).endsWith("/omnistock-daemon.jar"))
        {
            problems.add("ENTRYPOINT does not run the daemon's jar: " + entrypoint);
        }
        if (!entrypoint.contains("-Dchronicle.analytics.disable=true"))
        {
            problems.add("ENTRYPOINT does not set -Dchronicle.analytics.disable=true");
        }
        final Set<String> expected = Arrays.stream(pomFlags.strip().split("\\s+"))
            .filter(f -> !f.contains(ABSENT_FROM_JRE)).collect(Collectors.toCollection(TreeSet::new));
        final Set<String> actual = entrypoint.stream().filter(f -> f.startsWith("--add-"))
            .collect(Collectors.toCollection(TreeSet::new));
        if (!expected.equals(actual))
        {
            final Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(actual);
            final Set<String> extra = new TreeSet<>(actual);
            extra.removeAll(expected);
            problems.add("ENTRYPOINT's JVM flags differ from the POM's chronicle.jvm.flags (less " + ABSENT_FROM_JRE +
                "): missing " + missing + ", not in the POM " + extra);
        }
        return problems;
    }

    private static void checkHealthcheck(final List<Instruction> stage, final List<String> problems)
    {
        final Instruction health = stage.stream().filter(i -> i.keyword().equals("HEALTHCHECK")).findFirst().orElse(null);
        if (health == null)
        {
            problems.add("no HEALTHCHECK");
            return;
        }
        final int cmd = health.args().indexOf("CMD ");
        if (cmd < 0)
        {
            problems.add("HEALTHCHECK has no CMD");
            return;
        }
        final List<String> probe = execForm(health.args().substring(cmd + 4));
        if (probe == null)
        {
            problems.add("HEALTHCHECK CMD is in shell form");
        }
        else if (probe.stream().anyMatch(a -> a.contains("curl") || a.contains("wget")))
        {
            problems.add("HEALTHCHECK needs curl or wget, which the JRE image does not have: " + probe);
        }
        else if (!probe.contains("health"))
        {
            problems.add("HEALTHCHECK does not ask /health: " + probe);
        }
        final Matcher start = Pattern.compile("--start-period=(\\d+)([smh])").matcher(health.args());
        if (!start.find())
        {
            problems.add("HEALTHCHECK has no --start-period: a long recovery would be counted against the container");
            return;
        }
        final long amount = Long.parseLong(start.group(1));
        final Duration period = switch (start.group(2))
        {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
        if (period.compareTo(MIN_START_PERIOD) < 0)
        {
            problems.add("HEALTHCHECK --start-period " + period + " is shorter than " + MIN_START_PERIOD);
        }
    }
}

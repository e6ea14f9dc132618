package io.omnistock.cluster;

import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A member started with a thread per Aeron agent (as a machine of eight cores or more chooses)
 * elects itself, applies a command, and runs the agents on threads of their own; its log names the layout.
 */
class MemberThreadsIT
{
    @TempDir
    Path dir;

    @Test
    void aDedicatedMemberRunsEachAgentOnItsOwnThreadAndAppliesCommands() throws Exception
    {
        final String members = ClusterNodeConfig.freeLoopbackMembers(1);
        try (MemberProcess member = new MemberProcess(0, members, dir.resolve("member-0"))
            .setting("threading", "dedicated").start();
            ClusterClient client = ClusterClient.start(new ClusterClient.Settings(members, "127.0.0.1:0",
                Duration.ofSeconds(30), Duration.ofSeconds(3), dir.resolve("client"))))
        {
            final CommandResult defined = client.submit(Commands.defineLocation(1, "DC", Tier.WAREHOUSE, 0, 0,
                Capabilities.ALL)).get(60, TimeUnit.SECONDS);
            assertEquals(ReasonCode.OK, defined.reason(), defined.toString());
            assertTrue(member.log().contains("member 0 threads: dedicated (a thread per Aeron agent"), member.log());
            final Set<String> threads = threadNames(member.pid());
            if (!threads.isEmpty())
            {
                for (final String agent : new String[]{"sender", "receiver", "archive-recorde", "archive-replaye"})
                {
                    assertTrue(threads.stream().anyMatch(name -> name.startsWith(agent)),
                        agent + " has a thread of its own: " + threads);
                }
            }
        }
    }

    /** @return the names of the process's threads (Linux's 15-character ones), or none where /proc has no such view. */
    private static Set<String> threadNames(final long pid) throws IOException
    {
        final Path tasks = Path.of("/proc", Long.toString(pid), "task");
        final Set<String> names = new TreeSet<>();
        if (!Files.isDirectory(tasks))
        {
            return names;
        }
        try (Stream<Path> list = Files.list(tasks))
        {
            for (final Path task : (Iterable<Path>)list::iterator)
            {
                try
                {
                    names.add(Files.readString(task.resolve("comm")).trim());
                }
                catch (final IOException gone)
                {
                    // A thread that ended meanwhile.
                }
            }
        }
        return names;
    }
}

package io.omnistock.cluster;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One member's settings, checked at load: every bad value is refused with a message naming it.
 *
 * <p>Members are given as {@code id=host:basePort,...}; each member uses five ports from its base:
 * client ingress (+0), consensus (+1), log (+2), catch-up (+3) and archive control (+4).
 *
 * @param memberId                      this member's id, one of the members'.
 * @param members                       every member's id and endpoint, in id order.
 * @param dataDir                       this member's directory: journal, Aeron, archive and cluster files.
 * @param leaderHeartbeatTimeoutMillis  a follower that hears nothing from the leader this long starts an election.
 * @param leaderHeartbeatIntervalMillis how often an idle leader tells the followers it is alive.
 * @param electionTimeoutMillis         how long an election phase waits for votes before starting over.
 * @param startupCanvassTimeoutMillis   how long a starting member waits to hear from every member before an
 *                                      election among those it heard (a multiple of the heartbeat timeout).
 * @param sessionTimeoutMillis          a client silent this long (no message, no keep-alive) is closed.
 * @param fileSyncLevel                 0: leave writes to the OS page cache; 1: force data; 2: data and metadata
 *                                      (log, archive catalog and the local journal).
 * @param markFileWaitMillis            how long a start waits for mark files of a killed process to go stale.
 * @param idempotencyWindow             command ids remembered for duplicates: part of the state, so equal on
 *                                      every member.
 * @param maxSessions                   clients connected at once.
 * @param idleParkMaxMicros             the longest an idle member thread parks before it looks for work
 *                                      again: the most each hop of a command can wait for a thread that was
 *                                      idle, against the CPU idle threads spend waking (see ClusterNode).
 * @param driverOnArchiveThread         whether the media driver's agents run on the archive's thread (Aeron's
 *                                      driver INVOKER mode, invoked by the archive's conductor) instead of a
 *                                      thread of their own: one busy thread fewer per member (an experiment,
 *                                      docs/benchmarks.md run 36; off by default).
 * @param cpuBudget                     the cores the member may keep busy; 0: {@code availableProcessors()}
 *                                      ({@link MemberThreads}).
 * @param threading                     how its Aeron agents get threads; {@code AUTO} chooses from the budget
 *                                      ({@link MemberThreads}).
 */
public record ClusterNodeConfig(
    int memberId,
    Map<Integer, Member> members,
    Path dataDir,
    long leaderHeartbeatTimeoutMillis,
    long leaderHeartbeatIntervalMillis,
    long electionTimeoutMillis,
    long startupCanvassTimeoutMillis,
    long sessionTimeoutMillis,
    int fileSyncLevel,
    long markFileWaitMillis,
    int idempotencyWindow,
    int maxSessions,
    long idleParkMaxMicros,
    boolean driverOnArchiveThread,
    int cpuBudget,
    MemberThreading threading)
{
    /** Ports a member uses from its base port. */
    public static final int PORTS_PER_MEMBER = 5;

    /** A member's host and the first of its {@link #PORTS_PER_MEMBER} ports. */
    public record Member(int id, String host, int basePort)
    {
        String endpoint(final int offset)
        {
            return host + ":" + (basePort + offset);
        }
    }

    private static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults()
    {
        final Map<String, String> d = new LinkedHashMap<>();
        // About 1 s, not Aeron's 10 s: a dead leader is replaced in about a second on a LAN.
        d.put("leaderHeartbeatTimeoutMillis", "1000");
        d.put("leaderHeartbeatIntervalMillis", "100");
        d.put("electionTimeoutMillis", "500");
        d.put("startupCanvassTimeoutMillis", "10000");
        d.put("sessionTimeoutMillis", "10000");
        d.put("fileSyncLevel", "0");
        d.put("markFileWaitMillis", "30000");
        d.put("idempotencyWindow", Integer.toString(1 << 20));
        d.put("maxSessions", "64");
        d.put("idleParkMaxMicros", "1000");
        d.put("driverOnArchiveThread", "false");
        d.put("cpuBudget", "0");
        d.put("threading", "auto");
        return d;
    }

    /** @return the keys {@link #parse} accepts besides memberId, members and dataDir, with their defaults. */
    public static Map<String, String> defaultSettings()
    {
        return Map.copyOf(DEFAULTS);
    }

    /**
     * @param settings memberId, members and dataDir, and any of {@link #defaultSettings()}.
     * @throws IllegalArgumentException naming the first bad or unknown setting.
     */
    public static ClusterNodeConfig parse(final Map<String, String> settings)
    {
        final Map<String, String> s = new TreeMap<>(DEFAULTS);
        for (final Map.Entry<String, String> e : settings.entrySet())
        {
            if (!DEFAULTS.containsKey(e.getKey()) && !Set.of("memberId", "members", "dataDir").contains(e.getKey()))
            {
                throw new IllegalArgumentException("unknown setting " + e.getKey() + " (known: memberId, members, " +
                    "dataDir, " + String.join(", ", DEFAULTS.keySet()) + ")");
            }
            s.put(e.getKey(), e.getValue().trim());
        }
        final Map<Integer, Member> members = members(required(s, "members"));
        final int memberId = (int)number(s, "memberId", 0, Integer.MAX_VALUE);
        if (!members.containsKey(memberId))
        {
            throw new IllegalArgumentException("memberId " + memberId + " is not one of the members " + members.keySet());
        }
        final String dataDir = required(s, "dataDir");
        final long heartbeatTimeout = number(s, "leaderHeartbeatTimeoutMillis", 100, 600_000);
        final long heartbeatInterval = number(s, "leaderHeartbeatIntervalMillis", 10, 60_000);
        if (heartbeatInterval * 2 > heartbeatTimeout)
        {
            throw new IllegalArgumentException("leaderHeartbeatIntervalMillis " + heartbeatInterval + " must be at most " +
                "half of leaderHeartbeatTimeoutMillis " + heartbeatTimeout + ", or one late heartbeat starts an election");
        }
        final long canvass = number(s, "startupCanvassTimeoutMillis", heartbeatTimeout, 3_600_000);
        if (canvass % heartbeatTimeout != 0)
        {
            throw new IllegalArgumentException("startupCanvassTimeoutMillis " + canvass + " must be a multiple of " +
                "leaderHeartbeatTimeoutMillis " + heartbeatTimeout);
        }
        final long sessionTimeout = number(s, "sessionTimeoutMillis", 1_000, 3_600_000);
        if (sessionTimeout < heartbeatTimeout * 2)
        {
            throw new IllegalArgumentException("sessionTimeoutMillis " + sessionTimeout + " must be at least twice " +
                "leaderHeartbeatTimeoutMillis " + heartbeatTimeout + ", or clients are closed by every election");
        }
        final boolean driverOnArchiveThread = bool(s, "driverOnArchiveThread");
        final MemberThreading threading = threading(required(s, "threading"));
        if (threading == MemberThreading.DEDICATED && driverOnArchiveThread)
        {
            throw new IllegalArgumentException("threading=dedicated gives the media driver threads of its own; " +
                "driverOnArchiveThread=true runs it on the archive's: set one of them");
        }
        return new ClusterNodeConfig(memberId, members, Path.of(dataDir), heartbeatTimeout, heartbeatInterval,
            number(s, "electionTimeoutMillis", 50, 60_000), canvass, sessionTimeout,
            (int)number(s, "fileSyncLevel", 0, 2), number(s, "markFileWaitMillis", 0, 600_000),
            (int)number(s, "idempotencyWindow", 1_024, 1 << 26), (int)number(s, "maxSessions", 1, 10_000),
            number(s, "idleParkMaxMicros", 1, 100_000), driverOnArchiveThread, (int)number(s, "cpuBudget", 0, 4_096),
            threading);
    }

    private static MemberThreading threading(final String text)
    {
        return switch (text)
        {
            case "auto" -> MemberThreading.AUTO;
            case "shared" -> MemberThreading.SHARED;
            case "dedicated" -> MemberThreading.DEDICATED;
            default -> throw new IllegalArgumentException("threading must be auto, shared or dedicated, not '" + text + "'");
        };
    }

    private static boolean bool(final Map<String, String> s, final String key)
    {
        final String text = required(s, key);
        if (!text.equals("true") && !text.equals("false"))
        {
            throw new IllegalArgumentException(key + " must be true or false, not '" + text + "'");
        }
        return Boolean.parseBoolean(text);
    }

    private static String required(final Map<String, String> s, final String key)
    {
        final String value = s.get(key);
        if (value == null || value.isEmpty())
        {
            throw new IllegalArgumentException(key + " is required");
        }
        return value;
    }

    private static long number(final Map<String, String> s, final String key, final long min, final long max)
    {
        final String text = required(s, key);
        final long value;
        try
        {
            value = Long.parseLong(text);
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException(key + " must be a whole number, not '" + text + "'");
        }
        if (value < min || value > max)
        {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }

    /** Parses {@code id=host:basePort,...}. */
    static Map<Integer, Member> members(final String text)
    {
        final Map<Integer, Member> members = new TreeMap<>();
        final Set<String> endpoints = new HashSet<>();
        for (final String entry : text.split(","))
        {
            final String e = entry.trim();
            final int eq = e.indexOf('=');
            final int colon = e.lastIndexOf(':');
            if (eq <= 0 || colon <= eq + 1 || colon == e.length() - 1)
            {
                throw new IllegalArgumentException("members entry '" + e + "' is not id=host:basePort");
            }
            final int id;
            final int port;
            try
            {
                id = Integer.parseInt(e.substring(0, eq));
                port = Integer.parseInt(e.substring(colon + 1));
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("members entry '" + e + "' is not id=host:basePort with whole numbers");
            }
            if (id < 0)
            {
                throw new IllegalArgumentException("members entry '" + e + "' has a negative id");
            }
            if (port < 1 || port > 65_535 - PORTS_PER_MEMBER)
            {
                throw new IllegalArgumentException("members entry '" + e + "' has base port " + port + ", outside 1.." +
                    (65_535 - PORTS_PER_MEMBER));
            }
            final Member member = new Member(id, e.substring(eq + 1, colon), port);
            if (members.put(id, member) != null)
            {
                throw new IllegalArgumentException("members lists id " + id + " twice");
            }
            for (int offset = 0; offset < PORTS_PER_MEMBER; offset++)
            {
                if (!endpoints.add(member.endpoint(offset)))
                {
                    throw new IllegalArgumentException("members entry '" + e + "' overlaps another member's ports " +
                        "(each member uses " + PORTS_PER_MEMBER + " ports from its base)");
                }
            }
        }
        if (members.size() < 1)
        {
            throw new IllegalArgumentException("members is empty");
        }
        return members;
    }

    /** @return the members in Aeron's form: id,ingress,consensus,log,catchup,archive|... */
    String aeronClusterMembers()
    {
        final List<String> entries = new ArrayList<>();
        for (final Member m : members.values())
        {
            entries.add(m.id() + "," + m.endpoint(0) + "," + m.endpoint(1) + "," + m.endpoint(2) + "," + m.endpoint(3) +
                "," + m.endpoint(4));
        }
        return String.join("|", entries);
    }

    /** @return the client-facing endpoints in {@code AeronCluster}'s form: id=host:port,... */
    public static String ingressEndpoints(final String members)
    {
        final List<String> entries = new ArrayList<>();
        for (final Member m : members(members).values())
        {
            entries.add(m.id() + "=" + m.endpoint(0));
        }
        return String.join(",", entries);
    }

    /**
     * @return members on loopback with a free range of UDP ports, {@code 0=127.0.0.1:p,1=...}: for the
     *     demo and the tests, which start members on one machine.
     */
    public static String freeLoopbackMembers(final int count) throws IOException
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            final int base = 20_000 + ThreadLocalRandom.current().nextInt(2_000) * 20;
            if (udpFree(base, count * 10))
            {
                final List<String> entries = new ArrayList<>();
                for (int i = 0; i < count; i++)
                {
                    entries.add(i + "=127.0.0.1:" + (base + i * 10));
                }
                return String.join(",", entries);
            }
        }
        throw new IOException("no free UDP port range on loopback");
    }

    private static boolean udpFree(final int from, final int count)
    {
        for (int port = from; port < from + count; port++)
        {
            try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)))
            {
                socket.getLocalPort();
            }
            catch (final IOException taken)
            {
                return false;
            }
        }
        return true;
    }

    Member self()
    {
        return members.get(memberId);
    }
}

package io.omnistock.cluster;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.io.TempDir;

/** Every bad member setting is refused at load, with a message naming it. */
class ClusterNodeConfigTest
{
    private static final String MEMBERS = "0=127.0.0.1:20000,1=127.0.0.1:20010,2=127.0.0.1:20020";

    private static Map<String, String> settings(final String... keyValues)
    {
        final Map<String, String> s = new HashMap<>(Map.of("memberId", "1", "members", MEMBERS, "dataDir", "/tmp/m1"));
        for (int i = 0; i < keyValues.length; i += 2)
        {
            s.put(keyValues[i], keyValues[i + 1]);
        }
        return s;
    }

    private static void refused(final String named, final String... keyValues)
    {
        final IllegalArgumentException e =
            assertThrows(IllegalArgumentException.class, () -> ClusterNodeConfig.parse(settings(keyValues)));
        assertTrue(e.getMessage().contains(named), e.getMessage());
    }

    @Test
    void defaultsAreAeronsMembersAndAOneSecondHeartbeat()
    {
        final ClusterNodeConfig config = ClusterNodeConfig.parse(settings());
        assertEquals(1000, config.leaderHeartbeatTimeoutMillis());
        assertEquals(1000, config.idleParkMaxMicros(), "idle threads park up to 1 ms");
        assertEquals(50, ClusterNodeConfig.parse(settings("idleParkMaxMicros", "50")).idleParkMaxMicros());
        assertEquals(false, config.driverOnArchiveThread(), "the driver has its own thread unless asked");
        assertEquals(true, ClusterNodeConfig.parse(settings("driverOnArchiveThread", "true")).driverOnArchiveThread());
        refused("driverOnArchiveThread", "driverOnArchiveThread", "yes");
        assertEquals(0, config.cpuBudget(), "the processors are counted unless a budget is set");
        assertEquals(MemberThreading.AUTO, config.threading());
        assertEquals(6, ClusterNodeConfig.parse(settings("cpuBudget", "6")).cpuBudget());
        assertEquals(MemberThreading.DEDICATED, ClusterNodeConfig.parse(settings("threading", "dedicated")).threading());
        assertEquals(MemberThreading.SHARED, ClusterNodeConfig.parse(settings("threading", "shared")).threading());
        refused("threading", "threading", "fast");
        refused("cpuBudget", "cpuBudget", "-1");
        refused("driverOnArchiveThread", "threading", "dedicated", "driverOnArchiveThread", "true");
        assertEquals("0,127.0.0.1:20000,127.0.0.1:20001,127.0.0.1:20002,127.0.0.1:20003,127.0.0.1:20004|" +
            "1,127.0.0.1:20010,127.0.0.1:20011,127.0.0.1:20012,127.0.0.1:20013,127.0.0.1:20014|" +
            "2,127.0.0.1:20020,127.0.0.1:20021,127.0.0.1:20022,127.0.0.1:20023,127.0.0.1:20024",
            config.aeronClusterMembers());
        assertEquals("0=127.0.0.1:20000,1=127.0.0.1:20010,2=127.0.0.1:20020", ClusterNodeConfig.ingressEndpoints(MEMBERS));
    }

    @Test
    void badValuesAreRefusedByName()
    {
        refused("memberId", "memberId", "7");
        refused("memberId", "memberId", "one");
        refused("members", "members", "0=127.0.0.1");
        refused("members", "members", "0=127.0.0.1:20000,0=127.0.0.1:20010");
        refused("overlaps", "members", "0=127.0.0.1:20000,1=127.0.0.1:20003");
        refused("base port", "members", "0=127.0.0.1:70000");
        refused("leaderHeartbeatTimeoutMillis", "leaderHeartbeatTimeoutMillis", "0");
        refused("leaderHeartbeatIntervalMillis", "leaderHeartbeatIntervalMillis", "600");
        refused("startupCanvassTimeoutMillis", "startupCanvassTimeoutMillis", "1500");
        refused("sessionTimeoutMillis", "sessionTimeoutMillis", "1500");
        refused("fileSyncLevel", "fileSyncLevel", "3");
        refused("electionTimeoutMillis", "electionTimeoutMillis", "-5");
        refused("idempotencyWindow", "idempotencyWindow", "x");
        refused("idleParkMaxMicros", "idleParkMaxMicros", "0");
        refused("idleParkMaxMicros", "idleParkMaxMicros", "100001");
        refused("unknown setting heartbeat", "heartbeat", "1");
        refused("dataDir", "dataDir", "");
    }

    @Test
    void argumentsAreMemberIdMembersDataDirThenSettings()
    {
        assertEquals(settings("fileSyncLevel", "1"),
            ClusterNode.arguments(new String[] {"1", MEMBERS, "/tmp/m1", "fileSyncLevel=1"}));
        assertThrows(IllegalArgumentException.class, () -> ClusterNode.arguments(new String[] {"1", MEMBERS}));
        assertThrows(IllegalArgumentException.class,
            () -> ClusterNode.arguments(new String[] {"1", MEMBERS, "/tmp/m1", "fileSyncLevel"}));
    }

    @Test
    void aConfigFileGivesTheSettingsAndIsCheckedByName(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("member-1.properties");
        Files.writeString(file, "# member 1\nmemberId = 1\nmembers = " + MEMBERS + "\ndataDir = /tmp/m1\n" +
            "fileSyncLevel = 1\n");
        assertEquals(settings("fileSyncLevel", "1"), ClusterNode.arguments(new String[] {"--config", file.toString()}));
        assertEquals(settings("fileSyncLevel", "2"),
            ClusterNode.arguments(new String[] {"--config", file.toString(), "fileSyncLevel=2"}));

        Files.writeString(file, "memberId=1\nmembers=" + MEMBERS + "\ndataDir=/tmp/m1\nleaderHeartbeatTimeoutMillis=soon\n");
        final IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
            () -> ClusterNodeConfig.parse(ClusterNode.arguments(new String[] {"--config", file.toString()})));
        assertTrue(bad.getMessage().contains("leaderHeartbeatTimeoutMillis"), bad.getMessage());
        Files.writeString(file, "memberId=1\nmembers=" + MEMBERS + "\ndataDir=/tmp/m1\nheartbeat=1\n");
        final IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
            () -> ClusterNodeConfig.parse(ClusterNode.arguments(new String[] {"--config", file.toString()})));
        assertTrue(unknown.getMessage().contains("unknown setting heartbeat"), unknown.getMessage());

        final IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
            () -> ClusterNode.arguments(new String[] {"--config", dir.resolve("absent").toString()}));
        assertTrue(missing.getMessage().contains("absent"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClusterNode.arguments(new String[] {"--config"}));
    }
}

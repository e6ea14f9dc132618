package io.omnistock.daemon;

import io.omnistock.cluster.ClusterMember;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** engine.mode and the cluster.* settings: checked at load, every refusal naming the daemon's key. */
class DaemonClusterConfigTest
{
    private static final String MEMBERS = "0=127.0.0.1:20000,1=127.0.0.1:20010,2=127.0.0.1:20020";

    private static Map<String, String> cluster(final String... more)
    {
        final Map<String, String> env = new HashMap<>();
        env.put("OMNISTOCK_ENGINE_MODE", "cluster");
        env.put("OMNISTOCK_CLUSTER_MEMBER_ID", "1");
        env.put("OMNISTOCK_CLUSTER_MEMBERS", MEMBERS);
        for (int i = 0; i < more.length; i += 2)
        {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    private static String refusal(final Map<String, String> env)
    {
        return assertThrows(DaemonConfig.ConfigException.class, () -> DaemonConfig.load(null, env)).getMessage();
    }

    @Test
    void embeddedIsTheDefaultAndItsClusterSettingsAreNotRequired()
    {
        final DaemonConfig config = DaemonConfig.load(null, Map.of());
        assertFalse(config.clusterMode());
        // cluster.members is empty by default: unused in embedded mode, so no refusal.
        assertTrue(DaemonConfig.load(null, Map.of("OMNISTOCK_ENGINE_MODE", "embedded")).warnings().isEmpty());
    }

    @Test
    void clusterModeBuildsTheMembersSettingsFromTheDaemons()
    {
        final DaemonConfig config = DaemonConfig.load(null, cluster("OMNISTOCK_CLUSTER_LEADER_HEARTBEAT_TIMEOUT_MS", "2000",
            "OMNISTOCK_CLUSTER_NO_LEADER_TIMEOUT_MS", "4000", "OMNISTOCK_CLUSTER_READ_WAIT_MS", "250",
            "OMNISTOCK_ENGINE_IDEMPOTENCY_WINDOW", "65536", "OMNISTOCK_CLUSTER_FILE_SYNC_LEVEL", "1"));
        assertTrue(config.clusterMode());
        final ClusterMember.Settings settings = config.cluster();
        assertEquals(1, settings.node().memberId());
        assertEquals(3, settings.node().members().size());
        assertEquals(20010, settings.node().members().get(1).basePort());
        assertEquals(config.dataDir(), settings.node().dataDir(), "the member's files go under data.dir");
        assertEquals(2000, settings.node().leaderHeartbeatTimeoutMillis());
        assertEquals(65536, settings.node().idempotencyWindow());
        assertEquals(1, settings.node().fileSyncLevel());
        assertEquals(4000, settings.noLeaderTimeout().toMillis());
        assertEquals(250, config.clusterReadWait().toMillis());
    }

    @Test
    void badClusterSettingsAreRefusedAtLoadNamingTheDaemonsKey()
    {
        assertTrue(refusal(Map.of("OMNISTOCK_ENGINE_MODE", "replicated")).contains("engine.mode"));
        assertTrue(refusal(cluster("OMNISTOCK_CLUSTER_MEMBERS", "")).contains("cluster.members is required"));
        assertTrue(refusal(cluster("OMNISTOCK_CLUSTER_MEMBERS", "0=127.0.0.1")).contains("cluster.members entry"));
        assertTrue(refusal(cluster("OMNISTOCK_CLUSTER_MEMBER_ID", "7")).contains("cluster.member-id 7"));
        assertTrue(refusal(cluster("OMNISTOCK_CLUSTER_MEMBER_ID", "one")).contains("cluster.member-id must be a whole"));
        assertTrue(refusal(cluster("OMNISTOCK_CLUSTER_LEADER_HEARTBEAT_TIMEOUT_MS", "10"))
            .contains("cluster.leader-heartbeat-timeout-ms must be between"));
        final String interval = refusal(cluster("OMNISTOCK_CLUSTER_LEADER_HEARTBEAT_INTERVAL_MS", "600"));
        assertTrue(interval.contains("cluster.leader-heartbeat-interval-ms 600") &&
            interval.contains("cluster.leader-heartbeat-timeout-ms 1000"), interval);
        assertTrue(refusal(cluster("OMNISTOCK_CLUSTER_STARTUP_CANVASS_TIMEOUT_MS", "1500"))
            .contains("cluster.startup-canvass-timeout-ms 1500 must be a multiple"));
        assertTrue(refusal(cluster("OMNISTOCK_CLUSTER_SESSION_TIMEOUT_MS", "1500"))
            .contains("cluster.session-timeout-ms"));
        assertTrue(refusal(cluster("OMNISTOCK_CLUSTER_FILE_SYNC_LEVEL", "3")).contains("cluster.file-sync-level"));
        assertTrue(refusal(cluster("OMNISTOCK_CLUSTER_MARK_FILE_WAIT_MS", "-1")).contains("cluster.mark-file-wait-ms"));
        assertTrue(refusal(cluster("OMNISTOCK_CLUSTER_MAX_SESSIONS", "0")).contains("cluster.max-sessions"));
        assertTrue(refusal(cluster("OMNISTOCK_CLUSTER_IDLE_PARK_MAX_US", "0")).contains("cluster.idle-park-max-us"));
        // The member's window has a floor the embedded engine's has not.
        assertTrue(refusal(cluster("OMNISTOCK_ENGINE_IDEMPOTENCY_WINDOW", "100")).contains("engine.idempotency-window"));
        assertTrue(refusal(cluster("OMNISTOCK_CLUSTER_RESEND_AFTER_MS", "soon")).contains("cluster.resend-after-ms"));
        assertTrue(refusal(cluster("OMNISTOCK_CLUSTER_READ_WAIT_MS", "-5")).contains("cluster.read-wait-ms"));
        assertTrue(refusal(cluster("OMNISTOCK_CLUSTER_START_TIMEOUT_MS", "0")).contains("cluster.start-timeout-ms"));
        // A write must hear NO_LEADER before the daemon gives up on it (ENGINE_TIMEOUT).
        final String order = refusal(cluster("OMNISTOCK_CLUSTER_NO_LEADER_TIMEOUT_MS", "10000"));
        assertTrue(order.contains("cluster.no-leader-timeout-ms 10000") && order.contains("http.engine-timeout-ms"), order);
    }
}

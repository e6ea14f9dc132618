package io.omnistock.daemon.e2e;

import io.omnistock.cluster.ClusterNodeConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three daemons in cluster mode ({@code engine.mode=cluster}) on loopback, each a member of one
 * replicated engine: writes through a follower and through the leader, a read of one's own write on
 * another member ({@code Omnistock-Min-Sequence}), the leader SIGKILLed under load from every member,
 * every acknowledged write present exactly once on both survivors, an Idempotency-Key retried after
 * the failover answered from the replicated engine (its original outcome, or 422 for another body),
 * /ready through the election, writes without a quorum answered 503 NO_LEADER (key and webhook
 * changes too), and the killed leader
 * restarted from its own disk, caught up and serving again. A webhook subscription on every member is
 * delivered by the leader's only. A key created with an expiry is refused on every member once past it.
 *
 * <p>Timeouts are generous for a loaded two-core machine (three member JVMs and this one share it):
 * a 2 s leader heartbeat timeout, so a slow scheduler does not cause elections of its own.
 */
class ClusterModeIT
{
    private static final String MIN = "Omnistock-Min-Sequence";
    private static final String APPLIED = "Omnistock-Applied-Sequence";

    private final List<DaemonProcess> daemons = new ArrayList<>();
    private WebhookReceiver receiver;

    @AfterEach
    void stop() throws Exception
    {
        if (receiver != null)
        {
            receiver.close();
        }
        for (final DaemonProcess d : daemons)
        {
            d.close();
        }
    }

    @Test
    void threeMembersFailOverWithoutLosingAnAcknowledgedWrite(@TempDir final Path dir) throws Exception
    {
        receiver = new WebhookReceiver();
        final String members = ClusterNodeConfig.freeLoopbackMembers(3);
        for (int id = 0; id < 3; id++)
        {
            daemons.add(new DaemonProcess(dir.resolve("member-" + id), settings(id, members)).jvmFlags("-Xmx256m")
                .startWithoutWaiting());
        }
        for (final DaemonProcess d : daemons)
        {
            d.awaitReady();
        }
        // One admin key per cluster: exactly one member wrote admin.key, and it works on every member.
        final String admin = clusterAdminKey(daemons);
        final List<Client> clients = new ArrayList<>();
        for (final DaemonProcess d : daemons)
        {
            clients.add(new Client(d, admin));
        }
        final int leader = leaderOf(clients.get(0));
        final int follower = (leader + 1) % 3;
        final int other = (leader + 2) % 3;
        assertEquals(leader, leaderOf(clients.get(follower)), "the members agree on the leader");
        assertEquals("LEADER", clients.get(leader).get("/health").body().at("/cluster/role").asText());

        // Definitions and a write through a follower, read back on the other follower.
        assertEquals(201, clients.get(follower).post("/v1/locations",
            "{\"code\":\"S1\",\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}").status());
        final Client.Response sku = clients.get(follower).post("/v1/skus", "{\"code\":\"TEA\"}");
        assertEquals(201, sku.status(), sku.body().toString());
        final Client.Response viaFollower = clients.get(follower).post("/v1/movements", ReceiptWriters.body(5), "first");
        final long firstSequence = sequenceOf(viaFollower);
        final Client.Response readBack = readAt(clients.get(other), firstSequence);
        assertEquals(200, readBack.status(), readBack.body().toString());
        assertEquals(5, readBack.body().at("/position/onHand").asLong());
        assertTrue(appliedSequence(readBack) >= firstSequence, "the read says which sequence it saw");

        // A write through the leader, read back on a follower.
        final Client.Response viaLeader = clients.get(leader).post("/v1/movements", ReceiptWriters.body(2), "second");
        final long secondSequence = sequenceOf(viaLeader);
        assertTrue(secondSequence > firstSequence);
        assertEquals(7, readAt(clients.get(follower), secondSequence).body().at("/position/onHand").asLong());

        // Replicated API keys: created on one member, they work on every member; revoked on one,
        // refused on all.
        final String pos1 = createKey(clients.get(follower), "pos-1");
        final String pos2 = createKey(clients.get(leader), "pos-2");
        for (int id = 0; id < 3; id++)
        {
            awaitKey(daemons.get(id), pos1, 200);
            awaitKey(daemons.get(id), pos2, 200);
        }
        assertEquals(403, new Client(daemons.get(other), pos1).get("/v1/admin/keys").status(),
            "the key has its scopes, not admin");
        assertEquals(409, clients.get(other).post("/v1/admin/keys", keyBody("pos-1")).status(), "a taken name");
        assertEquals(200, clients.get(other).send(clients.get(other).base("/v1/admin/keys/pos-1").DELETE().build())
            .status());
        for (int id = 0; id < 3; id++)
        {
            awaitKey(daemons.get(id), pos1, 401);
        }
        assertEquals(404, clients.get(leader).send(clients.get(leader).base("/v1/admin/keys/pos-1").DELETE().build())
            .status(), "revoked already");
        assertEquals(409, clients.get(leader).post("/v1/admin/keys", keyBody("pos-1")).status(),
            "a revoked key's name stays taken");
        final String listed0 = clients.get(other).get("/v1/admin/keys").body().toString();
        assertTrue(listed0.contains("\"pos-2\"") && !listed0.contains("\"pos-1\"") && listed0.contains("\"admin\""),
            listed0);

        // Key expiry: set on creation through a follower (the cluster decides it against the command's
        // time), the same expiry listed on every member, each member refusing the key once it is past.
        final Client.Response badExpiry = clients.get(follower).post("/v1/admin/keys",
            "{\"name\":\"stale\",\"scopes\":[\"stock\"],\"expiresAt\":\"2001-01-01T00:00:00Z\"}");
        assertEquals(400, badExpiry.status(), badExpiry.body().toString());
        assertEquals("INVALID_API_KEY_EXPIRY", badExpiry.code());
        final Client.Response expiring = clients.get(follower).post("/v1/admin/keys",
            "{\"name\":\"temp\",\"scopes\":[\"stock\",\"availability\"],\"ttlSeconds\":4}");
        assertEquals(201, expiring.status(), expiring.body().toString());
        final String temp = expiring.body().path("key").asText();
        final String tempExpiry = expiring.body().path("expiresAt").asText();
        final long tempExpiresAtMillis = java.time.Instant.parse(tempExpiry).toEpochMilli();
        final String lasting = clients.get(leader).post("/v1/admin/keys", "{\"name\":\"lasting\",\"scopes\":" +
            "[\"stock\",\"availability\"],\"expiresAt\":\"2099-01-31T00:00:00Z\"}").body().path("key").asText();
        for (int id = 0; id < 3; id++)
        {
            awaitKey(daemons.get(id), lasting, 200);
            final Client.Response read = clients.get(id).get("/v1/admin/keys/temp");
            assertEquals(tempExpiry, read.body().path("expiresAt").asText(), "member " + id + ": " + read.body());
        }

        // Webhooks: one subscription, created on a follower, is every member's (secret included), and
        // only the leader delivers, signed with the secret the follower handed out.
        final Client.Response hook = clients.get(follower).post("/v1/admin/webhooks", "{\"url\":\"" +
            receiver.url("/hook") + "\",\"kinds\":[\"STOCK_CHANGED\"]}");
        assertEquals(201, hook.status(), hook.raw().body());
        final String hookId = hook.body().path("id").asText();
        final String hookSecret = hook.body().path("secret").asText();
        final long hooked = sequenceOf(clients.get(follower).post("/v1/movements", ReceiptWriters.body(1), "hooked"));
        await("the leader's webhook delivery", 20, () -> receiver.acknowledged("/hook").contains(hooked));
        assertTrue(WebhooksIT.signedWith(receiver.at("/hook").get(0), hookSecret), "signed with the replicated secret");
        // The receiver records a delivery before it answers, the sender counts it after the answer.
        await("the leader counting its delivery", 10, () -> delivered(clients.get(leader), hookId) > 0);
        for (int id = 0; id < 3; id++)
        {
            final com.fasterxml.jackson.databind.JsonNode status = clients.get(id).get("/v1/admin/webhooks/" + hookId)
                .body();
            assertEquals(hookId, status.path("id").asText(), "member " + id + " has the subscription: " + status);
            assertEquals(id == leader, status.path("delivered").asLong() > 0, "member " + id + " delivered: " + status);
        }

        // Read-your-writes on the member written to, without Omnistock-Min-Sequence: a write's answer
        // comes once that member's replica has applied it, so a code it defined is known at once
        // (a bulk load naming a just-defined SKU once failed here under CI load).
        for (int i = 0; i < 20; i++)
        {
            final String code = "RYW-" + i;
            assertEquals(201, clients.get(follower).post("/v1/skus", "{\"code\":\"" + code + "\"}").status());
            final Client.Response known = clients.get(follower).get("/v1/skus/" + code);
            assertEquals(200, known.status(), "defined through this member, answered, unknown: " + known.body());
        }

        // A bulk load through a follower (the engine's allocation-free path): each line goes through
        // the cluster, and a write after it is behind it in the log.
        assertEquals(201, clients.get(follower).post("/v1/skus", "{\"code\":\"JAM\"}").status());
        final Client.Response load = clients.get(follower).send(clients.get(follower).base("/v1/stock/load?mode=receive")
            .header("Content-Type", "text/csv").header("Idempotency-Key", "load-1")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("location,sku,quantity\nS1,JAM,4\nS1,NO-SUCH,1\n"))
            .build());
        assertEquals(200, load.status(), load.raw().body());
        final String[] loadLines = load.raw().body().split("\n");
        final com.fasterxml.jackson.databind.JsonNode loaded = Client.JSON.readTree(loadLines[loadLines.length - 1])
            .get("done");
        assertEquals(1, loaded.get("applied").asLong(), loaded.toString());
        assertEquals(1, loaded.get("invalid").asLong(), loaded.toString());
        final long afterLoad = sequenceOf(clients.get(follower).post("/v1/movements",
            "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"JAM\",\"quantity\":1}", "after-load"));
        final Client.Response jam = clients.get(other).send(clients.get(other).base("/v1/positions/S1/JAM")
            .header(MIN, Long.toString(afterLoad)).GET().build());
        assertEquals(5, jam.body().at("/position/onHand").asLong(), jam.body().toString());

        // The order read model follows each member's local journal: a closed order and the listing,
        // read on another member with the write's sequence as minimum (issue 21).
        sequenceOf(clients.get(follower).post("/v1/channels", "{\"code\":\"app\",\"holdTtlSeconds\":900}", "app"));
        sequenceOf(clients.get(follower).post("/v1/orders", "{\"channel\":\"app\",\"orderId\":7,\"type\":\"regular\"," +
            "\"lat\":31.2,\"lon\":121.4,\"lines\":[{\"sku\":\"JAM\",\"quantity\":1}]}", "order-7"));
        final long cancelled = sequenceOf(clients.get(follower).post("/v1/orders/7/cancel?channel=app", "{}", "cancel-7"));
        final Client.Response closed = clients.get(other).send(clients.get(other).base("/v1/orders/7?channel=app")
            .header(MIN, Long.toString(cancelled)).GET().build());
        assertEquals("CANCELLED", closed.body().path("state").asText(), closed.body().toString());
        final Client.Response listed = clients.get(other).send(clients.get(other).base("/v1/orders?channel=app")
            .header(MIN, Long.toString(cancelled)).GET().build());
        assertEquals(1, listed.body().path("items").size(), listed.body().toString());
        assertTrue(Long.parseLong(listed.raw().headers().firstValue(APPLIED).orElseThrow()) >= cancelled);

        // A minimum this replica does not reach in the bounded wait: 503 with Retry-After, not a stale read.
        final Client.Response ahead = readAt(clients.get(other), secondSequence + 1_000_000);
        assertEquals(503, ahead.status(), ahead.body().toString());
        assertEquals("REPLICA_BEHIND", ahead.code());
        assertTrue(ahead.raw().headers().firstValue("Retry-After").isPresent());
        final Client.Response malformed = clients.get(other).send(clients.get(other).base("/v1/positions/S1/TEA")
            .header(MIN, "latest").GET().build());
        assertEquals(400, malformed.status(), malformed.body().toString());

        // A cluster snapshot (every member writes one at the same point of the log) is started on the leader.
        final Client.Response refused = clients.get(follower).post("/v1/admin/snapshot", "");
        assertEquals(409, refused.status(), refused.body().toString());
        assertEquals("SNAPSHOT_REFUSED", refused.code());
        assertTrue(refused.body().at("/error/message").asText().contains("member " + leader), refused.body().toString());
        // The leader's own periodic snapshot (every 3 s here) may be under way: that one is refused
        // with a 409 saying so, and asked again.
        Client.Response snapshot = clients.get(leader).post("/v1/admin/snapshot", "");
        final long snapshotBy = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (snapshot.status() == 409 && snapshot.body().at("/error/message").asText().contains("under way") &&
            System.nanoTime() < snapshotBy)
        {
            Thread.sleep(200);
            snapshot = clients.get(leader).post("/v1/admin/snapshot", "");
        }
        assertEquals(200, snapshot.status(), snapshot.body().toString());
        assertTrue(snapshot.body().path("sequence").asLong() >= afterLoad, snapshot.body().toString());

        // The expiring key, past its expiry: refused on every member, listed as expired.
        while (System.currentTimeMillis() <= tempExpiresAtMillis)
        {
            Thread.sleep(100);
        }
        for (int id = 0; id < 3; id++)
        {
            final Client.Response refusedKey = new Client(daemons.get(id), temp).get("/v1/positions/S1/TEA");
            assertEquals(401, refusedKey.status(), "member " + id);
            assertEquals("INVALID_API_KEY", refusedKey.code());
            assertTrue(clients.get(id).get("/v1/admin/keys/temp").body().path("expired").asBoolean());
        }

        // Periodic snapshots (every 3 s here) are started by whichever member leads.
        final String ok = "omnistock_snapshots_total{outcome=\"ok\"}";
        await("a periodic snapshot on the leader", 20, () -> metricOf(clients.get(leader), ok) >= 1);
        assertEquals(0, metricOf(clients.get(follower), ok), "a follower starts none");

        // Load from every member, then the leader killed with SIGKILL in the middle of it.
        final ReceiptWriters writers = new ReceiptWriters(clients);
        writers.awaitWarm();
        final String keyOnLeader = writers.acknowledgedBy(leader);
        assertNotNull(keyOnLeader, "a write through the leader was acknowledged before the kill");
        final long killedAt = System.nanoTime();
        daemons.get(leader).kill9();
        final AtomicBoolean sawNotReady = new AtomicBoolean();
        await("a new leader, /ready flipping back on both survivors", 40, () ->
        {
            final boolean ready = ready(clients.get(follower)) && ready(clients.get(other));
            sawNotReady.compareAndSet(false, !ready);
            return ready && newLeader(clients.get(follower), leader) && newLeader(clients.get(other), leader);
        });
        final long failoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        assertTrue(sawNotReady.get(), "/ready was 503 on a survivor during the election");
        await("writes acknowledged after the kill", 30, () -> writers.acknowledgedSince(killedAt) >= 50);
        assertTrue(writers.stopAndJoin(), "the writers stopped");
        assertEquals(0, writers.hung(), "requests neither answered nor refused");
        assertTrue(writers.unexpected().isEmpty(), "answers other than 200 or 503: " + writers.unexpected());
        final int newLeader = leaderOf(clients.get(follower));
        assertEquals(newLeader, leaderOf(clients.get(other)));
        // The keys after the leader's death: the revoked one stays refused, the live one works, and
        // a key created and revoked on one survivor holds on the other.
        // The webhook keeps delivering from the new leader, from the position the old one's
        // deliveries were recorded at (at least once: a delivery may come again, none is missed).
        final long afterKill = sequenceOf(clients.get(newLeader).post("/v1/movements", ReceiptWriters.body(1),
            "hooked-after-kill"));
        await("the new leader's webhook delivery", 20, () -> receiver.acknowledged("/hook").contains(afterKill));
        await("the new leader counting its delivery", 10, () -> delivered(clients.get(newLeader), hookId) > 0);
        final int survivorA = follower;
        final int survivorB = other;
        for (final int survivor : List.of(survivorA, survivorB))
        {
            assertEquals(401, new Client(daemons.get(survivor), pos1).get("/v1/positions/S1/TEA").status());
            assertEquals(200, new Client(daemons.get(survivor), pos2).get("/v1/positions/S1/TEA").status());
        }
        final String pos3 = createKey(clients.get(survivorA), "pos-3");
        awaitKey(daemons.get(survivorB), pos3, 200);
        assertEquals(200, clients.get(survivorB).send(clients.get(survivorB).base("/v1/admin/keys/pos-2").DELETE()
            .build()).status());
        awaitKey(daemons.get(survivorA), pos2, 401);
        assertTrue(clients.get(follower).get("/health").body().at("/cluster/elections").asLong() >= 1);

        // Every acknowledged write exactly once on both survivors; then every key retried once more
        // (as a client resends what it got no answer to) applies nothing twice.
        // 5 + 2 + the 1 that showed the webhooks + the 1 after the kill.
        final long acknowledged = writers.acknowledgedUnits() + 9;
        final long sent = writers.sentUnits() + 9;
        final long quiet = sequenceOf(clients.get(newLeader).post("/v1/movements", ReceiptWriters.body(1), "quiet"));
        for (final int survivor : List.of(follower, other))
        {
            final long onHand = readAt(clients.get(survivor), quiet).body().at("/position/onHand").asLong() - 1;
            assertTrue(onHand >= acknowledged, "member " + survivor + " lost acknowledged writes: on hand " + onHand +
                " < " + acknowledged);
            assertTrue(onHand <= sent, "member " + survivor + " applied more than was sent");
        }
        long last = quiet;
        for (final Map.Entry<String, Integer> e : writers.sent().entrySet())
        {
            // Retried through a survivor other than the member the first attempt went to (writer i
            // wrote to member i), so no member's memory of its own first answers can stand in for
            // the replicated engine: an acknowledged write must come back as a replay of itself.
            final int first = Integer.parseInt(e.getKey().substring(1, e.getKey().indexOf('-')));
            final Client.Response retry = clients.get(first == follower ? other : follower)
                .post("/v1/movements", ReceiptWriters.body(e.getValue()), e.getKey());
            assertEquals(200, retry.status(), e.getKey() + ": " + retry.body());
            if (writers.acknowledged().containsKey(e.getKey()))
            {
                assertTrue(retry.body().path("replayed").asBoolean(), "acknowledged " + e.getKey() +
                    " was not in the replicated engine: " + retry.body());
            }
            last = Math.max(last, retry.body().path("sequence").asLong(0));
        }
        final long[] applied = new long[3];
        for (final int survivor : List.of(follower, other))
        {
            final Client.Response position = readAt(clients.get(survivor), last);
            assertEquals(sent + 1, position.body().at("/position/onHand").asLong(),
                "member " + survivor + ": every write applied exactly once");
            applied[survivor] = appliedSequence(position);
        }
        // The two reads are moments apart, and the new leader keeps proposing its own commands (it
        // records webhook deliveries, WEBHOOK_DELIVERED, at most every 500 ms): read both again at
        // the later one's sequence until they name the same, as members of one log must.
        for (int tries = 0; tries < 50 && applied[follower] != applied[other]; tries++)
        {
            final long upTo = Math.max(applied[follower], applied[other]);
            for (final int survivor : List.of(follower, other))
            {
                applied[survivor] = appliedSequence(readAt(clients.get(survivor), upTo));
            }
        }
        assertEquals(applied[follower], applied[other], "the survivors applied the same commands");

        // The Idempotency-Key of a write the dead leader acknowledged, retried on a survivor: the
        // replicated engine has its fingerprint, not the survivor's memory.
        final Client.Response same = clients.get(follower).post("/v1/movements",
            ReceiptWriters.body(writers.sent().get(keyOnLeader)), keyOnLeader);
        assertEquals(200, same.status(), same.body().toString());
        assertTrue(same.body().path("replayed").asBoolean(), same.body().toString());
        final Client.Response different = clients.get(other).post("/v1/movements", ReceiptWriters.body(99), keyOnLeader);
        assertEquals(422, different.status(), different.body().toString());
        assertEquals("IDEMPOTENCY_KEY_REUSED", different.code());
        assertEquals(sent + 1, readAt(clients.get(other), last).body().at("/position/onHand").asLong(),
            "the refused retry changed nothing");

        // Two of three down: no quorum. A write waits for a leader, then 503 NO_LEADER (outcome unknown).
        final int lone = newLeader == follower ? other : follower;
        daemons.get(newLeader).kill9();
        await("/ready 503 on the lone member", 20, () -> !ready(clients.get(lone)));
        final long start = System.nanoTime();
        final Client.Response noLeader = clients.get(lone).post("/v1/movements", ReceiptWriters.body(1), "no-quorum");
        final long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(503, noLeader.status(), noLeader.body().toString());
        assertEquals("NO_LEADER", noLeader.code());
        assertEquals(906, noLeader.body().at("/error/reasonCode").asInt());
        assertTrue(noLeader.raw().headers().firstValue("Retry-After").isPresent());
        assertTrue(waitedMillis >= 2_500 && waitedMillis < 10_000, "waited " + waitedMillis +
            " ms: about cluster.no-leader-timeout-ms, below http.engine-timeout-ms");
        // Reads go on from the lone replica.
        assertEquals(sent + 1, clients.get(lone).get("/v1/positions/S1/TEA").body().at("/position/onHand").asLong());
        // The key and webhook routes write through the cluster too: the same NO_LEADER, not a hang or a 500.
        final Client c = clients.get(lone);
        for (final java.net.http.HttpRequest change : List.of(
            c.base("/v1/admin/keys").header("Content-Type", "application/json").POST(json(keyBody("pos-9"))).build(),
            c.base("/v1/admin/keys/pos-3").DELETE().build(),
            c.base("/v1/admin/webhooks").header("Content-Type", "application/json").POST(json("{\"url\":\"" + receiver.url("/other") +
                "\",\"kinds\":[\"STOCK_CHANGED\"]}")).build(),
            c.base("/v1/admin/webhooks/" + hookId + "/rotate-secret")
                .header("Content-Type", "application/json").POST(json("{}")).build(),
            c.base("/v1/admin/webhooks/" + hookId).DELETE().build()))
        {
            final long asked = System.nanoTime();
            final Client.Response r = c.send(change);
            final long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
            assertEquals(503, r.status(), change + ": " + r.raw().body());
            assertEquals("NO_LEADER", r.code(), change + ": " + r.raw().body());
            assertEquals(906, r.body().at("/error/reasonCode").asInt(), change + ": " + r.raw().body());
            assertTrue(r.raw().headers().firstValue("Retry-After").isPresent(), change.toString());
            assertTrue(tookMillis < 10_000, change + " took " + tookMillis + " ms");
        }
        assertEquals(200, c.get("/v1/admin/keys").status(), "the key listing reads the replica");
        assertEquals(hookId, c.get("/v1/admin/webhooks/" + hookId).body().path("id").asText(),
            "the subscription, unchanged by the refused changes");

        // The first leader restarts from its own disk: a quorum again. It is ready once it has a leader
        // and has caught up with what the cluster committed while it was dead; the write refused for
        // want of a leader, retried with its key, is applied once and read back on the restarted member.
        daemons.get(leader).start();
        final Client.Response retried = clients.get(lone).post("/v1/movements", ReceiptWriters.body(1), "no-quorum");
        final long resumed = sequenceOf(retried);
        final Client.Response restarted = readAt(clients.get(leader), resumed);
        assertEquals(sent + 2, restarted.body().at("/position/onHand").asLong(), restarted.body().toString());
        assertTrue(clients.get(leader).get("/health").body().at("/cluster/caughtUp").asBoolean());
        // The restarted member has the keys changed while it was dead.
        awaitKey(daemons.get(leader), pos3, 200);
        assertEquals("2099-01-31T00:00:00Z", clients.get(leader).get("/v1/admin/keys/lasting").body()
            .path("expiresAt").asText(), "the expiry on the restarted member");
        awaitKey(daemons.get(leader), pos2, 401);
        assertEquals(401, new Client(daemons.get(leader), pos1).get("/v1/positions/S1/TEA").status());
        System.out.println("ClusterModeIT: failover to /ready on both survivors in " + failoverMillis + " ms, " +
            writers.sent().size() + " keyed writes, " + writers.acknowledged().size() + " acknowledged");
    }

    /** @return the cluster's one admin key, once a member has written it; no other member writes one. */
    static String clusterAdminKey(final List<DaemonProcess> daemons) throws Exception
    {
        await("a member writes the cluster's admin key", 30, () -> daemons.stream().anyMatch(DaemonProcess::hasAdminKey));
        // The others' proposals of the same fixed command id come back duplicates: give them time to.
        Thread.sleep(1_000);
        final List<DaemonProcess> holders = daemons.stream().filter(DaemonProcess::hasAdminKey).toList();
        assertEquals(1, holders.size(), "one admin key per cluster");
        return holders.get(0).adminKey();
    }

    private static long delivered(final Client client, final String hookId)
    {
        try
        {
            return client.get("/v1/admin/webhooks/" + hookId).body().path("delivered").asLong();
        }
        catch (final Exception e)
        {
            return -1;
        }
    }

    private static java.net.http.HttpRequest.BodyPublisher json(final String body)
    {
        return java.net.http.HttpRequest.BodyPublishers.ofString(body);
    }

    private static String keyBody(final String name)
    {
        return "{\"name\":\"" + name + "\",\"scopes\":[\"stock\",\"availability\"]}";
    }

    private static String createKey(final Client admin, final String name) throws Exception
    {
        final Client.Response created = admin.post("/v1/admin/keys", keyBody(name));
        assertEquals(201, created.status(), created.body().toString());
        return created.body().path("key").asText();
    }

    /** Waits until {@code key} gets {@code status} on a read at {@code daemon} (its replica applies key changes in log order). */
    private static void awaitKey(final DaemonProcess daemon, final String key, final int status) throws Exception
    {
        final Client client = new Client(daemon, key);
        await("key answered " + status + " at " + daemon, 15, () ->
        {
            try
            {
                return client.get("/v1/positions/S1/TEA").status() == status;
            }
            catch (final Exception e)
            {
                return false;
            }
        });
    }

    static Map<String, String> settings(final int id, final String members)
    {
        final Map<String, String> env = new HashMap<>();
        env.put("OMNISTOCK_ENGINE_MODE", "cluster");
        env.put("OMNISTOCK_CLUSTER_MEMBER_ID", Integer.toString(id));
        env.put("OMNISTOCK_CLUSTER_MEMBERS", members);
        env.put("OMNISTOCK_CLUSTER_LEADER_HEARTBEAT_TIMEOUT_MS", "2000");
        env.put("OMNISTOCK_CLUSTER_LEADER_HEARTBEAT_INTERVAL_MS", "200");
        env.put("OMNISTOCK_CLUSTER_ELECTION_TIMEOUT_MS", "1000");
        env.put("OMNISTOCK_CLUSTER_STARTUP_CANVASS_TIMEOUT_MS", "20000");
        env.put("OMNISTOCK_CLUSTER_NO_LEADER_TIMEOUT_MS", "3000");
        env.put("OMNISTOCK_CLUSTER_READ_WAIT_MS", "500");
        env.put("OMNISTOCK_HTTP_WORKER_THREADS", "4");
        env.put("OMNISTOCK_SNAPSHOT_INTERVAL_SECONDS", "3");
        env.put("OMNISTOCK_WEBHOOKS_ALLOW_TARGETS", "127.0.0.0/8");
        return env;
    }

    private static double metricOf(final Client client, final String series)
    {
        try
        {
            return PeriodicSnapshotIT.metric(client, series);
        }
        catch (final Exception e)
        {
            throw new AssertionError(e);
        }
    }

    private static Client.Response readAt(final Client client, final long minSequence) throws Exception
    {
        return client.send(client.base("/v1/positions/S1/TEA").header(MIN, Long.toString(minSequence)).GET().build());
    }

    private static long appliedSequence(final Client.Response r)
    {
        return Long.parseLong(r.raw().headers().firstValue(APPLIED).orElseThrow());
    }

    private static long sequenceOf(final Client.Response r)
    {
        // 201 for a creation (a channel), 200 for the other writes.
        assertTrue(r.status() == 200 || r.status() == 201, r.status() + " " + r.body());
        final long sequence = r.body().path("sequence").asLong(0);
        assertTrue(sequence > 0, "a write's answer carries its sequence: " + r.body());
        return sequence;
    }

    static int leaderOf(final Client c) throws Exception
    {
        return c.get("/health").body().at("/cluster/leaderMemberId").asInt(-1);
    }

    private static boolean newLeader(final Client c, final int old)
    {
        try
        {
            final int leader = leaderOf(c);
            return leader >= 0 && leader != old;
        }
        catch (final Exception e)
        {
            return false;
        }
    }

    private static boolean ready(final Client c)
    {
        try
        {
            return c.send(c.base("/ready").GET().build()).status() == 200;
        }
        catch (final Exception e)
        {
            return false;
        }
    }

    static void await(final String what, final int seconds, final BooleanSupplier condition)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("no " + what + " within " + seconds + " s");
            }
            Thread.sleep(50);
        }
    }
}

package io.omnistock.daemon.e2e;

import io.omnistock.cluster.ClusterNodeConfig;
import io.omnistock.daemon.http.ApiKeyStore;
import io.omnistock.daemon.http.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The event stream and the feeds of a follower in cluster mode: three daemons, writes sent through
 * the leader, subscribers on a follower. The follower's {@code /v1/events} carries every write's
 * events in journal order, the same (ids and data) as another member's stream; killed (SIGKILL) and
 * restarted, the follower resumes a stream from its {@code Last-Event-ID} with nothing missed or
 * repeated, writes made while it was down included; its availability feed and store-level feed
 * follow the writes before and after the restart. The members start as upgraded from embedded mode:
 * the same {@code api-keys.conf} and {@code webhooks.json} in each data directory, proposed once.
 */
class ClusterEventsIT
{
    private final List<DaemonProcess> daemons = new ArrayList<>();
    private final List<Stream> streams = new ArrayList<>();
    private WebhookReceiver receiver;

    @AfterEach
    void stop() throws Exception
    {
        streams.forEach(Stream::close);
        if (receiver != null)
        {
            receiver.close();
        }
        for (final DaemonProcess d : daemons)
        {
            d.close();
        }
    }

    private static int status(final Client client, final String path)
    {
        try
        {
            return client.get(path).status();
        }
        catch (final Exception e)
        {
            return -1;
        }
    }

    @Test
    void aFollowersStreamAndFeedsCarryWritesThroughAnotherMemberAndResumeAfterItsRestart(@TempDir final Path dir)
        throws Exception
    {
        // Members upgraded from per-member keys: each data directory holds the same api-keys.conf (an
        // admin key and a channel-less reader). Each member proposes them once at its first start in
        // cluster mode, so they work on every member and no new admin key is made.
        final Path keys = java.nio.file.Files.createDirectories(dir.resolve("keys"));
        final ApiKeyStore conf = ApiKeyStore.open(keys);
        final String legacy = conf.add("legacy-reader", null, java.util.Set.of(Scope.AVAILABILITY), 0);
        final String admin = java.nio.file.Files.readString(keys.resolve(ApiKeyStore.ADMIN_KEY_FILE)).trim();
        // And from per-member webhooks: each holds the same webhooks.json (one subscription, its
        // secret, a cursor of the embedded journal far past anything the cluster will have).
        receiver = new WebhookReceiver();
        final String members = ClusterNodeConfig.freeLoopbackMembers(3);
        for (int id = 0; id < 3; id++)
        {
            final Path data = java.nio.file.Files.createDirectories(dir.resolve("member-" + id));
            java.nio.file.Files.copy(keys.resolve(ApiKeyStore.KEYS_FILE), data.resolve(ApiKeyStore.KEYS_FILE));
            java.nio.file.Files.writeString(data.resolve("webhooks.json"), webhooksJson(
                subscription(MIGRATED, receiver.url("/migrated"), MIGRATED_SECRET)));
            final Map<String, String> env = ClusterModeIT.settings(id, members);
            env.put("OMNISTOCK_FEEDS_INTERVAL_MS", "50");
            daemons.add(new DaemonProcess(dir.resolve("member-" + id), env).jvmFlags("-Xmx256m").startWithoutWaiting());
        }
        for (final DaemonProcess d : daemons)
        {
            d.awaitReady();
        }
        final List<Client> clients = new ArrayList<>();
        for (final DaemonProcess d : daemons)
        {
            clients.add(new Client(d, admin));
        }
        for (int id = 0; id < 3; id++)
        {
            final Client reader = new Client(daemons.get(id), legacy);
            ClusterModeIT.await("the proposed keys working on member " + id, 20, () -> status(reader, "/v1/skus") == 200);
            assertEquals(403, reader.post("/v1/skus", "{\"code\":\"NOPE\"}").status(), "the key's own scopes");
            assertEquals(200, clients.get(id).get("/v1/admin/keys").status(), "the conf's admin key, on member " + id);
            // The keys can work here before this member's own proposal of them is decided (another
            // member's, replicated, got there first); the marker follows once its own is.
            final java.nio.file.Path marker = dir.resolve("member-" + id).resolve("api-keys.conf.proposed");
            ClusterModeIT.await("member " + id + "'s own proposal of its keys decided", 20,
                () -> java.nio.file.Files.exists(marker));
            assertTrue(!daemons.get(id).hasAdminKey(), "member " + id + " made no admin key of its own");
        }
        for (int id = 0; id < 3; id++)
        {
            final Client c = clients.get(id);
            ClusterModeIT.await("the migrated subscription on member " + id, 20, () -> status(c, "/v1/admin/webhooks/" +
                MIGRATED) == 200);
            assertTrue(java.nio.file.Files.exists(dir.resolve("member-" + id).resolve("webhooks.json.proposed")));
        }
        // Three members proposed the same subscription under one command id: the cluster applied one.
        ClusterModeIT.await("every member's proposal decided", 20, () -> logsContaining(MIGRATED +
            " of webhooks.json proposed to the cluster (applied") == 3);
        assertEquals(1, logsContaining(MIGRATED + " of webhooks.json proposed to the cluster (applied)"),
            "one proposal applied, the others answered as duplicates of it");
        final int leader = ClusterModeIT.leaderOf(clients.get(0));
        final int follower = (leader + 1) % 3;
        final int other = (leader + 2) % 3;
        final Client writer = clients.get(leader);
        writer.ok("/v1/locations", "{\"code\":\"S1\",\"tier\":\"store\",\"lat\":31.2,\"lon\":121.4}");
        writer.ok("/v1/skus", "{\"code\":\"TEA\"}");
        // The follower knows the SKU before its feeds name it.
        final long first = receive(writer, 1, "r-0");
        // The migrated subscription delivers the cluster's events from its proposal on (its embedded
        // cursor is not carried over), signed with the secret its receiver already has.
        ClusterModeIT.await("the migrated subscription's delivery", 20, () -> receiver.acknowledged("/migrated")
            .contains(first));
        assertTrue(WebhooksIT.signedWith(receiver.at("/migrated").get(0), MIGRATED_SECRET));

        final Stream events = open(clients.get(follower), "/v1/events?from=0", null);
        final Stream reference = open(clients.get(other), "/v1/events?from=0", null);
        final Stream levels = open(clients.get(follower), "/v1/stores/S1/levels?skus=TEA", null);
        final Stream availability = open(clients.get(follower), "/v1/availability-feed?skus=TEA", null);
        // A feed subscribes before it answers 200: once every response is in, nothing written after is missed.
        ClusterModeIT.await("the streams to start", 20, () -> streams.stream().allMatch(Stream::connected));
        ClusterModeIT.await("the follower's availability feed to greet", 20, () -> !availability.events.isEmpty());
        for (int i = 1; i <= 20; i++)
        {
            receive(writer, 1, "r-" + i);
        }
        // Availability is republished on a move of 10 % (feeds.change-percent): a jump the feed must carry.
        final long beforeRestart = receive(writer, 100, "r-big");
        ClusterModeIT.await("the follower's stream to reach sequence " + beforeRestart, 30,
            () -> events.reached(beforeRestart) && reference.reached(beforeRestart));
        assertJournalOrder(events.events);
        assertEquals(reference.upTo(beforeRestart), events.upTo(beforeRestart),
            "a follower's stream is the same as another member's");
        assertEquals(22, events.upTo(beforeRestart).stream().filter(e -> e.kind().equals("STOCK_CHANGED")).count(),
            "one STOCK_CHANGED per receipt: " + events.events);
        awaitFeed(levels, "\"onHand\":121,");
        awaitFeed(availability, "\"available\":121,");

        // The follower dies; writes go on through the leader; it restarts from its disk.
        streams.forEach(Stream::close);
        daemons.get(follower).kill9();
        // Its directory then holds another webhooks.json, not proposed yet (an operator's restored copy):
        // the migrated id with another URL, skipped since the id is taken with other content, and a new one.
        final Path followerData = dir.resolve("member-" + follower);
        java.nio.file.Files.delete(followerData.resolve("webhooks.json.proposed"));
        java.nio.file.Files.writeString(followerData.resolve("webhooks.json"), webhooksJson(
            subscription(MIGRATED, receiver.url("/elsewhere"), MIGRATED_SECRET) + "," +
            subscription(ADDED, receiver.url("/added"), MIGRATED_SECRET.replace('a', 'b'))));
        final String lastSeen = events.events.get(events.events.size() - 1).id();
        for (int i = 21; i <= 30; i++)
        {
            receive(writer, 1, "r-" + i);
        }
        daemons.get(follower).start();
        for (final Client c : List.of(clients.get(leader), clients.get(other)))
        {
            ClusterModeIT.await("the restarted member's new subscription", 60, () -> status(c, "/v1/admin/webhooks/" +
                ADDED) == 200);
            assertEquals(receiver.url("/migrated"), c.get("/v1/admin/webhooks/" + MIGRATED).body().path("url").asText(),
                "the id taken with other content was skipped");
        }
        assertTrue(daemons.get(follower).log().contains("webhook " + MIGRATED + " of webhooks.json not taken by the " +
            "cluster: DUPLICATE_WEBHOOK"), "the skip is logged");
        final long afterRestart = receive(writer, 1, "r-31");
        final Stream resumed = open(clients.get(follower), "/v1/events", lastSeen);
        final Stream referenceAgain = open(clients.get(other), "/v1/events?from=0", null);
        ClusterModeIT.await("the resumed stream to reach sequence " + afterRestart, 60,
            () -> resumed.reached(afterRestart) && referenceAgain.reached(afterRestart));
        final List<EventStreamIT.Sse> joined = new ArrayList<>(events.events);
        joined.addAll(resumed.events);
        assertJournalOrder(joined);
        assertEquals(referenceAgain.upTo(afterRestart), upTo(joined, afterRestart),
            "the stream before the restart and the one resumed after it are together the other member's, " +
            "nothing missed or repeated");

        // The feeds on the restarted follower: the current figure first, then what follows.
        final Stream availabilityAgain = open(clients.get(follower), "/v1/availability-feed?skus=TEA", null);
        awaitFeed(availabilityAgain, "\"available\":132,");
        final Stream levelsAgain = open(clients.get(follower), "/v1/stores/S1/levels?skus=TEA", null);
        ClusterModeIT.await("the level feed to start", 20, levelsAgain::connected);
        receive(writer, 50, "r-32");
        awaitFeed(levelsAgain, "\"onHand\":182,");
        awaitFeed(availabilityAgain, "\"available\":182,");
    }

    private static final String MIGRATED = "wh_00c0ffee00c0ffee";
    private static final String ADDED = "wh_00000000000add3d";
    private static final String MIGRATED_SECRET = "whsec_" + "0a".repeat(24);

    private static String subscription(final String id, final String url, final String secret)
    {
        return "{\"id\":\"" + id + "\",\"url\":\"" + url + "\",\"kinds\":[\"STOCK_CHANGED\"],\"channel\":null," +
            "\"secret\":\"" + secret + "\",\"previousSecret\":null,\"previousSecretUntilMillis\":0," +
            "\"createdAtMillis\":1700000000000,\"cursor\":123456}";
    }

    private static String webhooksJson(final String subscriptions)
    {
        return "{\"format\":1,\"subscriptions\":[" + subscriptions + "]}";
    }

    private long logsContaining(final String text)
    {
        return daemons.stream().filter(d ->
        {
            try
            {
                return d.log().contains(text);
            }
            catch (final java.io.IOException e)
            {
                return false;
            }
        }).count();
    }

    private static void awaitFeed(final Stream feed, final String figure) throws InterruptedException
    {
        try
        {
            ClusterModeIT.await("the feed to publish " + figure, 20, () -> feed.lastData().contains(figure));
        }
        catch (final AssertionError e)
        {
            throw new AssertionError(e.getMessage() + "; it published " + feed.events, e);
        }
    }

    private static long receive(final Client writer, final int quantity, final String key) throws Exception
    {
        final Client.Response r = writer.post("/v1/movements",
            "{\"type\":\"receive\",\"location\":\"S1\",\"sku\":\"TEA\",\"quantity\":" + quantity + "}", key);
        assertEquals(200, r.status(), r.body().toString());
        return r.body().path("sequence").asLong();
    }

    /** Ids ({@code sequence:index}) strictly increasing: the journal's order. */
    private static void assertJournalOrder(final List<EventStreamIT.Sse> events)
    {
        for (int i = 1; i < events.size(); i++)
        {
            final long[] a = idOf(events.get(i - 1));
            final long[] b = idOf(events.get(i));
            assertTrue(a[0] < b[0] || (a[0] == b[0] && a[1] < b[1]), "out of order at " + i + ": " + events);
        }
    }

    private static long[] idOf(final EventStreamIT.Sse e)
    {
        final String[] parts = e.id().split(":");
        return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
    }

    private static List<EventStreamIT.Sse> upTo(final List<EventStreamIT.Sse> events, final long sequence)
    {
        return events.stream().filter(e -> idOf(e)[0] <= sequence).toList();
    }

    private Stream open(final Client client, final String path, final String lastEventId)
    {
        final Stream s = new Stream(client, path, lastEventId);
        streams.add(s);
        return s;
    }

    /** A Server-Sent Events response read on a thread of its own into {@link #events}, until closed. */
    private static final class Stream
    {
        final List<EventStreamIT.Sse> events = new CopyOnWriteArrayList<>();
        private final Thread thread;
        private volatile InputStream body;
        private volatile boolean closed;

        Stream(final Client client, final String path, final String lastEventId)
        {
            thread = new Thread(() -> read(client, path, lastEventId), "sse " + path);
            thread.setDaemon(true);
            thread.start();
        }

        private void read(final Client client, final String path, final String lastEventId)
        {
            try
            {
                final var request = client.base(path);
                if (lastEventId != null)
                {
                    request.header("Last-Event-ID", lastEventId);
                }
                final HttpResponse<InputStream> response = client.http().send(request.GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
                body = response.body();
                if (closed)
                {
                    body.close();
                }
                assertEquals(200, response.statusCode(), path);
                try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)))
                {
                    String id = null;
                    String kind = null;
                    for (String line; (line = in.readLine()) != null; )
                    {
                        if (line.startsWith("id: "))
                        {
                            id = line.substring(4);
                        }
                        else if (line.startsWith("event: "))
                        {
                            kind = line.substring(7);
                        }
                        else if (line.startsWith("data: "))
                        {
                            events.add(new EventStreamIT.Sse(id, kind, line.substring(6)));
                            id = null;
                        }
                    }
                }
            }
            catch (final Exception e)
            {
                if (!closed)
                {
                    events.add(new EventStreamIT.Sse(null, "FAILED", e.toString()));
                }
            }
        }

        /** @return whether the response's headers arrived (a feed has subscribed by then). */
        boolean connected()
        {
            return body != null;
        }

        boolean reached(final long sequence)
        {
            return events.stream().anyMatch(e -> e.id() != null && idOf(e)[0] >= sequence);
        }

        List<EventStreamIT.Sse> upTo(final long sequence)
        {
            return ClusterEventsIT.upTo(events, sequence);
        }

        String lastData()
        {
            return events.isEmpty() ? "" : events.get(events.size() - 1).data();
        }

        void close()
        {
            closed = true;
            final InputStream b = body;
            if (b != null)
            {
                try
                {
                    b.close();
                }
                catch (final java.io.IOException e)
                {
                    // Closing is all that is wanted.
                }
            }
            thread.interrupt();
        }
    }
}

package io.omnistock.daemon.http;

import io.omnistock.api.Command;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.ReasonCode;
import io.omnistock.cluster.ClusterMember;
import io.omnistock.core.apikey.ApiKeyTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cluster mode's API keys (docs/cluster.md, "Replicated API keys"): a view of the replica's key
 * table, so a key created or revoked through any member holds on every member. Creation and
 * revocation are writes through the cluster ({@code PUT_API_KEY}, {@code REVOKE_API_KEY}); only a
 * key's SHA-256 is journaled.
 *
 * <p>{@link #bootstrap} runs once a leader is known: it proposes the keys of this member's
 * {@code api-keys.conf} (once, at its first start in cluster mode), then, if the cluster has no
 * key at all, the cluster's first admin key under a fixed command id, so exactly one member's
 * proposal is applied and only that member writes {@code admin.key}.
 */
public final class ReplicatedApiKeys implements ApiKeys
{
    /** The first admin key's command id, the same on every member: the idempotency window applies it once. */
    static final long FIRST_ADMIN_COMMAND_ID = 0x4F4D4E4941444D4EL;
    /** Left beside api-keys.conf once its keys were proposed: they are proposed once. */
    static final String PROPOSED_MARKER = ApiKeyStore.KEYS_FILE + ".proposed";
    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedApiKeys.class);
    private static final SecureRandom IDS = new SecureRandom();

    private final ClusterMember member;
    private final Duration timeout;
    /** Presented text to the key it was found as and its principal: a map lookup instead of a SHA-256 per request. */
    private final Map<String, Found> byPresented = new ConcurrentHashMap<>();

    private record Found(ApiKeyTable.ApiKey key, Principal principal)
    {
    }

    public ReplicatedApiKeys(final ClusterMember member, final Duration timeout)
    {
        this.member = member;
        this.timeout = timeout;
    }

    @Override
    public Principal authenticate(final String presented)
    {
        if (presented == null || presented.isEmpty())
        {
            return null;
        }
        final ApiKeyTable table = member.apiKeys();
        final Found cached = byPresented.get(presented);
        // A revocation replaces the table's record: the cached one is then no longer the table's.
        if (cached != null && table.byDigest(cached.key().digest()) == cached.key())
        {
            return cached.key().live(System.currentTimeMillis()) ? cached.principal() : null;
        }
        final ApiKeyTable.ApiKey key = table.byDigest(ApiKeyTable.Digest.of(ApiKeyStore.sha256(presented)));
        if (key == null)
        {
            byPresented.remove(presented);
            return null;
        }
        // Atomically, so two first uses of a key at once share one principal: a stream compares its
        // key's principal by identity to notice a revocation, and must not end for a twin.
        final Found found = byPresented.compute(presented, (text, old) -> old != null && old.key() == key ? old :
            new Found(key, principal(key)));
        return key.live(System.currentTimeMillis()) ? found.principal() : null;
    }

    @Override
    public String add(final String name, final String channel, final Set<Scope> scopes, final long expiresAtMillis)
    {
        ApiKeyStore.checkName(name);
        final String key = ApiKeyStore.newKey();
        final CommandResult r = submit(put(randomId(), name, key, channel, scopes, expiresAtMillis));
        if (r.reason() == ReasonCode.API_KEY_NAME_TAKEN)
        {
            throw new IllegalStateException("a key named '" + name + "' exists, or existed (a revoked key's name stays taken)");
        }
        if (r.reason() == ReasonCode.INVALID_API_KEY_EXPIRY)
        {
            // The daemon checked it against its clock; the cluster's time of the command was later.
            throw ApiError.badRequest(ReasonCode.INVALID_API_KEY_EXPIRY.name(), "the expiry is not after the " +
                "cluster's time of the command: " + r.reason().message());
        }
        refuseUnlessOk(r);
        return key;
    }

    @Override
    public boolean remove(final String name)
    {
        final CommandResult r = submit(Commands.revokeApiKey(randomId(), name));
        if (r.reason() == ReasonCode.UNKNOWN_API_KEY || r.reason() == ReasonCode.API_KEY_REVOKED)
        {
            return false;
        }
        refuseUnlessOk(r);
        return true;
    }

    @Override
    public List<Principal> list()
    {
        final List<Principal> keys = new ArrayList<>();
        for (final ApiKeyTable.ApiKey key : member.apiKeys().keys())
        {
            if (!key.revoked())
            {
                keys.add(principal(key));
            }
        }
        return keys;
    }

    /**
     * Proposes this member's {@code api-keys.conf} keys (once) and, while the cluster has no key, its
     * first admin key. Blocks until done: run it on a thread of its own. A write the cluster does
     * not take for want of a leader is retried with the same command id.
     */
    public void bootstrap(final Path dataDir) throws InterruptedException, IOException
    {
        final Path conf = dataDir.resolve(ApiKeyStore.KEYS_FILE);
        if (Files.exists(conf) && !Files.exists(dataDir.resolve(PROPOSED_MARKER)))
        {
            proposeConfKeys(ApiKeyStore.read(dataDir));
            Files.writeString(dataDir.resolve(PROPOSED_MARKER), "the keys of " + ApiKeyStore.KEYS_FILE +
                " were proposed to the cluster; they are now in its replicated key table\n", StandardCharsets.UTF_8);
        }
        if (member.apiKeys().count() == 0)
        {
            createFirstAdminKey(dataDir);
        }
    }

    private void proposeConfKeys(final ApiKeyStore conf) throws InterruptedException
    {
        for (final Map.Entry<String, Map.Entry<String, Principal>> e : conf.entries().entrySet())
        {
            final String name = e.getKey();
            final byte[] digest = HexFormat.of().parseHex(e.getValue().getKey());
            final Principal p = e.getValue().getValue();
            final int channel = p.channel() == null ? -1 : member.channelId(p.channel());
            if (p.channel() != null && channel < 0)
            {
                LOG.warn("api key '{}' of {} not proposed: its channel '{}' is not defined in the cluster", name,
                    ApiKeyStore.KEYS_FILE, p.channel());
                continue;
            }
            // The id follows from the name and digest: two members proposing the same key apply it once.
            final long id = idOf(name, digest);
            final ApiKeyTable.Digest d = ApiKeyTable.Digest.of(digest);
            final CommandResult r = untilDecided(Commands.putApiKey(id, name, d.w0(), d.w1(), d.w2(), d.w3(),
                Scope.bits(p.scopes()), channel, p.expiresAtMillis()));
            if (r.reason() == ReasonCode.OK || r.originalReason() == ReasonCode.OK)
            {
                LOG.info("api key '{}' of {} proposed to the cluster", name, ApiKeyStore.KEYS_FILE);
            }
            else
            {
                LOG.warn("api key '{}' of {} not taken by the cluster: {} (a key of that name, or with that digest, " +
                    "is there already, or the key has expired)", name, ApiKeyStore.KEYS_FILE, r.originalReason());
            }
        }
    }

    private void createFirstAdminKey(final Path dataDir) throws InterruptedException, IOException
    {
        final String key = ApiKeyStore.newKey();
        // Written before the proposal: a member killed after the cluster applied it still has the key.
        final Path pending = dataDir.resolve(ApiKeyStore.ADMIN_KEY_FILE + ".pending");
        Files.writeString(pending, key + "\n", StandardCharsets.UTF_8);
        ApiKeyStore.ownerOnly(pending);
        final CommandResult r = untilDecided(put(FIRST_ADMIN_COMMAND_ID, "admin", key, null, Set.of(Scope.ADMIN), 0));
        if (r.reason() == ReasonCode.OK)
        {
            Files.move(pending, dataDir.resolve(ApiKeyStore.ADMIN_KEY_FILE), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
            LOG.info("the cluster's first admin key is in {}", dataDir.resolve(ApiKeyStore.ADMIN_KEY_FILE));
            return;
        }
        Files.delete(pending);
        LOG.info("the cluster's first admin key was created by another member: it is in that member's {} " +
            "(its data directory); this member has none of its own ({})", ApiKeyStore.ADMIN_KEY_FILE, r.reason());
    }

    private Command put(final long id, final String name, final String key, final String channel, final Set<Scope> scopes,
        final long expiresAtMillis)
    {
        final int channelId = channel == null ? -1 : member.channelId(channel);
        final ApiKeyTable.Digest d = ApiKeyTable.Digest.of(ApiKeyStore.sha256(key));
        return Commands.putApiKey(id, name, d.w0(), d.w1(), d.w2(), d.w3(), Scope.bits(scopes), channelId,
            expiresAtMillis);
    }

    /** Submits through the cluster and waits until this replica applied the answer, so this member reads it at once. */
    private CommandResult submit(final Command command)
    {
        return ClusterDecisions.decide(member, command, timeout);
    }

    private CommandResult untilDecided(final Command command) throws InterruptedException
    {
        return ClusterDecisions.untilDecided(member, command, timeout);
    }

    private static void refuseUnlessOk(final CommandResult r)
    {
        if (r.reason() != ReasonCode.OK)
        {
            throw new ApiError(422, r.reason().name(), r.reason().message());
        }
    }

    private Principal principal(final ApiKeyTable.ApiKey key)
    {
        return new Principal(key.name(), key.channel() < 0 ? null : member.channelCode(key.channel()),
            Scope.ofBits(key.scopes()), key.expiresAtMillis());
    }

    private static long randomId()
    {
        long id;
        do
        {
            id = IDS.nextLong();
        }
        while (id == 0 || id == FIRST_ADMIN_COMMAND_ID);
        return id;
    }

    private static long idOf(final String name, final byte[] digest)
    {
        final long h = ClusterDecisions.derivedId(name.getBytes(StandardCharsets.UTF_8), digest);
        return h == FIRST_ADMIN_COMMAND_ID ? 1 : h;
    }
}

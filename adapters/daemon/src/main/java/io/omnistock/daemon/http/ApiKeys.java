package io.omnistock.daemon.http;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * The daemon's API keys: {@link ApiKeyStore} (embedded mode, {@code api-keys.conf}) or
 * {@link ReplicatedApiKeys} (cluster mode, the replica's key table). An authenticated key's
 * principal is the same object while the key is unchanged, so a stream can tell its key was revoked.
 */
public interface ApiKeys
{
    /** @return the principal of a presented key, or null if it is not a live key of ours. */
    Principal authenticate(String presented);

    /**
     * Creates a key.
     *
     * @param expiresAtMillis when it stops working (epoch ms), or 0 for never; the caller checked
     *                        it is in the future.
     * @return the key, to hand to its owner; it cannot be recovered later.
     * @throws IllegalArgumentException on a bad name.
     * @throws IllegalStateException on a taken name.
     */
    String add(String name, String channel, Set<Scope> scopes, long expiresAtMillis) throws IOException;

    /** Revokes a key by name. @return whether a live key of that name existed. */
    boolean remove(String name) throws IOException;

    /** @return the keys not revoked, expired ones included (their names stay taken): names, channels, scopes, expiry; no digests. */
    List<Principal> list();
}

package io.omnistock.daemon.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * API keys, kept as SHA-256 digests in {@code api-keys.conf} under the data directory: the keys
 * themselves are shown once, when created, and never stored or logged. On first start an admin
 * key is generated and written to {@code admin.key} (readable by the owner only).
 *
 * <p>File format, one key per line: {@code name sha256-hex channel-or-dash scope,scope}.
 */
public final class ApiKeyStore
{
    public static final String KEYS_FILE = "api-keys.conf";
    public static final String ADMIN_KEY_FILE = "admin.key";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final Path file;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Principal> byDigest = new ConcurrentHashMap<>();
    private final Map<String, String> digestByName = new ConcurrentHashMap<>();

    private ApiKeyStore(final Path file)
    {
        this.file = file;
    }

    /**
     * Opens the store under {@code dataDir}, creating it with an admin key on first start.
     *
     * @return the store; {@link #createdAdminKey()} tells whether an admin key was just written.
     */
    public static ApiKeyStore open(final Path dataDir) throws IOException
    {
        final ApiKeyStore store = new ApiKeyStore(dataDir.resolve(KEYS_FILE));
        if (Files.exists(store.file))
        {
            store.read();
        }
        else
        {
            final String key = store.add("admin", null, Set.of(Scope.ADMIN));
            final Path keyFile = dataDir.resolve(ADMIN_KEY_FILE);
            Files.writeString(keyFile, key + "\n", StandardCharsets.UTF_8);
            ownerOnly(keyFile);
        }
        return store;
    }

    /** @return the principal of a presented key, or null if it is not a key of ours. */
    public Principal authenticate(final String presented)
    {
        return presented == null || presented.isEmpty() ? null : byDigest.get(digest(presented));
    }

    /**
     * Creates a key and persists its digest.
     *
     * @return the key, to hand to its owner; it cannot be recovered later.
     * @throws IllegalArgumentException on a bad or taken name.
     */
    public synchronized String add(final String name, final String channel, final Set<Scope> scopes) throws IOException
    {
        if (name == null || !NAME.matcher(name).matches())
        {
            throw new IllegalArgumentException("a key name is 1 to 64 of A-Z a-z 0-9 . _ -");
        }
        if (digestByName.containsKey(name))
        {
            throw new IllegalArgumentException("a key named '" + name + "' exists");
        }
        if (scopes.isEmpty())
        {
            throw new IllegalArgumentException("a key needs at least one scope");
        }
        final byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        final String key = "osk_" + HexFormat.of().formatHex(bytes);
        final String digest = digest(key);
        byDigest.put(digest, new Principal(name, channel, scopes));
        digestByName.put(name, digest);
        write();
        return key;
    }

    /** Revokes a key by name. @return whether it existed. */
    public synchronized boolean remove(final String name) throws IOException
    {
        final String digest = digestByName.remove(name);
        if (digest == null)
        {
            return false;
        }
        byDigest.remove(digest);
        write();
        return true;
    }

    /** @return the keys' names, channels and scopes (no digests). */
    public List<Principal> list()
    {
        return new ArrayList<>(byDigest.values());
    }

    private void read() throws IOException
    {
        int lineNo = 0;
        for (final String raw : Files.readAllLines(file, StandardCharsets.UTF_8))
        {
            lineNo++;
            final String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#"))
            {
                continue;
            }
            final String[] f = line.split("\\s+");
            if (f.length != 4 || f[1].length() != 64)
            {
                throw new IOException(file + " line " + lineNo + ": expected 'name sha256 channel|- scopes'");
            }
            final Set<Scope> scopes;
            try
            {
                scopes = Scope.parse(Arrays.asList(f[3].split(",")));
            }
            catch (final IllegalArgumentException e)
            {
                throw new IOException(file + " line " + lineNo + ": " + e.getMessage());
            }
            byDigest.put(f[1], new Principal(f[0], f[2].equals("-") ? null : f[2], scopes));
            digestByName.put(f[0], f[1]);
        }
    }

    private void write() throws IOException
    {
        final StringBuilder out = new StringBuilder("# omnistock API keys: name sha256(key) channel|- scopes\n");
        digestByName.forEach((name, digest) ->
        {
            final Principal p = byDigest.get(digest);
            out.append(name).append(' ').append(digest).append(' ').append(p.channel() == null ? "-" : p.channel())
                .append(' ').append(String.join(",", p.scopes().stream().map(Scope::wireName).sorted().toList()))
                .append('\n');
        });
        final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, out, StandardCharsets.UTF_8);
        ownerOnly(tmp);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void ownerOnly(final Path path) throws IOException
    {
        try
        {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        }
        catch (final UnsupportedOperationException e)
        {
            // Not a POSIX file system: the platform's defaults apply.
        }
    }

    static String digest(final String key)
    {
        try
        {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        }
        catch (final NoSuchAlgorithmException e)
        {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

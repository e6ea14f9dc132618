package io.omnistock.daemon.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
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
 * <p>File format, one key per line: {@code name sha256-hex channel scope,scope expiry}, the channel
 * percent-encoded (UTF-8, every byte but {@code A-Z a-z 0-9 . _ ~}) or {@code -} for none, the
 * expiry an ISO-8601 instant or {@code -} for never. Encoding keeps a channel with spaces in one
 * field and a channel coded {@code -} apart from no channel. Files of format 2 (no expiry field)
 * and of the first format (no header, the channel raw) are still read. A build before format 3
 * refuses a format 3 file at start (the fifth field) rather than misreading it.
 */
public final class ApiKeyStore implements ApiKeys
{
    public static final String KEYS_FILE = "api-keys.conf";
    public static final String ADMIN_KEY_FILE = "admin.key";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String FORMAT_2 = "# omnistock API keys, format 2";
    private static final String FORMAT_3 = "# omnistock API keys, format 3";
    private static final String NEVER = "-";
    private static final String NO_CHANNEL = "-";

    private final Path file;
    private final Map<String, Principal> byDigest = new ConcurrentHashMap<>();
    private final Map<String, String> digestByName = new ConcurrentHashMap<>();
    /**
     * Keys presented and found, by their text, so a request costs a map lookup instead of a
     * SHA-256 (3% of a request's CPU on the I/O path, docs/benchmarks.md run 21). Only our keys
     * enter, so it holds at most the keys used since start; a revoked key's entry goes with it.
     */
    private final Map<String, Principal> byPresented = new ConcurrentHashMap<>();

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
            final String key = store.add("admin", null, Set.of(Scope.ADMIN), 0);
            final Path keyFile = dataDir.resolve(ADMIN_KEY_FILE);
            Files.writeString(keyFile, key + "\n", StandardCharsets.UTF_8);
            ownerOnly(keyFile);
        }
        return store;
    }

    @Override
    public Principal authenticate(final String presented)
    {
        if (presented == null || presented.isEmpty())
        {
            return null;
        }
        final long nowMillis = System.currentTimeMillis();
        final Principal known = byPresented.get(presented);
        if (known != null)
        {
            return known.expired(nowMillis) ? null : known;
        }
        final String digest = digest(presented);
        final Principal principal = byDigest.get(digest);
        if (principal != null)
        {
            byPresented.put(presented, principal);
            // A revocation between the lookup and the put has already swept the cache: undo the put.
            if (byDigest.get(digest) != principal)
            {
                byPresented.remove(presented, principal);
                return null;
            }
        }
        return principal == null || principal.expired(nowMillis) ? null : principal;
    }

    /** Creates a key and persists its digest. */
    @Override
    public synchronized String add(final String name, final String channel, final Set<Scope> scopes,
        final long expiresAtMillis) throws IOException
    {
        checkName(name);
        if (digestByName.containsKey(name))
        {
            throw new IllegalStateException("a key named '" + name + "' exists");
        }
        final String key = newKey();
        final String digest = digest(key);
        byDigest.put(digest, new Principal(name, channel, scopes, expiresAtMillis));
        digestByName.put(name, digest);
        write();
        return key;
    }

    @Override
    public synchronized boolean remove(final String name) throws IOException
    {
        final String digest = digestByName.remove(name);
        if (digest == null)
        {
            return false;
        }
        final Principal revoked = byDigest.remove(digest);
        // After byDigest: an authentication racing this either finds the key gone or is swept here.
        byPresented.values().removeIf(p -> p == revoked);
        write();
        return true;
    }

    @Override
    public List<Principal> list()
    {
        return new ArrayList<>(byDigest.values());
    }

    /** @return the keys as {@code api-keys.conf} holds them: name to SHA-256 (hex) and principal. */
    Map<String, Map.Entry<String, Principal>> entries()
    {
        final Map<String, Map.Entry<String, Principal>> entries = new java.util.TreeMap<>();
        digestByName.forEach((name, digest) -> entries.put(name, Map.entry(digest, byDigest.get(digest))));
        return entries;
    }

    /** Reads {@code api-keys.conf} under {@code dataDir} as it is, creating nothing. */
    static ApiKeyStore read(final Path dataDir) throws IOException
    {
        final ApiKeyStore store = new ApiKeyStore(dataDir.resolve(KEYS_FILE));
        store.read();
        return store;
    }

    /** @throws IllegalArgumentException unless the name is 1 to 64 of A-Z a-z 0-9 . _ - */
    static void checkName(final String name)
    {
        if (name == null || !NAME.matcher(name).matches())
        {
            throw new IllegalArgumentException("a key name is 1 to 64 of A-Z a-z 0-9 . _ -");
        }
    }

    /** @return a new key's text: osk_ and 24 random bytes in hex. */
    static String newKey()
    {
        final byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return "osk_" + HexFormat.of().formatHex(bytes);
    }

    private void read() throws IOException
    {
        final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        final boolean withExpiry = !lines.isEmpty() && lines.get(0).startsWith(FORMAT_3);
        final boolean encoded = withExpiry || (!lines.isEmpty() && lines.get(0).startsWith(FORMAT_2));
        final int fields = withExpiry ? 5 : 4;
        int lineNo = 0;
        for (final String raw : lines)
        {
            lineNo++;
            final String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#"))
            {
                continue;
            }
            final String[] f = line.split("\\s+");
            if (f.length < 4 || (encoded && f.length != fields) || f[1].length() != 64)
            {
                throw new IOException(file + " line " + lineNo + ": expected 'name sha256 channel|- scopes" +
                    (withExpiry ? " expiry|-'" : "'"));
            }
            final Set<Scope> scopes;
            final String channel;
            final long expiresAtMillis;
            try
            {
                scopes = Scope.parse(Arrays.asList((encoded ? f[3] : f[f.length - 1]).split(",")));
                channel = encoded ? decodeChannel(f[2]) : legacyChannel(raw, f);
                expiresAtMillis = withExpiry ? decodeExpiry(f[4]) : 0;
            }
            catch (final IllegalArgumentException | java.time.DateTimeException e)
            {
                throw new IOException(file + " line " + lineNo + ": " + e.getMessage());
            }
            byDigest.put(f[1], new Principal(f[0], channel, scopes, expiresAtMillis));
            digestByName.put(f[0], f[1]);
        }
    }

    /**
     * The first format wrote the channel raw between single spaces, so a channel with spaces is
     * the text between the digest and the scopes. Its "-" can only be read as no channel: a
     * channel coded "-" was written the same way.
     */
    private static String legacyChannel(final String raw, final String[] f)
    {
        if (f.length == 4)
        {
            return f[2].equals(NO_CHANNEL) ? null : f[2];
        }
        final String afterDigest = f[0] + ' ' + f[1] + ' ';
        final String beforeScopes = ' ' + f[f.length - 1];
        if (!raw.startsWith(afterDigest) || !raw.endsWith(beforeScopes))
        {
            throw new IllegalArgumentException("expected 'name sha256 channel|- scopes'");
        }
        return raw.substring(afterDigest.length(), raw.length() - beforeScopes.length());
    }

    private void write() throws IOException
    {
        final StringBuilder out = new StringBuilder(FORMAT_3)
            .append(": name sha256(key) channel|- scopes expiry|-, the channel percent-encoded UTF-8\n");
        digestByName.forEach((name, digest) ->
        {
            final Principal p = byDigest.get(digest);
            out.append(name).append(' ').append(digest).append(' ').append(encodeChannel(p.channel()))
                .append(' ').append(String.join(",", p.scopes().stream().map(Scope::wireName).sorted().toList()))
                .append(' ').append(p.expiresAtMillis() == 0 ? NEVER : Instant.ofEpochMilli(p.expiresAtMillis()))
                .append('\n');
        });
        final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, out, StandardCharsets.UTF_8);
        ownerOnly(tmp);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static long decodeExpiry(final String field)
    {
        if (field.equals(NEVER))
        {
            return 0;
        }
        final long millis = Instant.parse(field).toEpochMilli();
        if (millis <= 0)
        {
            throw new IllegalArgumentException("expiry '" + field + "' is not after 1970");
        }
        return millis;
    }

    /** @return the channel as one whitespace-free field that is never "-" unless there is no channel. */
    static String encodeChannel(final String channel)
    {
        if (channel == null)
        {
            return NO_CHANNEL;
        }
        final StringBuilder out = new StringBuilder();
        for (final byte b : channel.getBytes(StandardCharsets.UTF_8))
        {
            final char c = (char)(b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                c == '~')
            {
                out.append(c);
            }
            else
            {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }

    /** @throws IllegalArgumentException on a bad escape or bytes that are not UTF-8. */
    static String decodeChannel(final String field)
    {
        if (field.equals(NO_CHANNEL))
        {
            return null;
        }
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(field.length());
        for (int i = 0; i < field.length(); i++)
        {
            final char c = field.charAt(i);
            if (c == '%' && i + 3 <= field.length())
            {
                bytes.write(HexFormat.fromHexDigits(field, i + 1, i + 3));
                i += 2;
            }
            else if (c == '%' || c >= 0x80)
            {
                throw new IllegalArgumentException("channel '" + field + "' is not percent-encoded");
            }
            else
            {
                bytes.write(c);
            }
        }
        try
        {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        }
        catch (final CharacterCodingException e)
        {
            throw new IllegalArgumentException("channel '" + field + "' is not UTF-8 once decoded");
        }
    }

    /** Readable and writable by the daemon's user only (files holding keys or secrets). */
    public static void ownerOnly(final Path path) throws IOException
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
        return HexFormat.of().formatHex(sha256(key));
    }

    static byte[] sha256(final String key)
    {
        try
        {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        }
        catch (final NoSuchAlgorithmException e)
        {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

package io.omnistock.daemon.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Server-side request forgery checks for webhook targets. A target must be an absolute http(s) URL
 * without credentials, and every address its host resolves to must be a public one: loopback,
 * private (RFC 1918, IPv6 unique-local), link-local (169.254/16 holds cloud metadata services),
 * carrier-grade NAT, unspecified, multicast and reserved ranges are refused unless a configured
 * CIDR block ({@code webhooks.allow-targets}) holds the address. Checked when a subscription is
 * created and again before every delivery attempt, so a name that later resolves somewhere private
 * is refused then too.
 */
public final class TargetGuard
{
    /** Longest target URL accepted. */
    static final int MAX_URL_LENGTH = 2048;

    /** Name resolution, replaceable in tests. */
    @FunctionalInterface
    public interface Resolver
    {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A refused target: a reason code and a sentence naming what is wrong. */
    public static final class Refused extends Exception
    {
        private final String code;

        Refused(final String code, final String message)
        {
            super(message, null, false, false);
            this.code = code;
        }

        public String code()
        {
            return code;
        }
    }

    /** Ranges refused unless allow-listed, besides what {@link InetAddress}'s own tests name. */
    private static final List<Cidr> BLOCKED = List.of(
        Cidr.parse("0.0.0.0/8"), Cidr.parse("100.64.0.0/10"), Cidr.parse("192.0.0.0/24"), Cidr.parse("198.18.0.0/15"),
        Cidr.parse("240.0.0.0/4"), Cidr.parse("fc00::/7"), Cidr.parse("64:ff9b::/96"), Cidr.parse("2002::/16"));

    private final List<Cidr> allowed;
    private final Resolver resolver;

    /**
     * @param allowTargets comma-separated CIDR blocks that may be targets although private (e.g.
     *                     {@code 127.0.0.0/8,::1/128} for a receiver on this machine), or empty.
     * @throws IllegalArgumentException naming a block that is not one.
     */
    public TargetGuard(final String allowTargets, final Resolver resolver)
    {
        this.allowed = blocks(allowTargets);
        this.resolver = resolver;
    }

    /** @throws IllegalArgumentException naming a block of {@code allowTargets} that is not one. */
    public static void checkAllowList(final String allowTargets)
    {
        blocks(allowTargets);
    }

    private static List<Cidr> blocks(final String allowTargets)
    {
        final List<Cidr> blocks = new ArrayList<>();
        for (final String block : allowTargets.split(","))
        {
            if (!block.isBlank())
            {
                blocks.add(Cidr.parse(block.trim()));
            }
        }
        return List.copyOf(blocks);
    }

    /** @return the URL, checked for shape only (scheme, host, no credentials or fragment). */
    public static URI parse(final String url) throws Refused
    {
        if (url.length() > MAX_URL_LENGTH)
        {
            throw new Refused("INVALID_URL", "'url' is longer than " + MAX_URL_LENGTH + " characters");
        }
        final URI uri;
        try
        {
            uri = new URI(url);
        }
        catch (final URISyntaxException e)
        {
            throw new Refused("INVALID_URL", "'url' is not a URL: " + e.getMessage());
        }
        final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https"))
        {
            throw new Refused("INVALID_URL", "'url' must be an http or https URL, got '" + url + "'");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty())
        {
            throw new Refused("INVALID_URL", "'url' has no host: '" + url + "'");
        }
        if (uri.getRawUserInfo() != null)
        {
            // They would be sent to whoever answers and stored in plain text: the signature is the credential.
            throw new Refused("INVALID_URL", "'url' must not carry credentials (user:password@)");
        }
        if (uri.getRawFragment() != null)
        {
            throw new Refused("INVALID_URL", "'url' must not have a fragment (#...)");
        }
        return uri;
    }

    /** Checks the URL's shape and where its host resolves to now. */
    public void check(final URI uri) throws Refused
    {
        parse(uri.toString());
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]"))
        {
            host = host.substring(1, host.length() - 1);
        }
        final InetAddress[] addresses;
        try
        {
            addresses = resolver.resolve(host);
        }
        catch (final UnknownHostException e)
        {
            throw new Refused("UNRESOLVABLE_TARGET", "the host '" + host + "' does not resolve");
        }
        if (addresses.length == 0)
        {
            throw new Refused("UNRESOLVABLE_TARGET", "the host '" + host + "' does not resolve");
        }
        for (final InetAddress address : addresses)
        {
            // Every address, not the first: the client may connect to any of them.
            if (!isPublic(address) && allowed.stream().noneMatch(c -> c.contains(address)))
            {
                throw new Refused("FORBIDDEN_TARGET", "the host '" + host + "' resolves to " +
                    address.getHostAddress() + ", a loopback, private, link-local or reserved address; " +
                    "webhooks.allow-targets may allow-list it");
            }
        }
    }

    static boolean isPublic(final InetAddress a)
    {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() ||
            a.isMulticastAddress())
        {
            return false;
        }
        if (a instanceof Inet4Address && a.getAddress()[0] == (byte)255)
        {
            return false;
        }
        if (a instanceof Inet6Address six)
        {
            final InetAddress embedded = embeddedIpv4(six);
            if (embedded != null && !isPublic(embedded))
            {
                return false;
            }
        }
        return BLOCKED.stream().noneMatch(c -> c.contains(a));
    }

    /** @return the IPv4 address in an IPv4-compatible (::a.b.c.d) or -mapped IPv6 address, or null. */
    private static InetAddress embeddedIpv4(final Inet6Address six)
    {
        final byte[] b = six.getAddress();
        for (int i = 0; i < 10; i++)
        {
            if (b[i] != 0)
            {
                return null;
            }
        }
        final boolean mapped = b[10] == (byte)0xff && b[11] == (byte)0xff;
        if (!mapped && (b[10] != 0 || b[11] != 0))
        {
            return null;
        }
        try
        {
            return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
        }
        catch (final UnknownHostException e)
        {
            throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
    }

    /** A block of addresses, {@code address/prefix}. */
    record Cidr(byte[] network, int prefix)
    {
        static Cidr parse(final String text)
        {
            final int slash = text.indexOf('/');
            final String address = slash < 0 ? text : text.substring(0, slash);
            // Literals only: a name here would be looked up when the settings are read.
            if (!address.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*"))
            {
                throw new IllegalArgumentException("'" + text + "' is not a CIDR block such as 127.0.0.0/8 or ::1/128");
            }
            final byte[] network;
            try
            {
                network = InetAddress.getByName(address).getAddress();
            }
            catch (final UnknownHostException e)
            {
                throw new IllegalArgumentException("'" + text + "' is not a CIDR block such as 127.0.0.0/8 or ::1/128");
            }
            final int prefix;
            try
            {
                prefix = slash < 0 ? network.length * 8 : Integer.parseInt(text.substring(slash + 1));
            }
            catch (final NumberFormatException e)
            {
                throw new IllegalArgumentException("'" + text + "' has no prefix length after '/'");
            }
            if (prefix < 0 || prefix > network.length * 8)
            {
                throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + network.length * 8);
            }
            return new Cidr(network, prefix);
        }

        boolean contains(final InetAddress address)
        {
            final byte[] a = address.getAddress();
            if (a.length != network.length)
            {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++)
            {
                final int mask = 0x80 >>> (bit % 8);
                if ((a[bit / 8] & mask) != (network[bit / 8] & mask))
                {
                    return false;
                }
            }
            return true;
        }
    }
}

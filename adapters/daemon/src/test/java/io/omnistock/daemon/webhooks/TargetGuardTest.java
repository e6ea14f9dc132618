package io.omnistock.daemon.webhooks;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Server-side request forgery checks of webhook targets. */
class TargetGuardTest
{
    /** Literal addresses only: resolving them asks no name server. */
    private static final TargetGuard.Resolver LITERALS = InetAddress::getAllByName;

    private static String refusal(final TargetGuard guard, final String url)
    {
        return assertThrows(TargetGuard.Refused.class, () -> guard.check(TargetGuard.parse(url)), url).code();
    }

    @Test
    void refusesLoopbackPrivateLinkLocalAndReservedAddresses()
    {
        final TargetGuard guard = new TargetGuard("", LITERALS);
        for (final String host : List.of("127.0.0.1", "127.9.9.9", "10.1.2.3", "172.16.0.1", "172.31.255.255",
            "192.168.1.1", "169.254.169.254", "0.0.0.0", "100.64.0.1", "224.0.0.1", "255.255.255.255", "[::1]",
            "[::]", "[fe80::1]", "[fc00::1]", "[fd12:3456::1]", "[::ffff:127.0.0.1]", "[::ffff:10.0.0.1]",
            "[64:ff9b::a00:1]", "[::127.0.0.1]", "[::10.0.0.1]"))
        {
            assertEquals("FORBIDDEN_TARGET", refusal(guard, "http://" + host + ":8080/hook"), host);
        }
    }

    @Test
    void acceptsPublicAddresses() throws Exception
    {
        final TargetGuard guard = new TargetGuard("", LITERALS);
        for (final String url : List.of("https://93.184.216.34/hook", "http://8.8.8.8:9000/x?y=1", "https://[2606:4700::1]/h",
            "http://172.32.0.1/", "http://192.169.0.1/"))
        {
            guard.check(TargetGuard.parse(url));
        }
    }

    @Test
    void theAllowListLetsOnlyItsBlocksThrough() throws Exception
    {
        final TargetGuard guard = new TargetGuard("127.0.0.0/8, ::1/128", LITERALS);
        guard.check(TargetGuard.parse("http://127.0.0.1:1234/hook"));
        guard.check(TargetGuard.parse("http://[::1]:1234/hook"));
        assertEquals("FORBIDDEN_TARGET", refusal(guard, "http://10.0.0.1/hook"));
        assertEquals("FORBIDDEN_TARGET", refusal(guard, "http://169.254.169.254/latest/meta-data"));
    }

    @Test
    void checksEveryAddressANameResolvesTo()
    {
        // A name with one public and one private address: the client may connect to either.
        final TargetGuard guard = new TargetGuard("", host -> new InetAddress[] {
            InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.7")});
        assertEquals("FORBIDDEN_TARGET", refusal(guard, "https://hooks.example.com/x"));
        final TargetGuard nowhere = new TargetGuard("", host ->
        {
            throw new UnknownHostException(host);
        });
        assertEquals("UNRESOLVABLE_TARGET", refusal(nowhere, "https://nowhere.invalid/x"));
    }

    @Test
    void refusesWhatIsNotAPlainHttpUrl()
    {
        for (final String url : List.of("ftp://93.184.216.34/x", "file:///etc/passwd", "gopher://a/", "/relative",
            "http:///nohost", "https://user:pw@93.184.216.34/x", "https://93.184.216.34/x#frag", "not a url",
            "https://93.184.216.34/" + "a".repeat(TargetGuard.MAX_URL_LENGTH)))
        {
            final TargetGuard.Refused refused = assertThrows(TargetGuard.Refused.class, () -> TargetGuard.parse(url), url);
            assertEquals("INVALID_URL", refused.code(), url);
            assertTrue(refused.getMessage().contains("'url'"), refused.getMessage());
        }
    }

    @Test
    void badAllowListBlocksAreRefused()
    {
        for (final String bad : List.of("localhost", "127.0.0.0/33", "10.0.0.0/x", "::1/129", "300.0.0.1/8"))
        {
            assertThrows(IllegalArgumentException.class, () -> new TargetGuard(bad, LITERALS), bad);
        }
    }
}

package io.omnistock.daemon.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestContextTest
{
    private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aRequestIdIsOneTo128VisibleAsciiCharacters()
    {
        assertTrue(RequestContext.sane("a"));
        assertTrue(RequestContext.sane("order-42/retry:1"));
        assertTrue(RequestContext.sane("x".repeat(128)));
        assertFalse(RequestContext.sane(null));
        assertFalse(RequestContext.sane(""));
        assertFalse(RequestContext.sane("x".repeat(129)));
        assertFalse(RequestContext.sane("a b"), "a space would split a key=value log field");
        assertFalse(RequestContext.sane("a\u00e9"));
        assertFalse(RequestContext.sane("a\tb"));
    }

    @Test
    void aTraceparentIsW3cVersion00OrAFutureVersionReadAs00()
    {
        assertTrue(RequestContext.validTraceparent(VALID));
        assertTrue(RequestContext.validTraceparent("01" + VALID.substring(2) + "-later-fields"));
        assertFalse(RequestContext.validTraceparent(VALID + "-extra"), "version 00 has exactly four fields");
        assertFalse(RequestContext.validTraceparent("ff" + VALID.substring(2)), "version ff is invalid");
        assertFalse(RequestContext.validTraceparent(VALID.toUpperCase(java.util.Locale.ROOT)), "lower-case hex only");
        assertFalse(RequestContext.validTraceparent("00-00000000000000000000000000000000-00f067aa0ba902b7-01"));
        assertFalse(RequestContext.validTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"));
        assertFalse(RequestContext.validTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7"));
        assertFalse(RequestContext.validTraceparent("00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        assertFalse(RequestContext.validTraceparent("00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01"));
    }
}

package io.omnistock.daemon.http;

import io.omnistock.api.ApiKeyScopes;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A replicated key's scope bits are the daemon's scopes, one to one, and every bit the engine accepts is one. */
class ScopeBitsTest
{
    @Test
    void everyScopeHasItsOwnBitAndTheyRoundTrip()
    {
        assertEquals(ApiKeyScopes.ALL, Scope.bits(EnumSet.allOf(Scope.class)), "every bit the engine knows is a scope");
        for (final Scope s : Scope.values())
        {
            assertEquals(1, Integer.bitCount(s.bit()), s.toString());
            assertEquals(Set.of(s), Scope.ofBits(s.bit()));
        }
        final Set<Scope> some = EnumSet.of(Scope.ORDERS, Scope.EVENTS);
        assertEquals(some, Scope.ofBits(Scope.bits(some)));
        assertEquals(ApiKeyScopes.ORDERS | ApiKeyScopes.EVENTS, Scope.bits(some));
    }
}

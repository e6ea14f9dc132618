package io.omnistock.daemon.reads;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppliedSequenceTest
{
    private final AppliedSequence applied = new AppliedSequence();

    @Test
    void aWaitEndsWhenItsSequenceIsAppliedAndNotBefore() throws Exception
    {
        final CompletableFuture<Long> three = applied.whenApplied(3);
        final CompletableFuture<Long> two = applied.whenApplied(2);
        assertTrue(applied.whenApplied(0).isDone());
        applied.advance(1);
        assertFalse(two.isDone());
        applied.advance(2);
        assertEquals(2, two.get());
        assertFalse(three.isDone());
        applied.advance(5);
        assertEquals(5, three.get(), "done with what was applied by then");
        assertEquals(5, applied.whenApplied(4).get());
    }

    @Test
    void whoeverWaitsWhenTheTailStopsHearsWhyAndSoDoesWhoeverAsksLater()
    {
        final CompletableFuture<Long> waiting = applied.whenApplied(7);
        final IllegalStateException why = new IllegalStateException("journal unreadable");
        applied.fail(why);
        assertSame(why, assertThrows(ExecutionException.class, waiting::get).getCause());
        assertSame(why, assertThrows(ExecutionException.class, () -> applied.whenApplied(8).get()).getCause());
    }
}

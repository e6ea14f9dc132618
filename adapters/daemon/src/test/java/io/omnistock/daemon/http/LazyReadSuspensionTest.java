package io.omnistock.daemon.http;

import org.junit.jupiter.api.Test;
import org.xnio.conduits.ReadReadyHandler;
import org.xnio.conduits.StreamSourceConduit;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LazyReadSuspensionTest
{
    /** The socket: records the interest changes asked of it. */
    private final List<String> socketCalls = new ArrayList<>();
    private boolean socketResumed;
    private ReadReadyHandler socketHandler;
    private final StreamSourceConduit socket = (StreamSourceConduit)Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {StreamSourceConduit.class}, (proxy, method, args) ->
        {
            switch (method.getName())
            {
                case "resumeReads", "wakeupReads" -> socketResumed = true;
                case "suspendReads" -> socketResumed = false;
                case "isReadResumed" ->
                {
                    return socketResumed;
                }
                case "setReadReadyHandler" -> socketHandler = (ReadReadyHandler)args[0];
                default -> throw new UnsupportedOperationException(method.getName());
            }
            socketCalls.add(method.getName());
            return null;
        });
    /** The layers above: count the readiness passed on. */
    private int readiesAbove;
    private final ReadReadyHandler above = new ReadReadyHandler()
    {
        @Override
        public void readReady()
        {
            readiesAbove++;
        }

        @Override
        public void forceTermination()
        {
        }

        @Override
        public void terminated()
        {
        }
    };

    private LazyReadSuspension installed()
    {
        final LazyReadSuspension lazy = LazyReadSuspension.over(socket, above);
        socketCalls.clear();
        return lazy;
    }

    @Test
    void aSuspensionBetweenTwoRequestsChangesNothingOnTheSocket()
    {
        final LazyReadSuspension lazy = installed();
        lazy.resumeReads();
        assertEquals(List.of("resumeReads"), socketCalls);
        for (int request = 0; request < 3; request++)
        {
            socketHandler.readReady();
            lazy.suspendReads();
            assertFalse(lazy.isReadResumed(), "the layers above see their suspension");
            lazy.resumeReads();
        }
        assertEquals(3, readiesAbove);
        assertEquals(List.of("resumeReads"), socketCalls, "no interest change after the first resumption");
        assertTrue(lazy.armed());
    }

    @Test
    void readinessWhileSuspendedIsHeldBackAndSuspendsTheSocket()
    {
        final LazyReadSuspension lazy = installed();
        lazy.resumeReads();
        lazy.suspendReads();
        // A pipelined request, or the client closing, while the answer is still being made.
        socketHandler.readReady();
        assertEquals(0, readiesAbove, "not passed on: the layers above asked for no reads");
        assertEquals(List.of("resumeReads", "suspendReads"), socketCalls);
        assertFalse(lazy.armed());
        lazy.resumeReads();
        assertEquals(List.of("resumeReads", "suspendReads", "resumeReads"), socketCalls, "armed again");
        socketHandler.readReady();
        assertEquals(1, readiesAbove);
    }

    @Test
    void aWakeupArmsTheSocketAndIsPassedOn()
    {
        final LazyReadSuspension lazy = installed();
        lazy.wakeupReads();
        assertTrue(lazy.isReadResumed());
        assertTrue(lazy.armed());
        assertEquals(List.of("wakeupReads"), socketCalls);
        socketHandler.readReady();
        assertEquals(1, readiesAbove);
    }

    @Test
    void aHandlerSetFromAboveReplacesTheOneInstalled()
    {
        final LazyReadSuspension lazy = installed();
        final int[] replaced = new int[1];
        lazy.setReadReadyHandler(new ReadReadyHandler()
        {
            @Override
            public void readReady()
            {
                replaced[0]++;
            }

            @Override
            public void forceTermination()
            {
            }

            @Override
            public void terminated()
            {
            }
        });
        lazy.resumeReads();
        socketHandler.readReady();
        assertEquals(1, replaced[0]);
        assertEquals(0, readiesAbove);
        assertTrue(socketCalls.stream().noneMatch("setReadReadyHandler"::equals), "the socket keeps the conduit's own");
    }
}

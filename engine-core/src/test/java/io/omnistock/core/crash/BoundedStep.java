package io.omnistock.core.crash;

import io.omnistock.core.model.EngineProbe;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs a step that must not block (recovery after a crash, reading a torn journal): a hang is
 * reported as a failure after {@link EngineProbe#TIMEOUT_SECONDS}, not waited out.
 */
final class BoundedStep
{
    private BoundedStep()
    {
    }

    static <T> T run(final String what, final Callable<T> step) throws Exception
    {
        final ExecutorService executor = Executors.newSingleThreadExecutor(r ->
        {
            final Thread t = new Thread(r, "bounded-step");
            t.setDaemon(true);
            return t;
        });
        try
        {
            final Future<T> future = executor.submit(step);
            try
            {
                return future.get(EngineProbe.TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            catch (final TimeoutException e)
            {
                future.cancel(true);
                return fail(what + " blocked for " + EngineProbe.TIMEOUT_SECONDS + " s");
            }
            catch (final ExecutionException e)
            {
                if (e.getCause() instanceof Exception cause)
                {
                    throw cause;
                }
                throw e;
            }
        }
        finally
        {
            executor.shutdown();
        }
    }
}

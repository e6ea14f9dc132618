package io.omnistock.daemon.http;

import io.omnistock.daemon.metrics.CommandLatencies;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Results reach their thread once each, in bursts, and none waits unseen. */
class ResultInboxTest
{
    /** A thread whose tasks run only when the test says. */
    private static final class HeldThread implements java.util.concurrent.Executor
    {
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
        int executed;

        @Override
        public void execute(final Runnable task)
        {
            executed++;
            tasks.add(task);
        }

        void runAll()
        {
            for (Runnable task = tasks.poll(); task != null; task = tasks.poll())
            {
                task.run();
            }
        }
    }

    @Test
    void resultsQueuedWhileTheThreadIsBusyTakeOneTaskPerBurst()
    {
        final HeldThread thread = new HeldThread();
        final ResultInbox inbox = new ResultInbox(thread, new CommandLatencies());
        final List<Integer> delivered = new ArrayList<>();
        final int results = 1_000;
        for (int i = 0; i < results; i++)
        {
            final int n = i;
            inbox.add(() -> delivered.add(n));
        }
        assertEquals(1, thread.executed, "one drain due, however many results wait");
        thread.runAll();
        assertEquals(results, delivered.size());
        for (int i = 0; i < results; i++)
        {
            assertEquals(i, delivered.get(i), "in the order queued");
        }
        assertEquals((results + ResultInbox.BURST - 1) / ResultInbox.BURST, thread.executed,
            "a burst at a time, the thread's other work between");
        inbox.add(() -> delivered.add(-1));
        assertEquals(5, thread.executed, "an idle inbox is woken again");
        thread.runAll();
        assertEquals(-1, delivered.get(results));
    }

    @Test
    void aResultAddedByADeliveryIsDeliveredToo()
    {
        final HeldThread thread = new HeldThread();
        final ResultInbox inbox = new ResultInbox(thread, new CommandLatencies());
        final List<String> delivered = new ArrayList<>();
        inbox.add(() ->
        {
            delivered.add("first");
            inbox.add(() -> delivered.add("second"));
        });
        thread.runAll();
        assertEquals(List.of("first", "second"), delivered);
    }

    @Test
    void aFullQueueHandsTheRestOnAsTasksOfTheirOwn()
    {
        final HeldThread thread = new HeldThread();
        final ResultInbox inbox = new ResultInbox(thread, new CommandLatencies());
        final AtomicInteger delivered = new AtomicInteger();
        final int extra = 10;
        for (int i = 0; i < ResultInbox.CAPACITY + extra; i++)
        {
            inbox.add(delivered::incrementAndGet);
        }
        assertEquals(1 + extra, thread.executed);
        thread.runAll();
        assertEquals(ResultInbox.CAPACITY + extra, delivered.get(), "every result, once");
    }

    /**
     * Results added just as a drain ends are where a lost wake-up would strand one: rounds of one
     * result from each of two threads at once, each round waited for before the next, so a stranded
     * result is not rescued by a later one.
     */
    @Test
    void theLastResultsOfABurstAreNeverLeftQueued() throws Exception
    {
        final ExecutorService io = Executors.newSingleThreadExecutor(task -> new Thread(task, "inbox-test"));
        final ResultInbox inbox = new ResultInbox(io, new CommandLatencies());
        final int rounds = 20_000;
        final AtomicInteger delivered = new AtomicInteger();
        final AtomicInteger stranded = new AtomicInteger(-1);
        final java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        final Runnable producer = () ->
        {
            try
            {
                for (int round = 0; round < rounds && stranded.get() < 0; round++)
                {
                    together.await(10, TimeUnit.SECONDS);
                    inbox.add(delivered::incrementAndGet);
                    final long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                    while (delivered.get() < 2 * (round + 1))
                    {
                        if (System.nanoTime() > giveUp)
                        {
                            stranded.compareAndSet(-1, round);
                            return;
                        }
                        Thread.onSpinWait();
                    }
                }
            }
            catch (final Exception e)
            {
                stranded.compareAndSet(-1, -2);
            }
        };
        final Thread a = new Thread(producer);
        final Thread b = new Thread(producer);
        a.start();
        b.start();
        try
        {
            a.join();
            b.join();
            assertEquals(-1, stranded.get(), "a result left queued with no drain due (round " + stranded.get() + ")");
            assertEquals(2 * rounds, delivered.get());
        }
        finally
        {
            together.reset();
            io.shutdownNow();
        }
    }

    @Test
    void manyProducersAgainstARealThreadLoseNoResult() throws Exception
    {
        final ExecutorService io = Executors.newSingleThreadExecutor(task -> new Thread(task, "inbox-test"));
        final AtomicInteger tasks = new AtomicInteger();
        final ResultInbox inbox = new ResultInbox(task ->
        {
            tasks.incrementAndGet();
            io.execute(task);
        }, new CommandLatencies());
        final int producers = 4;
        final int each = 200_000;
        final AtomicIntegerArray seen = new AtomicIntegerArray(producers * each);
        final AtomicInteger wrongThread = new AtomicInteger();
        final CountDownLatch all = new CountDownLatch(producers * each);
        final List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++)
        {
            final int base = p * each;
            threads.add(new Thread(() ->
            {
                for (int i = 0; i < each; i++)
                {
                    final int n = base + i;
                    inbox.add(() ->
                    {
                        if (!Thread.currentThread().getName().equals("inbox-test"))
                        {
                            wrongThread.incrementAndGet();
                        }
                        seen.incrementAndGet(n);
                        all.countDown();
                    });
                }
            }));
        }
        threads.forEach(Thread::start);
        try
        {
            // A lost wake-up leaves results queued with no drain due: the wait would time out.
            assertTrue(all.await(60, TimeUnit.SECONDS), all.getCount() + " results never delivered");
            for (final Thread t : threads)
            {
                t.join();
            }
            for (int n = 0; n < producers * each; n++)
            {
                assertEquals(1, seen.get(n), "result " + n);
            }
            assertEquals(0, wrongThread.get(), "delivered on the inbox's thread only");
            assertTrue(tasks.get() < producers * each, tasks.get() + " tasks");
        }
        finally
        {
            io.shutdownNow();
        }
    }
}

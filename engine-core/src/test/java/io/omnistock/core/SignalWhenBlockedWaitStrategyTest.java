package io.omnistock.core;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A publisher takes the lock only when a consumer waits on it, and no wake-up is lost: a lost one
 * would leave a consumer with no timeout asleep for ever, which {@link Timeout} turns into a failure.
 */
class SignalWhenBlockedWaitStrategyTest
{
    /** A ring of one long per slot. */
    private static final class Slot
    {
        long value;
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everyCommandWakesAConsumerThatWentToSleepWaitingForIt() throws Exception
    {
        for (final boolean multiProducer : new boolean[]{true, false})
        {
            pingPong(multiProducer, 20_000);
        }
    }

    /**
     * Publishes one value, waits until the consumer has handled it, then a few microseconds more (so
     * the consumer goes back to the lock), and again: every publish races a consumer on its way to sleep.
     */
    private static void pingPong(final boolean multiProducer, final int rounds) throws Exception
    {
        final SignalWhenBlockedWaitStrategy strategy = new SignalWhenBlockedWaitStrategy(0);
        final RingBuffer<Slot> ring = multiProducer ?
            RingBuffer.createMultiProducer(Slot::new, 64, strategy) : RingBuffer.createSingleProducer(Slot::new, 64, strategy);
        final AtomicLong sum = new AtomicLong();
        final EventHandler<Slot> handler = (slot, sequence, endOfBatch) -> sum.addAndGet(slot.value);
        final BatchEventProcessor<Slot> consumer = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), handler);
        ring.addGatingSequences(consumer.getSequence());
        final Thread thread = new Thread(consumer, "ping-pong-consumer");
        // A lost wake-up leaves it asleep: it must not keep the test JVM from exiting.
        thread.setDaemon(true);
        thread.start();
        long expected = 0;
        for (int i = 1; i <= rounds; i++)
        {
            final long sequence = ring.next();
            ring.get(sequence).value = i;
            ring.publish(sequence);
            expected += i;
            while (consumer.getSequence().get() < sequence)
            {
                Thread.onSpinWait();
            }
            // Alternately straight on (the consumer still on its way to the lock) and after a pause
            // (the consumer asleep on it).
            if ((i & 1) == 0)
            {
                final long until = System.nanoTime() + 2_000;
                while (System.nanoTime() < until)
                {
                    Thread.onSpinWait();
                }
            }
        }
        assertEquals(expected, sum.get(), "every value handled once");
        consumer.halt();
        thread.join(TimeUnit.SECONDS.toMillis(10));
        assertTrue(!thread.isAlive(), "halting alerts a consumer asleep on the lock");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void twoPublishersWakeAConsumerThatKeepsFallingAsleep() throws Exception
    {
        final SignalWhenBlockedWaitStrategy strategy = new SignalWhenBlockedWaitStrategy(0);
        final RingBuffer<Slot> ring = RingBuffer.createMultiProducer(Slot::new, 1024, strategy);
        final AtomicLong handled = new AtomicLong();
        final BatchEventProcessor<Slot> consumer = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(),
            (slot, sequence, endOfBatch) -> handled.incrementAndGet());
        ring.addGatingSequences(consumer.getSequence());
        final Thread thread = new Thread(consumer, "two-publishers-consumer");
        thread.setDaemon(true);
        thread.start();
        final int each = 20_000;
        final Runnable publisher = () ->
        {
            for (int i = 0; i < each; i++)
            {
                final long sequence = ring.next();
                ring.publish(sequence);
                if (i % 64 == 0)
                {
                    // A pause now and then, long enough for the consumer to catch up and block.
                    final long until = System.nanoTime() + 5_000;
                    while (System.nanoTime() < until)
                    {
                        Thread.onSpinWait();
                    }
                }
            }
        };
        final Thread other = new Thread(publisher, "second-publisher");
        other.setDaemon(true);
        other.start();
        publisher.run();
        other.join();
        while (handled.get() < 2L * each)
        {
            Thread.onSpinWait();
        }
        assertEquals(2L * each, handled.get());
        consumer.halt();
        thread.join(TimeUnit.SECONDS.toMillis(10));
        assertTrue(!thread.isAlive());
    }

    @Test
    void aConsumerWithATimeoutIsHandedOneWhenNothingComes()
    {
        final SignalWhenBlockedWaitStrategy strategy = new SignalWhenBlockedWaitStrategy(TimeUnit.MILLISECONDS.toNanos(20));
        final RingBuffer<Slot> ring = RingBuffer.createMultiProducer(Slot::new, 8, strategy);
        final SequenceBarrier barrier = ring.newBarrier();
        final long startNanos = System.nanoTime();
        assertThrows(TimeoutException.class, () -> strategy.waitFor(0, new Sequence(-1), new Sequence(-1), barrier));
        assertTrue(System.nanoTime() - startNanos >= TimeUnit.MILLISECONDS.toNanos(19), "waited its timeout");
    }

    @Test
    void aPublishedSequenceIsReturnedWithoutBlocking() throws Exception
    {
        final SignalWhenBlockedWaitStrategy strategy = new SignalWhenBlockedWaitStrategy(TimeUnit.SECONDS.toNanos(30));
        final RingBuffer<Slot> ring = RingBuffer.createMultiProducer(Slot::new, 8, strategy);
        ring.publish(ring.next());
        ring.publish(ring.next());
        final Sequence cursor = new Sequence(1);
        assertEquals(1, strategy.waitFor(0, cursor, cursor, ring.newBarrier()));
    }

    @Test
    void anAlertWakesAConsumerAsleepWithoutATimeout() throws Exception
    {
        final SignalWhenBlockedWaitStrategy strategy = new SignalWhenBlockedWaitStrategy(0);
        final RingBuffer<Slot> ring = RingBuffer.createMultiProducer(Slot::new, 8, strategy);
        final SequenceBarrier barrier = ring.newBarrier();
        final Throwable[] thrown = new Throwable[1];
        final Thread waiter = new Thread(() ->
        {
            try
            {
                strategy.waitFor(0, new Sequence(-1), new Sequence(-1), barrier);
            }
            catch (final Throwable t)
            {
                thrown[0] = t;
            }
        });
        waiter.setDaemon(true);
        waiter.start();
        Thread.sleep(50);
        barrier.alert();
        waiter.join(TimeUnit.SECONDS.toMillis(10));
        assertTrue(thrown[0] instanceof AlertException, "alerted: " + thrown[0]);
    }
}

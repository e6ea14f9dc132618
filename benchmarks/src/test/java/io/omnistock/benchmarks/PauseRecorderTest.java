package io.omnistock.benchmarks;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PauseRecorderTest
{
    @Test
    void recordsOneSamplePerWakeUpAndStopsItsThread() throws InterruptedException
    {
        final PauseRecorder recorder = PauseRecorder.start(TimeUnit.MICROSECONDS.toNanos(200));
        // Long enough for many wake-ups even on a loaded machine; the figures themselves are not checked.
        TimeUnit.MILLISECONDS.sleep(50);
        final Histogram pauses = recorder.stop();
        final long samples = pauses.getTotalCount();
        assertTrue(samples > 0, "no wake-up recorded");
        TimeUnit.MILLISECONDS.sleep(5);
        assertTrue(pauses.getTotalCount() == samples, "recorded after stop");
        assertFalse(Thread.getAllStackTraces().keySet().stream()
            .anyMatch(t -> t.getName().equals("omnistock-pause-recorder") && t.isAlive()), "thread still running");
    }

    @Test
    void aResolutionThatIsNotPositiveIsRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> PauseRecorder.start(0));
    }
}

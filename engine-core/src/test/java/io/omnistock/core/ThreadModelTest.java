package io.omnistock.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which of the engine's jobs get a thread of their own, given the processors, a budget and explicit settings. */
class ThreadModelTest
{
    @ParameterizedTest(name = "{0} processors, budget {1}, set {2}/{3}/{4} -> {5}/{6}/{7}")
    @CsvSource({
        // processors, budget, journal, wait, timer -> journal, wait, timer, cores counted
        "1,  0, AUTO,   AUTO,     AUTO,   WRITER, PHASED,   WRITER, 1",
        "2,  0, AUTO,   AUTO,     AUTO,   WRITER, PHASED,   WRITER, 2",
        "3,  0, AUTO,   AUTO,     AUTO,   OWN,    SLEEPING, OWN,    3",
        "64, 0, AUTO,   AUTO,     AUTO,   OWN,    SLEEPING, OWN,    64",
        // A budget wins over the processors, either way.
        "64, 2, AUTO,   AUTO,     AUTO,   WRITER, PHASED,   WRITER, 2",
        "2,  4, AUTO,   AUTO,     AUTO,   OWN,    SLEEPING, OWN,    4",
        // Explicit settings win; the rest is still chosen.
        "2,  0, OWN,    AUTO,     AUTO,   OWN,    PHASED,   OWN,    2",
        "2,  0, AUTO,   BLOCKING, AUTO,   WRITER, BLOCKING, WRITER, 2",
        "2,  0, AUTO,   YIELDING, AUTO,   WRITER, YIELDING, OWN,    2",
        "2,  0, AUTO,   SLEEPING, AUTO,   WRITER, SLEEPING, OWN,    2",
        "2,  0, AUTO,   AUTO,     OWN,    WRITER, PHASED,   OWN,    2",
        "8,  0, WRITER, AUTO,     AUTO,   WRITER, SLEEPING, OWN,    8",
        "8,  0, WRITER, PHASED,   AUTO,   WRITER, PHASED,   OWN,    8",
        // The timer on the writer brings the writer's layout with it on any machine.
        "8,  0, AUTO,   AUTO,     WRITER, WRITER, PHASED,   WRITER, 8",
        "8,  0, WRITER, BLOCKING, WRITER, WRITER, BLOCKING, WRITER, 8",
    })
    void choosesFromTheCoresAndTheSettings(
        final int processors, final int budget, final JournalThread journal, final WaitStrategyKind wait,
        final TimerThread timer, final JournalThread expectedJournal, final WaitStrategyKind expectedWait,
        final TimerThread expectedTimer, final int expectedCores)
    {
        final ThreadModel model = ThreadModel.choose(EngineConfig.builder().cpuBudget(budget).journalThread(journal)
            .waitStrategy(wait).timerThread(timer).build(), processors);
        assertEquals(expectedJournal, model.journalThread());
        assertEquals(expectedWait, model.waitStrategy());
        assertEquals(expectedTimer, model.timerThread());
        assertEquals(expectedCores, model.cpuBudget());
        assertEquals(expectedTimer == TimerThread.WRITER, model.timerOnWriter());
    }

    @Test
    void theLogLineNamesTheChoiceAndWhy()
    {
        final String compact = ThreadModel.choose(EngineConfig.builder().build(), 2).toString();
        assertTrue(compact.startsWith("compact") && compact.contains("2 processors, fewer than the 3"), compact);
        final String budget = ThreadModel.choose(EngineConfig.builder().cpuBudget(6).build(), 2).toString();
        assertTrue(budget.startsWith("split") && budget.contains("a CPU budget of 6"), budget);
        final String set = ThreadModel.choose(EngineConfig.builder().journalThread(JournalThread.OWN).build(), 2).toString();
        assertTrue(set.contains("set explicitly: journalThread=OWN"), set);
    }

    @Test
    void aTimerOnTheWriterThatCannotBeFoldedIsRefusedByName()
    {
        final IllegalArgumentException own = assertThrows(IllegalArgumentException.class, () -> EngineConfig.builder()
            .timerThread(TimerThread.WRITER).journalThread(JournalThread.OWN).build());
        assertTrue(own.getMessage().contains("timerThread"), own.getMessage());
        final IllegalArgumentException spin = assertThrows(IllegalArgumentException.class, () -> EngineConfig.builder()
            .timerThread(TimerThread.WRITER).waitStrategy(WaitStrategyKind.SLEEPING).build());
        assertTrue(spin.getMessage().contains("waitStrategy"), spin.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EngineConfig.builder().cpuBudget(-1).build());
    }
}

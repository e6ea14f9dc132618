package io.omnistock.daemon.forecast;

import io.omnistock.api.Command;
import io.omnistock.api.CommandResult;
import io.omnistock.api.InventoryEngine;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.journal.Journal;
import io.omnistock.core.journal.JournalReader;
import io.omnistock.core.journal.JournalRecord;
import io.omnistock.forecast.HolidayCalendar;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The daemon's forecast job (issue 23, docs/replenishment.md "The forecast job"): on its own thread,
 * every {@code forecast.interval-seconds}, it reads the journal's new records through its own
 * reader into a {@link ForecastProjection}, plans with {@link ForecastPlan} and submits the planned
 * policy changes as ordinary commands. The engine's writer only decides those commands; replay
 * applies them from the journal without forecasting again.
 */
public final class ForecastJob implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(ForecastJob.class);

    /** @param interval how often it runs; zero: never (the job is off). */
    public record Settings(Duration interval, ForecastPlan.Settings plan)
    {
        public boolean enabled()
        {
            return !interval.isZero();
        }
    }

    /** What the last run did: the plan, the models fitted and reused, and how the engine answered its commands. */
    public record Run(ForecastPlan.Plan plan, int fitted, int reused, int applied, int unchanged, int refused)
    {
    }

    private final Path journalDir;
    private final InventoryEngine engine;
    /** Whether this process runs the job now: always embedded; in cluster mode only while its member leads. */
    private final BooleanSupplier leads;
    private final Settings settings;
    private final HolidayCalendar calendar;
    private final ForecastProjection projection = new ForecastProjection();
    /** The last run's models, reused where their inputs did not change (ForecastPlan.Models). */
    private final ForecastPlan.Models models = new ForecastPlan.Models();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r ->
    {
        final Thread t = new Thread(r, "omnistock-forecast");
        t.setDaemon(true);
        return t;
    });
    private ChronicleQueue queue;
    private JournalReader reader;
    private volatile Run last;

    /**
     * @param leads whether this process is to run the job now: in cluster mode only the leader does,
     *              so the members do not all spend a run's CPU on the same commands (docs/replenishment.md).
     */
    public ForecastJob(final Path journalDir, final InventoryEngine engine, final BooleanSupplier leads,
        final Settings settings, final HolidayCalendar calendar)
    {
        this.journalDir = journalDir;
        this.engine = engine;
        this.leads = leads;
        this.settings = settings;
        this.calendar = calendar;
    }

    /** Schedules the runs, the first one interval after now; nothing when the job is off. */
    public void start()
    {
        if (settings.enabled())
        {
            final long every = settings.interval().toMillis();
            thread.scheduleWithFixedDelay(this::runLogged, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** @return the last run's result, or null before the first. */
    public Run last()
    {
        return last;
    }

    public Settings settings()
    {
        return settings;
    }

    /**
     * A scheduled run: only while this process leads (a follower's run would plan the same commands
     * with the same ids, answered as duplicates, at the cost of a whole run's CPU on every member).
     *
     * @return the run, or null when this process does not lead.
     */
    Run runIfLeading()
    {
        return leads.getAsBoolean() ? runOnce() : null;
    }

    private void runLogged()
    {
        try
        {
            final Run run = runIfLeading();
            if (run == null)
            {
                return;
            }
            LOG.info("forecast sequence={} positions={} fitted={} reused={} commands={} applied={} unchanged={} refused={}",
                run.plan().sequence(), run.plan().positions().size(), run.fitted(), run.reused(),
                run.plan().commands().size(), run.applied(), run.unchanged(), run.refused());
        }
        catch (final RuntimeException e)
        {
            LOG.warn("forecast run failed; the next run tries again", e);
        }
    }

    /**
     * Reads the journal up to its end as it is now, plans and submits the commands, waiting for
     * their answers. Runs one at a time (the scheduled thread, or a test).
     */
    public synchronized Run runOnce()
    {
        if (reader == null)
        {
            queue = Journal.open(journalDir, false);
            reader = JournalReader.tailing(queue);
        }
        for (JournalRecord record = reader.nextRecord(); record != null; record = reader.nextRecord())
        {
            projection.add(record);
        }
        final ForecastPlan.Plan plan = ForecastPlan.plan(projection, settings.plan(), calendar, models);
        final List<CompletableFuture<CommandResult>> answers = new ArrayList<>();
        for (final Command command : plan.commands())
        {
            answers.add(engine.submit(command));
        }
        int applied = 0;
        int unchanged = 0;
        int refused = 0;
        for (final CompletableFuture<CommandResult> answer : answers)
        {
            final ReasonCode reason = answer.orTimeout(30, TimeUnit.SECONDS).join().reason();
            if (reason == ReasonCode.OK)
            {
                applied++;
            }
            else if (reason == ReasonCode.DUPLICATE_COMMAND)
            {
                // The same prefix planned before (a restart): the engine has these already.
                unchanged++;
            }
            else
            {
                refused++;
                LOG.warn("forecast command refused: {}", reason);
            }
        }
        final Run run = new Run(plan, models.fitted(), models.reused(), applied, unchanged, refused);
        last = run;
        return run;
    }

    @Override
    public void close()
    {
        thread.shutdownNow();
        try
        {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        synchronized (this)
        {
            if (reader != null)
            {
                reader.close();
                queue.close();
            }
        }
    }
}

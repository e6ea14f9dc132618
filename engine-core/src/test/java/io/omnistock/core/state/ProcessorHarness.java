package io.omnistock.core.state;

import io.omnistock.api.Capabilities;
import io.omnistock.api.Command;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.EventKind;
import io.omnistock.api.EventView;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.command.CommandSlot;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The one test harness that drives the business logic directly, without threads or a journal:
 * it stamps each command through the engine's {@link Sequencer} at the harness time {@link #now}
 * and applies it with a {@link CommandProcessor}, as the business-logic stage does. Fast enough
 * for thousands of property tries; the unit tests, the routing and reference-model properties,
 * the golden journals' writer and the scale test all drive the logic through it (docs/testing.md).
 * The simulator drives the real engine, whose stage stamps through the same {@code Sequencer}.
 */
public final class ProcessorHarness
{
    /** The harness's default start time, 2023-11-14T22:13:20Z. */
    public static final long START = 1_700_000_000_000L;

    public final EngineState state;
    public final CommandProcessor processor;
    private final Sequencer sequencer;
    private final CommandSlot slot = new CommandSlot();
    private long nextCommandId = 1;
    /** The time the next command is stamped with (the sequencer never lets it go backwards). */
    public long now = START;
    /** How far {@link #now} moves after each command: 0 holds time still until a test moves it. */
    private long stepMillis;

    public ProcessorHarness()
    {
        this(new EngineState(64, 16, 1024));
    }

    /** Drives an existing state, e.g. one loaded from a snapshot, or one sized for a test. */
    public ProcessorHarness(final EngineState state)
    {
        this.state = state;
        this.processor = new CommandProcessor(state);
        this.sequencer = new Sequencer(state);
    }

    /**
     * Moves the time {@code stepMillis} after every command, as an engine whose clock ticks
     * between commands would see it, starting at {@code startMillis}.
     */
    public ProcessorHarness ticking(final long startMillis, final long stepMillis)
    {
        this.now = startMillis;
        this.stepMillis = stepMillis;
        return this;
    }

    /** A harness on {@code loaded} (e.g. this one's state through a snapshot) going on from this one's ids and time. */
    public ProcessorHarness continueFrom(final EngineState loaded)
    {
        final ProcessorHarness next = new ProcessorHarness(loaded).ticking(now, stepMillis);
        next.nextCommandId = nextCommandId;
        return next;
    }

    /** Applies {@code command} as the engine would; {@link #lastEvents()} and the others describe its events. */
    public CommandResult run(final Command command)
    {
        slot.clearInput();
        command.writeTo(slot);
        apply(slot);
        return CommandResult.copyOf(slot);
    }

    /** The engine timer's command: expires due holds and runs the daily replenishment sweep. */
    public CommandResult timer()
    {
        slot.clearInput();
        slot.expireHolds();
        apply(slot);
        return CommandResult.copyOf(slot);
    }

    /**
     * Stamps {@code slot} at the harness's time, as the engine does, and applies it: for callers
     * that write the slot themselves (no allocation) or read it afterwards (to journal it).
     */
    public void apply(final CommandSlot slot)
    {
        sequencer.stamp(slot, now);
        now += stepMillis;
        processor.apply(slot);
    }

    /** @return the kinds of the events of the last command {@link #run} or {@link #timer} applied. */
    public List<EventKind> lastEvents()
    {
        return describeLastEvents(event -> event.kind());
    }

    /** @return the last command's events, described: kind, and for requests the quantity, for alerts the alert. */
    public List<String> lastEventDetails()
    {
        return describeLastEvents(event -> switch (event.kind())
        {
            case REPLENISHMENT_REQUESTED -> "REQUEST " + event.quantity() + " from " + event.sourceLocation();
            case REPLENISHMENT_CLOSED -> "CLOSED";
            case ALERT -> event.alertKind().name();
            case LATERAL_TRANSFER_SUGGESTED -> "LATERAL " + event.quantity() + " from " + event.sourceLocation();
            default -> event.kind().name();
        });
    }

    /** @return the location of each of the last command's events. */
    public List<Integer> lastLocations()
    {
        return describeLastEvents(event -> event.location());
    }

    /** Described when a test asks, not for every command: most runs never look. */
    private <T> List<T> describeLastEvents(final Function<EventView, T> describe)
    {
        final List<T> described = new ArrayList<>();
        for (int i = 0; i < slot.events.count(); i++)
        {
            described.add(describe.apply(slot.events.moveTo(i)));
        }
        return described;
    }

    public long id()
    {
        return nextCommandId++;
    }

    public int location(final String code, final Tier tier)
    {
        return run(Commands.defineLocation(id(), code, tier, 31_230_000, 121_470_000, Capabilities.ALL)).assignedId();
    }

    public int sku(final String code)
    {
        return run(Commands.defineSku(id(), code, StockUnit.PIECE)).assignedId();
    }

    public int channel(final String code, final long holdTtlMillis)
    {
        return run(Commands.defineChannel(id(), code, holdTtlMillis)).assignedId();
    }

    /** A location at an offset from a centre point, in metres (north, east). */
    public int locationAt(final String code, final Tier tier, final int caps, final double northMeters,
        final double eastMeters)
    {
        final int lat = CENTRE_LAT + (int)Math.round(northMeters / 0.111_195);
        final int lon = CENTRE_LON + (int)Math.round(eastMeters / (0.111_195 * Math.cos(Math.toRadians(31.23))));
        return run(Commands.defineLocation(id(), code, tier, lat, lon, caps)).assignedId();
    }

    public static final int CENTRE_LAT = 31_230_000;
    public static final int CENTRE_LON = 121_470_000;

    public CommandResult position(final int location, final int sku)
    {
        return run(Commands.queryPosition(id(), location, sku));
    }
}

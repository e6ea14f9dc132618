package io.omnistock.core.state;

import io.omnistock.api.Capabilities;
import io.omnistock.api.Command;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.EventKind;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.command.CommandSlot;

import java.util.ArrayList;
import java.util.List;

/**
 * Drives the business logic directly, stamping sequence and time the way the pipeline does.
 */
public final class ProcessorHarness
{
    public final EngineState state;
    public final CommandProcessor processor;
    private final Sequencer sequencer;
    private final CommandSlot slot = new CommandSlot();
    private long nextCommandId = 1;
    public long now = 1_700_000_000_000L;
    /** Event kinds emitted by the last command. */
    public final List<EventKind> lastEvents = new ArrayList<>();
    /** The last command's events, described: kind, and for requests the quantity, for alerts the alert. */
    public final List<String> lastEventDetails = new ArrayList<>();
    /** The location of each of the last command's events. */
    public final List<Integer> lastLocations = new ArrayList<>();

    public ProcessorHarness()
    {
        this(new EngineState(64, 16, 1024));
    }

    /** Drives an existing state, e.g. one loaded from a snapshot. */
    public ProcessorHarness(final EngineState state)
    {
        this.state = state;
        this.processor = new CommandProcessor(state);
        this.sequencer = new Sequencer(state);
    }

    /** A harness on {@code loaded} (e.g. this one's state through a snapshot) going on from this one's ids and time. */
    public ProcessorHarness continueFrom(final EngineState loaded)
    {
        final ProcessorHarness next = new ProcessorHarness(loaded);
        next.nextCommandId = nextCommandId;
        next.now = now;
        return next;
    }

    public CommandResult run(final Command command)
    {
        slot.clearInput();
        command.writeTo(slot);
        return applyAndDescribe();
    }

    /** The engine timer's command: expires due holds and runs the daily replenishment sweep. */
    public CommandResult timer()
    {
        slot.clearInput();
        slot.expireHolds();
        return applyAndDescribe();
    }

    /** Stamps {@code slot} at the harness's time, as the engine does, and applies it. */
    public void apply(final CommandSlot slot)
    {
        sequencer.stamp(slot, now);
        processor.apply(slot);
    }

    private CommandResult applyAndDescribe()
    {
        apply(slot);
        lastEvents.clear();
        lastEventDetails.clear();
        lastLocations.clear();
        for (int i = 0; i < slot.events.count(); i++)
        {
            final var event = slot.events.moveTo(i);
            lastEvents.add(event.kind());
            lastLocations.add(event.location());
            lastEventDetails.add(switch (event.kind())
            {
                case REPLENISHMENT_REQUESTED -> "REQUEST " + event.quantity() + " from " + event.sourceLocation();
                case REPLENISHMENT_CLOSED -> "CLOSED";
                case ALERT -> event.alertKind().name();
                case LATERAL_TRANSFER_SUGGESTED -> "LATERAL " + event.quantity() + " from " + event.sourceLocation();
                default -> event.kind().name();
            });
        }
        return CommandResult.copyOf(slot);
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

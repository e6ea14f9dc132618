package io.omnistock.cluster;

import io.omnistock.api.Capabilities;
import io.omnistock.api.Command;
import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A seeded mix of the commands a retailer sends: receipts, reservations and their releases, and
 * routed orders whose unpaid holds expire, over a few locations, SKUs and one channel. Command ids
 * are unique; the same seed gives the same commands.
 */
final class Workload
{
    static final int LOCATIONS = 4;
    static final int SKUS = 8;
    /** Unpaid holds of routed orders expire after this: the timer's work. */
    static final long HOLD_TTL_MILLIS = io.omnistock.api.Limits.MIN_HOLD_MILLIS;

    private final Random random;
    private long nextId;
    private long nextReservation = 1;
    private long nextOrder = 1;
    private final List<Long> reservations = new ArrayList<>();

    /**
     * @param firstCommandId ids are handed out from here (writers of one test use disjoint ranges).
     */
    Workload(final long seed, final long firstCommandId)
    {
        random = new Random(seed);
        nextId = firstCommandId;
        nextReservation = firstCommandId;
        nextOrder = firstCommandId;
    }

    /** The definitions every other command needs: locations 0.., SKUs 0.., channel 0. */
    static List<Command> setup()
    {
        final List<Command> commands = new ArrayList<>();
        long id = 1;
        for (int i = 0; i < LOCATIONS; i++)
        {
            commands.add(Commands.defineLocation(id++, "L" + i, i == 0 ? Tier.WAREHOUSE : Tier.STORE,
                31_200_000 + i * 10_000, 121_400_000 + i * 10_000, Capabilities.ALL));
        }
        for (int i = 0; i < SKUS; i++)
        {
            commands.add(Commands.defineSku(id++, "S" + i, StockUnit.PIECE));
        }
        commands.add(Commands.defineChannel(id++, "app", HOLD_TTL_MILLIS));
        for (int l = 0; l < LOCATIONS; l++)
        {
            for (int s = 0; s < SKUS; s++)
            {
                commands.add(Commands.receive(id++, l, s, 1_000));
            }
        }
        return commands;
    }

    /**
     * Sends {@link #setup()} and waits for each answer. {@code NO_LEADER} (the members still electing
     * their first leader, or a new one on a loaded machine) means "outcome unknown": the same command
     * goes again, up to ten times, and a {@code DUPLICATE_COMMAND} whose first outcome was OK is OK.
     *
     * @return null when every command was applied; else the first refusal.
     */
    static CommandResult sendSetup(final Function<Command, CompletableFuture<CommandResult>> submit)
        throws Exception
    {
        for (final Command c : setup())
        {
            CommandResult r = submit.apply(c).get(120, TimeUnit.SECONDS);
            for (int retry = 0; r.reason() == ReasonCode.NO_LEADER && retry < 10; retry++)
            {
                r = submit.apply(c).get(120, TimeUnit.SECONDS);
            }
            if (Writers.outcome(r) != ReasonCode.OK)
            {
                return r;
            }
        }
        return null;
    }

    static int setupSize()
    {
        return setup().size();
    }

    /** @return the next command of the mix. */
    Command next()
    {
        final long id = nextId++;
        final int location = random.nextInt(LOCATIONS);
        final int sku = random.nextInt(SKUS);
        final int kind = random.nextInt(10);
        if (kind < 3)
        {
            return Commands.receive(id, location, sku, 1 + random.nextInt(20));
        }
        if (kind < 6)
        {
            final long reservation = nextReservation++;
            reservations.add(reservation);
            return Commands.reserve(id, reservation, location, sku, 1 + random.nextInt(5));
        }
        if (kind < 7 && !reservations.isEmpty())
        {
            return Commands.release(id, reservations.remove(random.nextInt(reservations.size())), 1);
        }
        final List<OrderLine> lines = new ArrayList<>();
        for (int i = 0, n = 1 + random.nextInt(3); i < n; i++)
        {
            lines.add(new OrderLine(random.nextInt(SKUS), 1 + random.nextInt(4)));
        }
        return Commands.routeOrder(id, new Order(nextOrder++, 0, FulfilmentType.REGULAR, 31_210_000, 121_410_000, -1,
            1_000, 0, Order.ALLOW_PARTIAL, lines));
    }
}

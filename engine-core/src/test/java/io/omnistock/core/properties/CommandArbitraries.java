package io.omnistock.core.properties;

import io.omnistock.api.AdjustmentReason;
import io.omnistock.api.CommandType;
import io.omnistock.api.Limits;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.model.Cmd;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static net.jqwik.api.Tuple.of;

/**
 * Generators for random command mixes over the standard network (locations 0-2, SKUs 0-2), with
 * a share of invalid input: unknown ids, zero, negative and huge quantities, unknown and repeated
 * reservations, zero and repeated command ids, invalid definitions.
 */
public final class CommandArbitraries
{
    /** Command ids of generated commands: FRESH becomes 100 + position in the sequence. */
    static final long FRESH = Long.MAX_VALUE;
    static final long FIRST_FRESH_ID = 100;

    /** The command types generated (and covered by the reference model). */
    static final Set<CommandType> GENERATED_TYPES = EnumSet.of(
        CommandType.DEFINE_LOCATION, CommandType.DEFINE_SKU, CommandType.RECEIVE, CommandType.ADJUST,
        CommandType.STOCKTAKE, CommandType.SALE, CommandType.RETURN, CommandType.RESERVE, CommandType.RELEASE,
        CommandType.FULFIL, CommandType.TRANSFER_OUT, CommandType.TRANSFER_IN, CommandType.SET_SAFETY_STOCK,
        CommandType.QUERY_POSITION, CommandType.QUERY_AVAILABILITY);

    private CommandArbitraries()
    {
    }

    public static Arbitrary<Scenario> scenarios(final int maxCommands)
    {
        return Combinators.combine(steps().list().ofMinSize(1).ofMaxSize(maxCommands)
                .withSizeDistribution(RandomDistribution.uniform()), Arbitraries.of(4, 32, 4096))
            .as((steps, window) -> new Scenario(resolveIds(flatten(steps, maxCommands)), window));
    }

    /**
     * A step is one command, a reservation followed by a release or fulfilment of it, or a
     * transfer out followed by a receipt at its destination (random follow-ups alone would
     * seldom find a reservation open or stock in transit).
     */
    static Arbitrary<List<Cmd>> steps()
    {
        return Arbitraries.frequencyOf(
            of(90, commands().map(List::of)),
            of(5, Combinators.combine(reserve(), commandId(), quantity(6), Arbitraries.of(true, false))
                .as((res, id, q, fulfil) -> List.of(res, fulfil ? Cmd.fulfil(id, res.reservationId(), q) :
                    Cmd.release(id, res.reservationId(), q)))),
            of(5, Combinators.combine(transferOut(), commandId(), quantity(12))
                .as((out, id, q) -> List.of(out, Cmd.stock(CommandType.TRANSFER_IN, id, out.toLocation(), out.sku(), q)))));
    }

    /**
     * Like {@link #scenarios(int)}, plus runs of maximal receipts or sales that drive one position
     * towards the per-position limit (+-2^46 = 64 maximal commands), so the overflow rules are hit.
     */
    public static Arbitrary<Scenario> extremeScenarios(final int maxCommands)
    {
        final Arbitrary<List<Cmd>> bulk = Combinators.combine(
                Arbitraries.of(CommandType.RECEIVE, CommandType.SALE, CommandType.ADJUST),
                Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(60, 66))
            .as((type, l, s, n) ->
            {
                final List<Cmd> run = new ArrayList<>();
                for (int i = 0; i < n; i++)
                {
                    run.add(type == CommandType.ADJUST ?
                        Cmd.adjust(FRESH, l, s, Limits.MAX_COMMAND_QUANTITY, AdjustmentReason.FOUND) :
                        Cmd.stock(type, FRESH, l, s, Limits.MAX_COMMAND_QUANTITY));
                }
                return run;
            });
        final Arbitrary<List<Cmd>> steps = Arbitraries.frequencyOf(of(97, steps()), of(3, bulk));
        return Combinators.combine(steps.list().ofMinSize(1).ofMaxSize(maxCommands)
                .withSizeDistribution(RandomDistribution.uniform()), Arbitraries.of(4, 4096))
            .as((s, window) -> new Scenario(resolveIds(flatten(s, maxCommands)), window));
    }

    static List<Cmd> flatten(final List<List<Cmd>> steps, final int maxCommands)
    {
        final List<Cmd> flat = new ArrayList<>();
        for (final List<Cmd> step : steps)
        {
            flat.addAll(step);
        }
        return flat.size() > maxCommands ? flat.subList(0, maxCommands) : flat;
    }

    static List<Cmd> resolveIds(final List<Cmd> cmds)
    {
        final List<Cmd> resolved = new ArrayList<>(cmds.size());
        for (int i = 0; i < cmds.size(); i++)
        {
            final Cmd c = cmds.get(i);
            resolved.add(c.commandId() == FRESH ? c.withCommandId(FIRST_FRESH_ID + i) : c);
        }
        return resolved;
    }

    public static Arbitrary<Cmd> commands()
    {
        return Arbitraries.frequencyOf(
            of(2, defineLocation()),
            of(2, defineSku()),
            of(12, stock(CommandType.RECEIVE, quantity(50))),
            of(5, adjust()),
            of(3, stock(CommandType.STOCKTAKE, count())),
            of(5, stock(CommandType.SALE, quantity())),
            of(3, stock(CommandType.RETURN, quantity())),
            of(18, reserve()),
            of(5, take(CommandType.RELEASE)),
            of(5, take(CommandType.FULFIL)),
            of(7, transferOut()),
            of(6, stock(CommandType.TRANSFER_IN, quantity(6))),
            of(3, stock(CommandType.SET_SAFETY_STOCK, count())),
            of(3, queryPosition()),
            of(3, queryAvailability()));
    }

    static Arbitrary<Long> commandId()
    {
        return Arbitraries.frequencyOf(
            of(85, Arbitraries.just(FRESH)),
            of(3, Arbitraries.just(0L)),
            of(2, Arbitraries.longs().between(1, 6)),
            of(7, Arbitraries.longs().between(FIRST_FRESH_ID, FIRST_FRESH_ID + 80)),
            of(3, Arbitraries.just(-7L)));
    }

    static Arbitrary<Integer> location()
    {
        return Arbitraries.frequencyOf(
            of(24, Arbitraries.integers().between(0, 2)),
            of(1, Arbitraries.integers().between(3, 4)),
            of(1, Arbitraries.of(-1, Integer.MAX_VALUE, Integer.MIN_VALUE)));
    }

    static Arbitrary<Integer> sku()
    {
        return location();
    }

    /** A quantity that must be positive: mostly small, sometimes zero, negative or huge. */
    static Arbitrary<Long> quantity()
    {
        return quantity(30);
    }

    /** A quantity that must be positive: mostly 1 to {@code typical}, sometimes zero, negative or huge. */
    static Arbitrary<Long> quantity(final long typical)
    {
        return Arbitraries.frequencyOf(
            of(82, Arbitraries.longs().between(1, typical)),
            of(4, Arbitraries.longs().between(31, 500)),
            of(4, Arbitraries.just(0L)),
            of(4, Arbitraries.longs().between(-5, -1)),
            of(6, Arbitraries.of(Limits.MAX_COMMAND_QUANTITY, Limits.MAX_COMMAND_QUANTITY + 1, Long.MAX_VALUE,
                Long.MIN_VALUE)));
    }

    /** An absolute count (stocktake, safety stock): zero allowed, sometimes negative or huge. */
    static Arbitrary<Long> count()
    {
        return Arbitraries.frequencyOf(
            of(80, Arbitraries.longs().between(0, 40)),
            of(4, Arbitraries.longs().between(-3, -1)),
            of(4, Arbitraries.of(Limits.MAX_COMMAND_QUANTITY, Limits.MAX_COMMAND_QUANTITY + 1, Long.MIN_VALUE)));
    }

    static Arbitrary<Long> reservationId()
    {
        return Arbitraries.frequencyOf(
            of(94, Arbitraries.longs().between(1, 12)),
            of(2, Arbitraries.just(0L)),
            of(2, Arbitraries.just(-1L)));
    }

    static Arbitrary<Cmd> stock(final CommandType type, final Arbitrary<Long> quantities)
    {
        return Combinators.combine(commandId(), location(), sku(), quantities)
            .as((id, l, s, q) -> Cmd.stock(type, id, l, s, q));
    }

    static Arbitrary<Cmd> adjust()
    {
        final Arbitrary<Long> delta = Arbitraries.frequencyOf(
            of(85, Arbitraries.longs().between(-20, 20)),
            of(5, Arbitraries.of(Limits.MAX_COMMAND_QUANTITY, -Limits.MAX_COMMAND_QUANTITY,
                Limits.MAX_COMMAND_QUANTITY + 1, -Limits.MAX_COMMAND_QUANTITY - 1, Long.MIN_VALUE)));
        final Arbitrary<AdjustmentReason> reason = Arbitraries.of(AdjustmentReason.class).injectNull(0.1);
        return Combinators.combine(commandId(), location(), sku(), delta, reason)
            .as((id, l, s, d, r) -> Cmd.adjust(id, l, s, d, r));
    }

    static Arbitrary<Cmd> reserve()
    {
        return Combinators.combine(commandId(), reservationId(), location(), sku(), quantity(8))
            .as((id, r, l, s, q) -> Cmd.reserve(id, r, l, s, q));
    }

    static Arbitrary<Cmd> take(final CommandType type)
    {
        return Combinators.combine(commandId(), reservationId(), quantity(6))
            .as((id, r, q) -> type == CommandType.RELEASE ? Cmd.release(id, r, q) : Cmd.fulfil(id, r, q));
    }

    static Arbitrary<Cmd> transferOut()
    {
        return Combinators.combine(commandId(), location(), location(), sku(), quantity(12))
            .as((id, from, to, s, q) -> Cmd.transferOut(id, from, to, s, q));
    }

    static Arbitrary<Cmd> queryPosition()
    {
        return Combinators.combine(commandId(), location(), sku()).as((id, l, s) -> Cmd.queryPosition(id, l, s));
    }

    static Arbitrary<Cmd> queryAvailability()
    {
        return Combinators.combine(commandId(), sku()).as((id, s) -> Cmd.queryAvailability(id, s));
    }

    /** Mostly duplicates of the standard codes and a few new ones, plus invalid codes. */
    static Arbitrary<String> code(final String... valid)
    {
        return Arbitraries.frequencyOf(
            of(12, Arbitraries.of(valid)),
            of(1, Arbitraries.of("", "x".repeat(Limits.MAX_CODE_BYTES + 1),
                "\u00e9".repeat(Limits.MAX_CODE_BYTES / 2 + 1), "\u00e9".repeat(Limits.MAX_CODE_BYTES / 2))),
            of(1, Arbitraries.of("BAD\ud800", "\udc00", "OK\ud83d\ude00"))).injectNull(0.05);
    }

    static Arbitrary<Cmd> defineLocation()
    {
        final Arbitrary<Tier> tier = Arbitraries.of(Tier.class).injectNull(0.1);
        final Arbitrary<Integer> lat = Arbitraries.frequencyOf(
            of(9, Arbitraries.integers().between(-Limits.MAX_LATITUDE_MICROS, Limits.MAX_LATITUDE_MICROS)),
            of(1, Arbitraries.of(Limits.MAX_LATITUDE_MICROS + 1, Integer.MIN_VALUE)));
        final Arbitrary<Integer> lon = Arbitraries.frequencyOf(
            of(9, Arbitraries.integers().between(-Limits.MAX_LONGITUDE_MICROS, Limits.MAX_LONGITUDE_MICROS)),
            of(1, Arbitraries.of(-Limits.MAX_LONGITUDE_MICROS - 1, Integer.MAX_VALUE)));
        final Arbitrary<Integer> caps = Arbitraries.frequencyOf(
            of(9, Arbitraries.integers().between(0, 15)), of(1, Arbitraries.of(16, -1)));
        return Combinators.combine(commandId(), code("W1", "F1", "S1", "S2", "W2"), tier, lat, lon, caps)
            .as((id, code, t, la, lo, c) -> Cmd.defineLocation(id, code, t, la, lo, c));
    }

    static Arbitrary<Cmd> defineSku()
    {
        final Arbitrary<StockUnit> unit = Arbitraries.of(StockUnit.class).injectNull(0.1);
        return Combinators.combine(commandId(), code("MILK-1L", "RICE", "OIL", "EGGS", "TEA"), unit)
            .as((id, code, u) -> Cmd.defineSku(id, code, u));
    }
}

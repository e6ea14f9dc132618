package io.omnistock.core.replenishment;

import io.omnistock.api.ReplenishmentKind;
import io.omnistock.api.Tier;
import io.omnistock.core.catalog.LocationTable;
import io.omnistock.core.state.StateHash;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

import static io.omnistock.core.replenishment.ReplenishmentRules.NONE;

/**
 * The policies positions fall back on: a location's default, else its tier's. Positions pick a
 * change up lazily, at their next check (a tier may hold millions of them): each change bumps the
 * {@link #generation}, and an entry whose levels were worked out in an older one works them out
 * again.
 */
final class PolicyDefaults
{
    private final ReplenishmentRules rules;
    private final LocationTable locations;
    private final int[] tierRule = new int[Tier.COUNT];
    private int[] locationRule = new int[0];
    /** How many location and tier defaults exist: while none do, an untracked slot costs one compare. */
    private int count;
    /** Bumped when a default changes; an entry of an older generation works its levels out again. */
    int generation;

    PolicyDefaults(final ReplenishmentRules rules, final LocationTable locations)
    {
        this.rules = rules;
        this.locations = locations;
        Arrays.fill(tierRule, NONE);
    }

    boolean any()
    {
        return count != 0;
    }

    void locationDefined(final int location)
    {
        if (location >= locationRule.length)
        {
            final int from = locationRule.length;
            locationRule = Arrays.copyOf(locationRule, Math.max(64, Math.max(location + 1, from * 2)));
            Arrays.fill(locationRule, from, locationRule.length, NONE);
        }
    }

    /** @return the rule of the location's default, else its tier's, or {@link ReplenishmentRules#NONE}. */
    int ruleFor(final int location)
    {
        final int own = locationRule[location];
        return own != NONE ? own : tierRule[locations.tierOrdinal(location)];
    }

    /** Sets ({@code kind} non-null) or removes a location's default policy. */
    void setLocation(final int location, final ReplenishmentKind kind, final long reorder, final long upTo,
        final long overstock, final long pack, final long moq, final int source, final int leadHours,
        final int slowDays)
    {
        locationRule[location] = replace(locationRule[location], kind, reorder, upTo, overstock, pack, moq, source,
            leadHours, slowDays);
    }

    /** Sets ({@code kind} non-null) or removes a tier's default policy. */
    void setTier(final int tier, final ReplenishmentKind kind, final long reorder, final long upTo,
        final long overstock, final long pack, final long moq, final int source, final int leadHours,
        final int slowDays)
    {
        tierRule[tier] = replace(tierRule[tier], kind, reorder, upTo, overstock, pack, moq, source, leadHours,
            slowDays);
    }

    private int replace(final int current, final ReplenishmentKind kind, final long reorder, final long upTo,
        final long overstock, final long pack, final long moq, final int source, final int leadHours,
        final int slowDays)
    {
        generation++;
        if (kind == null)
        {
            if (current != NONE)
            {
                rules.remove(current);
                count--;
            }
            return NONE;
        }
        if (current == NONE)
        {
            count++;
            return rules.add(kind, reorder, upTo, overstock, pack, moq, source, leadHours, slowDays);
        }
        rules.set(current, kind, reorder, upTo, overstock, pack, moq, source, leadHours, slowDays);
        return current;
    }

    /** Adds the defaults to the book's checksum {@code sum}: location defaults summed, then each tier's. */
    long checksum(final long sum)
    {
        long h = sum;
        for (int location = 0; location < locationRule.length; location++)
        {
            h += locationRule[location] == NONE ? 0 : StateHash.combine(location, rules.hash(locationRule[location]));
        }
        for (int tier = 0; tier < Tier.COUNT; tier++)
        {
            h = StateHash.combine(h, rules.hash(tierRule[tier]));
        }
        return h;
    }

    void writeTo(final DataOutput out) throws IOException
    {
        int locationDefaults = 0;
        for (final int rule : locationRule)
        {
            locationDefaults += rule == NONE ? 0 : 1;
        }
        out.writeInt(locationDefaults);
        for (int location = 0; location < locationRule.length; location++)
        {
            if (locationRule[location] != NONE)
            {
                out.writeInt(location);
                rules.writeTo(out, locationRule[location]);
            }
        }
        for (int tier = 0; tier < Tier.COUNT; tier++)
        {
            rules.writeTo(out, tierRule[tier]);
        }
    }

    /** Loads the defaults into this empty set; every location is defined already. */
    void readFrom(final DataInput in) throws IOException
    {
        final int locationDefaults = in.readInt();
        for (int i = 0; i < locationDefaults; i++)
        {
            final int location = in.readInt();
            if (!locations.exists(location) || locationRule[location] != NONE)
            {
                throw new IOException("snapshot location default " + i + " is invalid");
            }
            locationRule[location] = rules.readFrom(in);
            count += locationRule[location] == NONE ? 0 : 1;
        }
        for (int tier = 0; tier < Tier.COUNT; tier++)
        {
            tierRule[tier] = rules.readFrom(in);
            count += tierRule[tier] == NONE ? 0 : 1;
        }
    }
}

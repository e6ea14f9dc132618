package io.omnistock.core.replenishment;

import io.omnistock.api.AlertKind;
import io.omnistock.api.ReplenishmentKind;
import io.omnistock.api.ReplenishmentPolicy;
import io.omnistock.core.command.OutputEvents;
import io.omnistock.core.state.StateHash;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Replenishment's storage: one 64-byte entry per tracked position holding everything a check reads
 * (the levels the policy works out to, the open request, the alert state, today's demand), the
 * colder fields beside it (own policy, demand averages, the request's source and transfer), and a
 * direct index from position slot to entry. Also the per-entry arithmetic: levels from a policy
 * and the demand averages, and the days rolled into them. {@link Replenishment} decides.
 */
final class ReplenishmentEntries
{
    static final long LOW = 1;
    static final long OUT = 1 << 1;
    static final long OVER = 1 << 2;
    static final long SLOW = 1 << 3;
    /** Bits 8-9 of the state: days with demand since SLOW_MOVER was raised; two clear it. */
    static final int DEMAND_DAYS_SHIFT = 8;
    static final long DEMAND_DAYS = 3L << DEMAND_DAYS_SHIFT;
    /** Bits 16-31 of the state: the policy's slow-mover days, copied here so a check reads one line. */
    static final int SLOW_DAYS_SHIFT = 16;
    /** Reorder level of a policy that asks for nothing (no demand seen yet). */
    static final long NEVER = -1;

    /**
     * Entry + 1 by position slot (0: not tracked), in pages of {@link #PAGE} slots allocated when a
     * policy first reaches a slot in them: a direct index, no hash probe on the stock-command path.
     */
    static final int PAGE_SHIFT = 13;
    static final int PAGE = 1 << PAGE_SHIFT;
    private int[][] entryPages = new int[0][];

    /** An entry is one 64-byte line: what every check reads and writes. */
    static final int STRIDE = 8;
    /** Position slot, and (high 32 bits) the defaults generation its levels were worked out for. */
    static final int KEY = 0;
    /** Alert and request flags, demand days, slow-mover days. */
    static final int STATE = 1;
    static final int OPEN_REQUEST = 2;
    static final int REORDER_LEVEL = 3;
    static final int UP_TO_LEVEL = 4;
    static final int OVER_LEVEL = 5;
    /** The day being counted (high 32 bits) and the last day with demand (low 32 bits). */
    static final int DAYS = 6;
    static final int DAY_DEMAND = 7;
    long[] data = new long[16 * STRIDE];

    /** Per entry, what only level changes, new requests and transfers read. */
    static final int COLD_STRIDE = 5;
    static final int OWN_RULE = 0;
    static final int MEAN = 1;
    static final int VARIANCE = 2;
    static final int REQUEST_SOURCE = 3;
    /**
     * The created transfer order made from the open request, or 0 (transfer ids are never 0). It
     * names the transfer, not just that there is one: a request may close while its transfer is
     * still created, and that transfer's ship or cancel must not free the position's next request.
     */
    static final int REQUEST_TRANSFER = 4;
    long[] cold = new long[16 * COLD_STRIDE];
    int count;

    /** @return the entry of the slot, or -1. */
    int entryOf(final int slot)
    {
        final int page = slot >>> PAGE_SHIFT;
        return page < entryPages.length && entryPages[page] != null ? entryPages[page][slot & (PAGE - 1)] - 1 : -1;
    }

    void setEntry(final int slot, final int entry)
    {
        final int page = slot >>> PAGE_SHIFT;
        if (page >= entryPages.length)
        {
            entryPages = Arrays.copyOf(entryPages, page + 1);
        }
        if (entryPages[page] == null)
        {
            entryPages[page] = new int[PAGE];
        }
        entryPages[page][slot & (PAGE - 1)] = entry + 1;
    }

    /** @return a new entry, its fields still to be set; the arrays grow as needed. */
    int allocate()
    {
        if ((count + 1) * STRIDE > data.length)
        {
            data = Arrays.copyOf(data, data.length * 2);
            cold = Arrays.copyOf(cold, cold.length * 2);
        }
        return count++;
    }

    /** @return whether entry {@code e} has the alert raised and not yet cleared. */
    boolean alertActive(final int e, final AlertKind alert)
    {
        final long bits = data[e * STRIDE + STATE];
        return switch (alert)
        {
            case LOW_STOCK -> (bits & LOW) != 0;
            case OUT_OF_STOCK -> (bits & OUT) != 0;
            case OVERSTOCK -> (bits & OVER) != 0;
            case SLOW_MOVER -> (bits & SLOW) != 0;
            case BACK_IN_STOCK -> false;
        };
    }


    /** Makes entry {@code e} the slot's: no policy of its own, no demand seen, counting from {@code today}. */
    void init(final int e, final int slot, final long today)
    {
        assert entryOf(slot) < 0 : "slot " + slot + " tracked twice";
        final int o = e * STRIDE;
        data[o + KEY] = slot;
        data[o + STATE] = 0;
        data[o + OPEN_REQUEST] = 0;
        data[o + REORDER_LEVEL] = NEVER;
        data[o + UP_TO_LEVEL] = 0;
        data[o + OVER_LEVEL] = Long.MAX_VALUE;
        data[o + DAYS] = (today << 32) | (today & 0xFFFF_FFFFL);
        data[o + DAY_DEMAND] = 0;
        final int c = e * COLD_STRIDE;
        cold[c + OWN_RULE] = ReplenishmentRules.NONE;
        cold[c + MEAN] = Double.doubleToLongBits(0);
        cold[c + VARIANCE] = Double.doubleToLongBits(0);
        cold[c + REQUEST_SOURCE] = ReplenishmentPolicy.SUPPLIER;
        cold[c + REQUEST_TRANSFER] = 0;
        setEntry(slot, e);
    }

    /** Removes entry {@code e} of {@code slot}; the last entry takes its place, so entries stay dense. */
    void remove(final int e, final int slot)
    {
        assert entryOf(slot) == e : "slot " + slot + " is not entry " + e + "'s";
        entryPages[slot >>> PAGE_SHIFT][slot & (PAGE - 1)] = 0;
        final int last = --count;
        if (e != last)
        {
            System.arraycopy(data, last * STRIDE, data, e * STRIDE, STRIDE);
            System.arraycopy(cold, last * COLD_STRIDE, cold, e * COLD_STRIDE, COLD_STRIDE);
            setEntry((int)data[e * STRIDE + KEY], e);
        }
    }

    long recordDemand(final int o, final int today, final long demand, final long state)
    {
        final int lastDay = (int)data[o + DAYS];
        addDemand(o, today, demand);
        if ((state & SLOW) == 0 || today == lastDay)
        {
            return state;
        }
        // One stray sale does not make a slow mover sell: demand on a second day clears the alert.
        final long days = ((state & DEMAND_DAYS) >>> DEMAND_DAYS_SHIFT) + 1;
        return days >= 2 ? state & ~(SLOW | DEMAND_DAYS) : (state & ~DEMAND_DAYS) | (days << DEMAND_DAYS_SHIFT);
    }

    /** Adds units to the day being counted and makes {@code day} the last day with demand. */
    void addDemand(final int o, final int day, final long units)
    {
        data[o + DAY_DEMAND] += units;
        data[o + DAYS] = (data[o + DAYS] & 0xFFFF_FFFF_0000_0000L) | (day & 0xFFFF_FFFFL);
    }

    /** Works the policy's levels out in units, from its parameters and the demand averages. */
    void workOutLevels(final int e, final int rule, final ReplenishmentRules rules, final int generation)
    {
        final int o = e * STRIDE;
        final double mean = Double.longBitsToDouble(cold[e * COLD_STRIDE + MEAN]);
        final long pack = rules.pack(rule);
        long reorder = NEVER;
        long upTo = 0;
        long over = Long.MAX_VALUE;
        final ReplenishmentKind kind = rules.kind(rule);
        if (kind == ReplenishmentKind.MIN_MAX)
        {
            reorder = rules.reorder(rule);
            upTo = rules.upTo(rule);
            over = upTo + pack - 1;
        }
        else if (mean > 0 && kind == ReplenishmentKind.DAYS_OF_COVER)
        {
            // "Covers fewer than D days": projected < mean x D, i.e. at most ceil(mean x D) - 1 units.
            reorder = DemandMath.ceilUnits(mean * rules.reorder(rule)) - 1;
            upTo = DemandMath.ceilUnits(mean * rules.upTo(rule));
            over = Math.max(DemandMath.floorUnits(mean * rules.overstock(rule)), upTo + pack - 1);
        }
        else if (mean > 0)
        {
            final double leadDays = rules.leadHours(rule) / 24.0;
            final double sigma = StrictMath.sqrt(Double.longBitsToDouble(cold[e * COLD_STRIDE + VARIANCE]));
            reorder = DemandMath.ceilUnits(mean * leadDays + rules.safetyFactor(rule) * sigma * StrictMath.sqrt(leadDays));
            upTo = reorder + DemandMath.ceilUnits(mean * rules.upTo(rule));
            over = upTo + pack - 1;
        }
        // Before any demand is seen, a demand-driven policy asks for nothing and calls nothing overstock.
        // A request fills the position above its reorder level, and what it fills to is not overstock.
        assert reorder < upTo && upTo <= over : "levels " + reorder + " < " + upTo + " <= " + over + " for entry " + e;
        data[o + REORDER_LEVEL] = reorder;
        data[o + UP_TO_LEVEL] = upTo;
        data[o + OVER_LEVEL] = over;
        data[o + KEY] = (data[o + KEY] & 0xFFFF_FFFFL) | ((long)generation << 32);
        data[o + STATE] = (data[o + STATE] & ~(0xFFFFL << SLOW_DAYS_SHIFT)) |
            ((long)rules.slowMoverDays(rule) << SLOW_DAYS_SHIFT);
    }

    /** Closes the days from the one being counted up to yesterday into the demand averages. */
    void rollDays(final int e, final int today)
    {
        final int o = e * STRIDE;
        final int counted = (int)(data[o + DAYS] >> 32);
        if (today <= counted)
        {
            return;
        }
        final int c = e * COLD_STRIDE;
        double mean = Double.longBitsToDouble(cold[c + MEAN]);
        double variance = Double.longBitsToDouble(cold[c + VARIANCE]);
        variance = DemandMath.nextVariance(variance, mean, data[o + DAY_DEMAND]);
        mean = DemandMath.nextMean(mean, data[o + DAY_DEMAND]);
        final long emptyDays = (long)today - counted - 1;
        if (emptyDays > DemandMath.MAX_DECAY_DAYS)
        {
            mean = 0;
            variance = 0;
        }
        for (long d = 0; d < emptyDays && mean != 0; d++)
        {
            variance = DemandMath.nextVariance(variance, mean, 0);
            mean = DemandMath.nextMean(mean, 0);
        }
        cold[c + MEAN] = Double.doubleToLongBits(mean);
        cold[c + VARIANCE] = Double.doubleToLongBits(variance);
        data[o + DAYS] = ((long)today << 32) | (data[o + DAYS] & 0xFFFF_FFFFL);
        data[o + DAY_DEMAND] = 0;
    }

    /** Raises SLOW_MOVER once stock has sat without demand for the policy's number of days. */
    long slowMover(
        final int o, final long state, final long onHand, final int today, final int location, final int sku,
        final OutputEvents events)
    {
        final int slowDays = (int)(state >>> SLOW_DAYS_SHIFT) & 0xFFFF;
        if (slowDays != 0 && (state & SLOW) == 0 && onHand > 0 && today - (int)data[o + DAYS] >= slowDays)
        {
            events.addAlert(location, sku, AlertKind.SLOW_MOVER);
            return (state | SLOW) & ~DEMAND_DAYS;
        }
        return state;
    }

    /** @return the entries' part of the book's checksum: a sum, independent of entry order. */
    long checksum(final ReplenishmentRules rules)
    {
        long sum = 0;
        for (int e = 0; e < count; e++)
        {
            long h = data[e * STRIDE];
            for (int f = 1; f < STRIDE; f++)
            {
                h = StateHash.combine(h, data[e * STRIDE + f]);
            }
            for (int f = MEAN; f < COLD_STRIDE; f++)
            {
                h = StateHash.combine(h, cold[e * COLD_STRIDE + f]);
            }
            sum += StateHash.combine(h, rules.hash((int)cold[e * COLD_STRIDE + OWN_RULE]));
        }
        return sum;
    }

    /** Writes the count and the entries, by slot, so the bytes do not depend on the order entries were made and dropped in. */
    void writeTo(final DataOutput out, final ReplenishmentRules rules) throws IOException
    {
        final long[] bySlot = new long[count];
        for (int e = 0; e < count; e++)
        {
            bySlot[e] = ((data[e * STRIDE + KEY] & 0xFFFF_FFFFL) << 32) | e;
        }
        Arrays.sort(bySlot);
        out.writeInt(count);
        for (final long key : bySlot)
        {
            final int e = (int)key;
            for (int f = 0; f < STRIDE; f++)
            {
                out.writeLong(data[e * STRIDE + f]);
            }
            for (int f = MEAN; f < COLD_STRIDE; f++)
            {
                out.writeLong(cold[e * COLD_STRIDE + f]);
            }
            rules.writeTo(out, (int)cold[e * COLD_STRIDE + OWN_RULE]);
        }
    }

    /**
     * Reads entry {@code e}'s fields after its {@code key}; a snapshot older than format 4 has
     * {@code coldFields} of them, without the request's transfer.
     */
    void readEntry(final int e, final long key, final DataInput in, final int coldFields,
        final ReplenishmentRules rules) throws IOException
    {
        data[e * STRIDE + KEY] = key;
        for (int f = 1; f < STRIDE; f++)
        {
            data[e * STRIDE + f] = in.readLong();
        }
        for (int f = MEAN; f < coldFields; f++)
        {
            cold[e * COLD_STRIDE + f] = in.readLong();
        }
        cold[e * COLD_STRIDE + OWN_RULE] = rules.readFrom(in);
    }

    /** @return whether entry {@code e}'s state has any of the {@code bits}. */
    boolean stateBits(final int e, final long bits)
    {
        return (data[e * STRIDE + STATE] & bits) != 0;
    }

    void clearStateBits(final long bits)
    {
        for (int e = 0; e < count; e++)
        {
            data[e * STRIDE + STATE] &= ~bits;
        }
    }

    /** The open request of entry {@code e} is now transfer {@code transferId}'s. */
    void setRequestTransfer(final int e, final long transferId)
    {
        cold[e * COLD_STRIDE + REQUEST_TRANSFER] = transferId;
    }
}

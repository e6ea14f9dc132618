package io.omnistock.daemon.forecast;

import io.omnistock.api.EventKind;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.ReplenishmentKind;
import io.omnistock.api.ReplenishmentPolicy;
import io.omnistock.api.Tier;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.command.OutputEvents;
import io.omnistock.core.planning.DailySales;
import io.omnistock.core.planning.PlanningData;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import static io.omnistock.core.command.CommandSlot.SCOPE_LOCATION;
import static io.omnistock.core.command.CommandSlot.SCOPE_POSITION;
import static io.omnistock.core.command.CommandSlot.SCOPE_TIER;

/**
 * What the forecast job knows, built from journal records alone (in sequence order), so the same
 * journal prefix always gives the same projection: daily sales and stock-outs per position and each
 * channel's share of its sales, the
 * forecast master data, and the replenishment policies in force (a position's own, and which
 * locations and tiers have a DYNAMIC default), with each location's tier.
 */
final class ForecastProjection
{
    final ChannelShares channels = new ChannelShares();
    final DailySales sales = new DailySales(-1, -1, channels::sold);
    final PlanningData planning = new PlanningData();
    /** A position's own policy, by {@link PlanningData#positionKey}. */
    final Map<Long, ReplenishmentPolicy> ownPolicies = new HashMap<>();
    /** The kind of each location's and tier's default policy. */
    final Map<Integer, ReplenishmentKind> locationDefaults = new HashMap<>();
    final Map<Tier, ReplenishmentKind> tierDefaults = new EnumMap<>(Tier.class);
    final Map<Integer, Tier> locationTiers = new HashMap<>();
    /** Supplier and transfer lead times observed, for the safety stock's lead-time term (a test swaps in none). */
    LeadTimes leadTimes = new LeadTimes();
    long lastSequence;
    long lastTimestamp;

    void add(final CommandSlot c)
    {
        lastSequence = c.sequence;
        lastTimestamp = Math.max(lastTimestamp, c.timestamp);
        sales.add(c);
        leadTimes.add(c);
        channels.orders(c);
        if (c.reason != ReasonCode.OK)
        {
            return;
        }
        if (planning.apply(c.command()))
        {
            return;
        }
        switch (c.type)
        {
            case DEFINE_LOCATION -> defined(c);
            case SET_REPLENISHMENT_POLICY -> ownPolicy(c.location, c.sku, c.orderUpTo == 0 ? null :
                new ReplenishmentPolicy(ReplenishmentKind.MIN_MAX, c.quantity, c.orderUpTo, 0, c.packSize,
                    c.minOrderQuantity, c.toLocation, c.leadTimeHours, 0));
            case SET_REPLENISHMENT_RULE -> rule(c);
            default ->
            {
            }
        }
    }

    private void defined(final CommandSlot c)
    {
        final OutputEvents events = c.events;
        for (int i = 0; i < events.count(); i++)
        {
            events.moveTo(i);
            if (events.kind() == EventKind.LOCATION_DEFINED)
            {
                locationTiers.put(events.location(), c.tier);
            }
        }
    }

    private void rule(final CommandSlot c)
    {
        final ReplenishmentKind kind = c.replenishmentKind;
        switch (c.policyScope)
        {
            case SCOPE_POSITION -> ownPolicy(c.location, c.sku, kind == null ? null :
                new ReplenishmentPolicy(kind, c.quantity, c.orderUpTo, c.overstockLevel, c.packSize,
                    c.minOrderQuantity, c.toLocation, c.leadTimeHours, c.slowMoverDays));
            case SCOPE_LOCATION ->
            {
                if (kind == null)
                {
                    locationDefaults.remove(c.location);
                }
                else
                {
                    locationDefaults.put(c.location, kind);
                }
            }
            case SCOPE_TIER ->
            {
                if (kind == null)
                {
                    tierDefaults.remove(c.tier);
                }
                else
                {
                    tierDefaults.put(c.tier, kind);
                }
            }
            default ->
            {
            }
        }
    }

    private void ownPolicy(final int location, final int sku, final ReplenishmentPolicy policy)
    {
        final long key = PlanningData.positionKey(location, sku);
        if (policy == null)
        {
            ownPolicies.remove(key);
        }
        else
        {
            ownPolicies.put(key, policy);
        }
    }

    /**
     * The precedence (docs/replenishment.md): a DYNAMIC policy in force at the position wins over
     * the forecast. The engine applies a position's own policy, else its location's default, else
     * its tier's: the first present decides, so a position's own MIN_MAX under a DYNAMIC default
     * is the forecast's to set.
     */
    boolean dynamicInForce(final int location, final int sku)
    {
        final ReplenishmentPolicy own = ownPolicies.get(PlanningData.positionKey(location, sku));
        if (own != null)
        {
            return own.kind() == ReplenishmentKind.DYNAMIC;
        }
        final ReplenishmentKind byLocation = locationDefaults.get(location);
        if (byLocation != null)
        {
            return byLocation == ReplenishmentKind.DYNAMIC;
        }
        final Tier tier = locationTiers.get(location);
        return tier != null && tierDefaults.get(tier) == ReplenishmentKind.DYNAMIC;
    }
}

package io.omnistock.daemon.forecast;

import io.omnistock.api.EventKind;
import io.omnistock.api.EventView;
import io.omnistock.api.PolicyScope;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.ReplenishmentKind;
import io.omnistock.api.ReplenishmentPolicy;
import io.omnistock.api.Tier;
import io.omnistock.core.journal.CommandFields;
import io.omnistock.core.journal.JournalRecord;
import io.omnistock.core.planning.DailySales;
import io.omnistock.core.planning.PlanningData;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

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

    /** Adds the next journal record (read-only, valid for this call). */
    void add(final JournalRecord record)
    {
        lastSequence = record.sequence();
        lastTimestamp = Math.max(lastTimestamp, record.timestamp());
        sales.add(record);
        leadTimes.add(record);
        channels.orders(record);
        if (record.reason() != ReasonCode.OK)
        {
            return;
        }
        final CommandFields c = record.command();
        if (planning.apply(c))
        {
            return;
        }
        switch (record.type())
        {
            case DEFINE_LOCATION -> defined(record);
            case SET_REPLENISHMENT_POLICY -> ownPolicy(c.location(), c.sku(), c.orderUpTo() == 0 ? null :
                new ReplenishmentPolicy(ReplenishmentKind.MIN_MAX, c.quantity(), c.orderUpTo(), 0, c.packSize(),
                    c.minOrderQuantity(), c.toLocation(), c.leadTimeHours(), 0));
            case SET_REPLENISHMENT_RULE -> rule(c);
            default ->
            {
            }
        }
    }

    private void defined(final JournalRecord record)
    {
        for (int i = 0; i < record.eventCount(); i++)
        {
            final EventView event = record.event(i);
            if (event.kind() == EventKind.LOCATION_DEFINED)
            {
                locationTiers.put(event.location(), record.command().tier());
            }
        }
    }

    private void rule(final CommandFields c)
    {
        final ReplenishmentKind kind = c.replenishmentKind();
        switch (c.policyScope())
        {
            case PolicyScope.POSITION -> ownPolicy(c.location(), c.sku(), kind == null ? null :
                new ReplenishmentPolicy(kind, c.quantity(), c.orderUpTo(), c.overstockLevel(), c.packSize(),
                    c.minOrderQuantity(), c.toLocation(), c.leadTimeHours(), c.slowMoverDays()));
            case PolicyScope.LOCATION ->
            {
                if (kind == null)
                {
                    locationDefaults.remove(c.location());
                }
                else
                {
                    locationDefaults.put(c.location(), kind);
                }
            }
            case PolicyScope.TIER ->
            {
                if (kind == null)
                {
                    tierDefaults.remove(c.tier());
                }
                else
                {
                    tierDefaults.put(c.tier(), kind);
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

package io.omnistock.core.state;

import io.omnistock.api.FulfilmentRules;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.RankCriterion;
import io.omnistock.api.RoutingPolicy;
import io.omnistock.api.RuleSet;
import io.omnistock.api.Tier;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one binary form of a {@link RoutingPolicy}, used by the journal (policy commands) and by
 * snapshots. Policies change rarely, so clarity wins over allocation here.
 *
 * <p>List sizes are written as one unsigned byte. {@link RoutingPolicy#problem()} bounds every list
 * (fulfilment types, rule sets, and in a rule set its tiers, preferred tiers and criteria, none
 * repeated) far below that, so a valid policy takes at most a few KiB.
 */
public final class PolicyCodec
{
    private static final int MAX_COUNT = 0xFF;
    /** Marks the optional section of pick-and-pack times by fulfilment type. */
    private static final int BY_TYPE_PICK_PACK = 1;
    /** Marks the optional section of fulfilment rules by type: a byte of flags per type. */
    private static final int BY_TYPE_RULES = 2;
    private static final int TAKES_PROTECTED_STOCK = 1;
    private static final int ROUTES_BY_PICKUP_STORE = 2;
    private static final int COUNTS_INBOUND_BY_PROMISE = 4;

    private PolicyCodec()
    {
    }

    public static byte[] toBytes(final RoutingPolicy policy)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes))
        {
            out.writeShort(policy.pickPackMinutes());
            out.writeLong(policy.courierMetersPerHour());
            out.writeShort(policy.instantWindowMinutes());
            out.writeLong(policy.highValueThreshold());
            writeCount(out, policy.ruleSets().size());
            for (final List<RuleSet> list : policy.ruleSets())
            {
                writeCount(out, list.size());
                for (final RuleSet r : list)
                {
                    out.writeUTF(r.name());
                    writeTiers(out, r.tiers());
                    out.writeByte(r.capabilities());
                    out.writeBoolean(r.pickupStoreOnly());
                    out.writeBoolean(r.needsAlternativeOk());
                    out.writeLong(r.radiusMeters());
                    out.writeBoolean(r.checkDeliveryTime());
                    writeTiers(out, r.tierPreference());
                    writeCount(out, r.ranking().size());
                    for (final RankCriterion criterion : r.ranking())
                    {
                        out.writeByte(criterion.ordinal());
                    }
                    out.writeByte(r.maxSplits());
                    out.writeShort(r.maxCandidates());
                }
            }
            // Since format 3 (journal) and 5 (snapshots), and only when a policy has them: a policy
            // without per-type times keeps the bytes, and so the checksums, it always had.
            if (!policy.pickPackMinutesByType().isEmpty())
            {
                out.writeByte(BY_TYPE_PICK_PACK);
                for (final int minutes : policy.pickPackMinutesByType())
                {
                    out.writeShort(minutes);
                }
            }
            // Only when a type's rules differ from the defaults (issue 17): a journal holding it is
            // refused by older builds as naming an unknown section, the rest keep their bytes.
            if (!policy.rulesByType().isEmpty())
            {
                out.writeByte(BY_TYPE_RULES);
                for (final FulfilmentRules rules : policy.rulesByType())
                {
                    out.writeByte((rules.takesProtectedStock() ? TAKES_PROTECTED_STOCK : 0) |
                        (rules.routesByPickupStore() ? ROUTES_BY_PICKUP_STORE : 0) |
                        (rules.countsInboundByPromise() ? COUNTS_INBOUND_BY_PROMISE : 0));
                }
            }
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * @throws IOException if the bytes are not a policy (truncated, trailing bytes, or unknown tiers
     *                     or criteria).
     */
    public static RoutingPolicy fromBytes(final byte[] bytes) throws IOException
    {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes)))
        {
            final int pickPack = in.readShort();
            final long courier = in.readLong();
            final int window = in.readShort();
            final long highValue = in.readLong();
            final int types = in.readUnsignedByte();
            if (types != FulfilmentType.COUNT)
            {
                throw new IOException("policy has rule sets for " + types + " fulfilment types");
            }
            final List<List<RuleSet>> ruleSets = new ArrayList<>();
            for (int t = 0; t < types; t++)
            {
                final int n = in.readUnsignedByte();
                final List<RuleSet> list = new ArrayList<>();
                for (int i = 0; i < n; i++)
                {
                    final String name = in.readUTF();
                    final List<Tier> tiers = readTiers(in);
                    final int capabilities = in.readByte();
                    final boolean pickupOnly = in.readBoolean();
                    final boolean needsAlternative = in.readBoolean();
                    final long radius = in.readLong();
                    final boolean checkTime = in.readBoolean();
                    final List<Tier> preference = readTiers(in);
                    final int criteria = in.readUnsignedByte();
                    final List<RankCriterion> ranking = new ArrayList<>();
                    for (int c = 0; c < criteria; c++)
                    {
                        ranking.add(require(RankCriterion.fromOrdinal(in.readByte()), "ranking criterion"));
                    }
                    list.add(new RuleSet(name, tiers, capabilities, pickupOnly, needsAlternative, radius, checkTime,
                        preference, ranking, in.readByte(), in.readShort()));
                }
                ruleSets.add(list);
            }
            final List<Integer> byType = new ArrayList<>(FulfilmentType.COUNT);
            final List<FulfilmentRules> rulesByType = new ArrayList<>(FulfilmentType.COUNT);
            // The optional sections, each at most once and in the order they are written.
            int lastSection = 0;
            while (in.available() != 0)
            {
                final int section = in.readUnsignedByte();
                if (section <= lastSection || section > BY_TYPE_RULES)
                {
                    throw new IOException("policy has an unknown or repeated section " + section);
                }
                lastSection = section;
                for (int t = 0; t < FulfilmentType.COUNT; t++)
                {
                    if (section == BY_TYPE_PICK_PACK)
                    {
                        byType.add((int)in.readShort());
                    }
                    else
                    {
                        rulesByType.add(rules(in.readUnsignedByte()));
                    }
                }
            }
            return new RoutingPolicy(ruleSets, pickPack, courier, window, highValue, byType, rulesByType);
        }
    }

    private static FulfilmentRules rules(final int flags) throws IOException
    {
        if ((flags & ~(TAKES_PROTECTED_STOCK | ROUTES_BY_PICKUP_STORE | COUNTS_INBOUND_BY_PROMISE)) != 0)
        {
            throw new IOException("policy names unknown fulfilment rules " + flags);
        }
        return new FulfilmentRules((flags & TAKES_PROTECTED_STOCK) != 0, (flags & ROUTES_BY_PICKUP_STORE) != 0,
            (flags & COUNTS_INBOUND_BY_PROMISE) != 0);
    }

    private static void writeTiers(final DataOutputStream out, final List<Tier> tiers) throws IOException
    {
        writeCount(out, tiers.size());
        for (final Tier tier : tiers)
        {
            out.writeByte(tier.ordinal());
        }
    }

    private static List<Tier> readTiers(final DataInputStream in) throws IOException
    {
        final int n = in.readUnsignedByte();
        final List<Tier> tiers = new ArrayList<>(n);
        for (int i = 0; i < n; i++)
        {
            tiers.add(require(Tier.fromOrdinal(in.readByte()), "tier"));
        }
        return tiers;
    }

    /**
     * Refuses to truncate a size, which would write a record that reads back as another policy or
     * not at all; only a policy that skipped validation can get here.
     */
    private static void writeCount(final DataOutputStream out, final int count) throws IOException
    {
        if (count > MAX_COUNT)
        {
            throw new IllegalArgumentException("a policy list of " + count + " entries does not fit its record: " +
                "validate the policy with RoutingPolicy.problem() first");
        }
        out.writeByte(count);
    }

    private static <T> T require(final T value, final String what) throws IOException
    {
        if (value == null)
        {
            throw new IOException("policy names an unknown " + what);
        }
        return value;
    }
}

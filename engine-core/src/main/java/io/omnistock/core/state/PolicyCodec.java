package io.omnistock.core.state;

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
 */
public final class PolicyCodec
{
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
            out.writeByte(policy.ruleSets().size());
            for (final List<RuleSet> list : policy.ruleSets())
            {
                out.writeByte(list.size());
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
                    out.writeByte(r.ranking().size());
                    for (final RankCriterion criterion : r.ranking())
                    {
                        out.writeByte(criterion.ordinal());
                    }
                    out.writeByte(r.maxSplits());
                    out.writeShort(r.maxCandidates());
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
     * @throws IOException if the bytes are not a policy (truncated, or unknown tiers or criteria).
     */
    public static RoutingPolicy fromBytes(final byte[] bytes) throws IOException
    {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes)))
        {
            final int pickPack = in.readShort();
            final long courier = in.readLong();
            final int window = in.readShort();
            final long highValue = in.readLong();
            final int types = in.readByte();
            if (types != FulfilmentType.COUNT)
            {
                throw new IOException("policy has rule sets for " + types + " fulfilment types");
            }
            final List<List<RuleSet>> ruleSets = new ArrayList<>();
            for (int t = 0; t < types; t++)
            {
                final int n = in.readByte();
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
                    final int criteria = in.readByte();
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
            return new RoutingPolicy(ruleSets, pickPack, courier, window, highValue);
        }
    }

    private static void writeTiers(final DataOutputStream out, final List<Tier> tiers) throws IOException
    {
        out.writeByte(tiers.size());
        for (final Tier tier : tiers)
        {
            out.writeByte(tier.ordinal());
        }
    }

    private static List<Tier> readTiers(final DataInputStream in) throws IOException
    {
        final int n = in.readByte();
        final List<Tier> tiers = new ArrayList<>(n);
        for (int i = 0; i < n; i++)
        {
            tiers.add(require(Tier.fromOrdinal(in.readByte()), "tier"));
        }
        return tiers;
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

package io.omnistock.core.replenishment;

import io.omnistock.api.ReplenishmentPolicy;
import io.omnistock.api.Tier;
import io.omnistock.core.catalog.Geo;
import io.omnistock.core.catalog.LocationTable;
import io.omnistock.core.state.StateHash;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Where each location is replenished from when its policy names the network: its configured
 * source, or else the built-in upstream: a store from the nearest front warehouse or warehouse, a
 * front warehouse from the nearest warehouse, a warehouse from the supplier. "Nearest" is by
 * {@link Geo} distance with the lower location id on a tie, a total order, so it never depends on
 * the order locations were seen in.
 */
final class SupplyNetwork
{
    /** In {@link #nearest}: not computed since the last upstream location was defined. */
    private static final int UNKNOWN = Integer.MIN_VALUE;

    private final LocationTable locations;
    /** Configured source by location: a location, SUPPLIER, or NETWORK (not configured). */
    private int[] configured = new int[0];
    /** Memo of the built-in upstream by location: derived from the locations, so not state. */
    private int[] nearest = new int[0];

    SupplyNetwork(final LocationTable locations)
    {
        this.locations = locations;
    }

    /** @return the location the network replenishes {@code location} from, or SUPPLIER. */
    int sourceOf(final int location)
    {
        final int own = location < configured.length ? configured[location] : ReplenishmentPolicy.NETWORK;
        if (own != ReplenishmentPolicy.NETWORK)
        {
            return own;
        }
        if (nearest[location] == UNKNOWN)
        {
            nearest[location] = nearestUpstream(location);
        }
        return nearest[location];
    }

    void configure(final int location, final int source)
    {
        configured[location] = source;
    }

    /**
     * Makes room for a new location. A new warehouse or front warehouse may be nearer to others
     * than their upstream so far, so the memo is forgotten; a new store is nobody's upstream.
     */
    void locationDefined(final int location)
    {
        if (location >= configured.length)
        {
            final int n = Math.max(64, Math.max(location + 1, configured.length * 2));
            final int from = configured.length;
            configured = Arrays.copyOf(configured, n);
            Arrays.fill(configured, from, n, ReplenishmentPolicy.NETWORK);
            nearest = Arrays.copyOf(nearest, n);
            Arrays.fill(nearest, from, n, UNKNOWN);
        }
        if (locations.tier(location) != Tier.STORE)
        {
            Arrays.fill(nearest, UNKNOWN);
        }
    }

    private int nearestUpstream(final int location)
    {
        final Tier tier = locations.tier(location);
        if (tier == Tier.WAREHOUSE)
        {
            return ReplenishmentPolicy.SUPPLIER;
        }
        final int lat = locations.latMicros(location);
        final int lon = locations.lonMicros(location);
        final double scale = Geo.longitudeScale(lat);
        int best = ReplenishmentPolicy.SUPPLIER;
        long bestMeters = Long.MAX_VALUE;
        for (int other = 0; other < locations.count(); other++)
        {
            final Tier t = locations.tier(other);
            final boolean upstream = t == Tier.WAREHOUSE || (tier == Tier.STORE && t == Tier.FRONT_WAREHOUSE);
            if (!upstream)
            {
                continue;
            }
            final long meters = Geo.distanceMeters(lat, lon, locations.latMicros(other), locations.lonMicros(other),
                scale);
            // Ascending ids and a strict comparison: the lowest id wins a tie.
            if (meters < bestMeters)
            {
                best = other;
                bestMeters = meters;
            }
        }
        return best;
    }

    long checksum()
    {
        long sum = 0;
        for (int location = 0; location < configured.length; location++)
        {
            if (configured[location] != ReplenishmentPolicy.NETWORK)
            {
                sum += StateHash.combine(location, configured[location]);
            }
        }
        return sum;
    }

    void writeTo(final DataOutput out) throws IOException
    {
        int n = 0;
        for (final int source : configured)
        {
            n += source != ReplenishmentPolicy.NETWORK ? 1 : 0;
        }
        out.writeInt(n);
        for (int location = 0; location < configured.length; location++)
        {
            if (configured[location] != ReplenishmentPolicy.NETWORK)
            {
                out.writeInt(location);
                out.writeInt(configured[location]);
            }
        }
    }

    /** Loads sources into a network whose locations are all defined already. */
    void readFrom(final DataInput in) throws IOException
    {
        final int n = in.readInt();
        for (int i = 0; i < n; i++)
        {
            final int location = in.readInt();
            final int source = in.readInt();
            if (!locations.exists(location) || location == source ||
                (source != ReplenishmentPolicy.SUPPLIER && !locations.exists(source)))
            {
                throw new IOException("snapshot location source " + i + " is invalid");
            }
            configure(location, source);
        }
    }
}

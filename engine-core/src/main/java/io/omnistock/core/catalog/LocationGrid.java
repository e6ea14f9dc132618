package io.omnistock.core.catalog;

import org.agrona.collections.Long2ObjectHashMap;

import java.util.Arrays;

/**
 * Spatial index of locations: square cells of {@link #CELL_MICROS} micro-degrees (about 1.1 km of
 * latitude). A nearest-first search visits cells ring by ring outwards from the destination and
 * stops once no unvisited cell can hold anything nearer than what it already has, so its cost
 * follows the locations nearby, not the size of the network.
 */
public final class LocationGrid
{
    static final int CELL_MICROS = 10_000;
    /** Cells one search may look at; past this it reports that it did not see everything. */
    static final int MAX_CELLS = 4_096;
    /** Cell columns round the globe: 360 degrees. */
    private static final int COLUMNS = (int)(2 * Geo.HALF_TURN_MICROS / CELL_MICROS);

    /** Receives each location in a visited cell; returns whether it counts as a candidate. */
    public interface Visitor
    {
        boolean visit(int location, long distanceMeters);

        /**
         * Called after each ring: every location nearer than {@code certainWithinMeters} has been
         * visited.
         *
         * @return {@code true} to stop: the visitor has what it needs.
         */
        boolean ringDone(long certainWithinMeters);
    }

    private final LocationTable locations;
    private final Long2ObjectHashMap<int[]> cells = new Long2ObjectHashMap<>();
    private int minCellX = Integer.MAX_VALUE;
    private int maxCellX = Integer.MIN_VALUE;
    private int minCellY = Integer.MAX_VALUE;
    private int maxCellY = Integer.MIN_VALUE;

    public LocationGrid(final LocationTable locations)
    {
        this.locations = locations;
    }

    public void add(final int location)
    {
        final int x = columnOf(cellOf(locations.lonMicros(location)));
        final int y = cellOf(locations.latMicros(location));
        final long key = key(x, y);
        final int[] existing = cells.get(key);
        final int[] members;
        if (existing == null)
        {
            members = new int[] {location};
        }
        else
        {
            members = Arrays.copyOf(existing, existing.length + 1);
            members[existing.length] = location;
        }
        cells.put(key, members);
        minCellX = Math.min(minCellX, x);
        maxCellX = Math.max(maxCellX, x);
        minCellY = Math.min(minCellY, y);
        maxCellY = Math.max(maxCellY, y);
    }

    /**
     * Visits locations nearest-first by cell ring, until {@code wanted} candidates were accepted and
     * no farther ring can hold a nearer location, or no farther ring can come within
     * {@code radiusMeters} (0: unlimited). Locations of visited cells beyond the radius are visited
     * too, so that the visitor can report them as out of radius.
     * Locations inside a ring are visited in id order, so the visit order is deterministic.
     *
     * @param maxVisits stop after visiting this many locations.
     * @return whether every location within the radius (or the whole grid) was visited; when
     *     {@code false}, qualifying locations may remain beyond what was visited.
     */
    public boolean nearest(
        final int latMicros, final int lonMicros, final long radiusMeters, final int wanted, final int maxVisits,
        final Visitor visitor)
    {
        if (cells.isEmpty())
        {
            return true;
        }
        final double scale = Geo.longitudeScale(latMicros);
        // One cell is at least this many metres across, in either direction.
        final double cellMeters = CELL_MICROS * Geo.METERS_PER_MICRO_DEGREE * Math.min(1.0, scale);
        final int cx = cellOf(lonMicros);
        final int cy = cellOf(latMicros);
        final int maxRing = Math.max(Math.max(cx - minCellX, maxCellX - cx), Math.max(cy - minCellY, maxCellY - cy));
        int accepted = 0;
        int visits = 0;
        int cellsSeen = 0;
        long farthestAccepted = 0;
        for (int ring = 0; ring <= maxRing; ring++)
        {
            final double ringMinMeters = (ring - 1) * cellMeters;
            if (radiusMeters > 0 && ringMinMeters > radiusMeters)
            {
                return true;
            }
            if (accepted >= wanted && ringMinMeters > farthestAccepted)
            {
                return false;
            }
            for (int y = cy - ring; y <= cy + ring; y++)
            {
                final boolean edgeRow = y == cy - ring || y == cy + ring;
                for (int x = cx - ring; x <= cx + ring; x += edgeRow ? 1 : 2 * ring)
                {
                    if (cellsSeen++ == MAX_CELLS)
                    {
                        return false;
                    }
                    final int[] members = cells.get(key(columnOf(x), y));
                    if (members != null)
                    {
                        for (final int location : members)
                        {
                            if (visits++ == maxVisits)
                            {
                                return false;
                            }
                            final long d = Geo.distanceMeters(latMicros, lonMicros,
                                locations.latMicros(location), locations.lonMicros(location), scale);
                            if (visitor.visit(location, d))
                            {
                                accepted++;
                                farthestAccepted = Math.max(farthestAccepted, d);
                            }
                        }
                    }
                }
            }
            if (visitor.ringDone((long)(ring * cellMeters)))
            {
                return true;
            }
        }
        return true;
    }

    private static int cellOf(final int micros)
    {
        return Math.floorDiv(micros, CELL_MICROS);
    }

    /** Columns wrap round the globe: the cells either side of the antimeridian are neighbours. */
    private static int columnOf(final int cellX)
    {
        return Math.floorMod(cellX + COLUMNS / 2, COLUMNS) - COLUMNS / 2;
    }

    private static long key(final int x, final int y)
    {
        return ((long)x << 32) | (y & 0xFFFF_FFFFL);
    }
}

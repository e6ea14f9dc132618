package io.omnistock.core.state;

import io.omnistock.api.RoutingPolicy;
import io.omnistock.api.RuleSet;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules the engine decides by, numbered. A journal records the logic version it starts in
 * (its header) and every switch to a newer one (an {@code UPGRADE_LOGIC} command at a known
 * sequence), so replay decides each command under the rules in force when it was first decided,
 * and stays byte for byte. A fix that changes what the engine decides for some command is a new
 * version here, checked where the rule is applied ({@code if (logic >= 2)}), never an edit of the
 * old rule: released journals of every version must replay as they were written.
 *
 * <ul>
 *   <li>1: the rules up to 2026-12-06 (every journal written before logic versions existed).</li>
 *   <li>2: a negative order value is refused ({@code INVALID_ORDER_VALUE}); location, SKU and
 *       channel codes holding control characters (C0, C1), bidirectional overrides or isolates,
 *       or invisible formatting characters are refused ({@code CODE_INVALID}); a rule set's
 *       maxCandidates bounds the grid search and the holder lists together (at its maximum it sets
 *       no bound of its own); the default routing policy picks and packs an instant order in 12
 *       minutes (30 for other types), and ends REGULAR and SCHEDULED with "wherever-in-stock", so
 *       scarce stock is still found wherever it is.</li>
 *   <li>3: a command whose id is in the idempotency window under another request fingerprint
 *       (both non-zero) is refused with {@code IDEMPOTENCY_KEY_REUSED} (logic 2 answered it
 *       {@code DUPLICATE_COMMAND}); fingerprints arrived with journal format 4.</li>
 * </ul>
 */
public final class LogicVersion
{
    /** The logic version of every journal whose header names none (formats 1 and 2). */
    public static final int FIRST = 1;
    /** The newest logic version this build knows; new journals start in it by default. */
    public static final int LATEST = 3;

    private LogicVersion()
    {
    }

    /**
     * @return whether this build knows {@code version}.
     */
    public static boolean known(final int version)
    {
        return version >= FIRST && version <= LATEST;
    }

    /**
     * The routing policy in force until a {@code SET_ROUTING_POLICY} replaces it. A default that
     * decides is part of the versioned rules: a new default is a new logic version, so replay of
     * an older journal keeps the default it was decided under.
     */
    public static RoutingPolicy defaultRoutingPolicy(final int version)
    {
        if (version >= 2)
        {
            return RoutingPolicy.defaults();
        }
        // Logic 1's default: without logic 2's last REGULAR and SCHEDULED rule set, and one
        // pick-and-pack time (30 minutes) for every type, so no INSTANT order with a 30-minute
        // promise could route (issue 19 item 8). PolicyCodecTest pins its bytes: they must never
        // change; when the newest defaults change otherwise, write logic 1's out in full here.
        final RoutingPolicy newest = RoutingPolicy.defaults();
        final List<List<RuleSet>> ruleSets = new ArrayList<>();
        for (final List<RuleSet> sets : newest.ruleSets())
        {
            ruleSets.add(sets.stream().filter(set -> !"wherever-in-stock".equals(set.name())).toList());
        }
        return new RoutingPolicy(ruleSets, 30, newest.courierMetersPerHour(), newest.instantWindowMinutes(),
            newest.highValueThreshold());
    }

    /** Logic 3 refuses an id reused for another request ({@link #LATEST}'s docs above). */
    static boolean refusesReusedIdempotencyKeys(final int version)
    {
        return version >= 3;
    }

    /**
     * Logic 1 let the SKUs' holder lists add up to maxCandidates more locations when the grid
     * search found no route; from 2 maxCandidates bounds both together.
     */
    public static boolean boundsHoldersByMaxCandidates(final int version)
    {
        return version >= 2;
    }

    /** Logic 1 accepted a negative order value (it only weighs the order's priority). */
    public static boolean refusesNegativeOrderValue(final int version)
    {
        return version >= 2;
    }

    /** Logic 1 accepted control and invisible formatting characters in codes (log and display injection). */
    public static boolean refusesInvisibleCodeCharacters(final int version)
    {
        return version >= 2;
    }

    /**
     * @return a sentence for the refusal of a journal or snapshot that needs a newer build.
     */
    public static String unknownVersionMessage(final int version, final String where)
    {
        return where + " uses logic version " + version + ", but this build knows logic versions " + FIRST +
            " to " + LATEST + ": it was written by a newer build; run that build (or a later one)";
    }
}

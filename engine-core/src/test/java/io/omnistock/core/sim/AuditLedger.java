package io.omnistock.core.sim;

import io.omnistock.api.Allocation;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Order;
import io.omnistock.api.OrderState;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.RoutingPolicy;
import io.omnistock.api.Tier;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the {@link Auditor} knows, in plain maps: definitions, per position quantities, open
 * reservations, orders with their allocations, transfer orders, channel exclusions, the
 * idempotency window, the logic version and the routing policy. Its {@link Predictor} reads it;
 * the auditor books into it; the workload picks ids from it.
 */
final class AuditLedger
{
    /** One position's quantities as the auditor books them. */
    static final class Pos
    {
        long onHand;
        long reserved;
        long inTransit;
        long safety;
        long walkIn;
        long protectedStock;
        /** In transit here because transfer orders shipped it: TRANSFER_IN may not take it. */
        long shippedIn;

        long available()
        {
            return Math.max(0, onHand - reserved - safety);
        }

        long free()
        {
            return onHand - reserved;
        }
    }

    static final class SimOrder
    {
        final long id;
        final int channel;
        final Order order;
        OrderState state = OrderState.HELD;
        long expiresAt;
        final List<Allocation> allocations = new ArrayList<>();
        final Set<Integer> rejected = new HashSet<>();

        SimOrder(final long id, final int channel, final Order order)
        {
            this.id = id;
            this.channel = channel;
            this.order = order;
        }
    }

    static final class Transfer
    {
        final int from;
        final int to;
        final int sku;
        final long quantity;
        boolean shipped;
        long etaMillis;

        Transfer(final int from, final int to, final int sku, final long quantity)
        {
            this.from = from;
            this.to = to;
            this.sku = sku;
            this.quantity = quantity;
        }
    }

    final List<String> locationCodes = new ArrayList<>();
    final List<Tier> locationTiers = new ArrayList<>();
    final List<String> skuCodes = new ArrayList<>();
    final List<String> channelCodes = new ArrayList<>();
    final List<Long> channelTtls = new ArrayList<>();
    final Map<Long, Pos> positions = new HashMap<>();
    final Map<Long, long[]> reservations = new TreeMap<>();
    final Map<Long, SimOrder> orders = new TreeMap<>();
    final Map<Long, Transfer> transfers = new TreeMap<>();
    final Set<Long> excluded = new HashSet<>();
    final Map<Long, ReasonCode> window = new HashMap<>();
    final Map<Long, Long> fingerprints = new HashMap<>();
    /** Orders fulfilled, cancelled or expired, in the order they closed. */
    final List<Long> closedOrders = new ArrayList<>();
    int logicVersion;
    /** API keys by name: their digest (the auditor's rendering of the four words) and whether revoked. */
    final Map<String, Boolean> apiKeyRevoked = new HashMap<>();
    final Set<List<Long>> apiKeyDigests = new HashSet<>();
    /** Webhook subscriptions by id: the sequence deliveries are recorded received up to. */
    final Map<Long, Long> webhooks = new HashMap<>();
    /** Promotion ids in the calendar (issue 23). */
    final Set<Long> promotions = new HashSet<>();
    /** The engine starts with the default policy; SET_ROUTING_POLICY replaces it. */
    RoutingPolicy routingPolicy = RoutingPolicy.defaults();
    /** The newest logic version the build knows: an engine on a new journal starts in it. */
    final int latestLogic;

    AuditLedger(final int latestLogic)
    {
        this.logicVersion = latestLogic;
        this.latestLogic = latestLogic;
    }

    int locations()
    {
        return locationCodes.size();
    }

    int skus()
    {
        return skuCodes.size();
    }

    int channels()
    {
        return channelCodes.size();
    }

    String locationCode(final int location)
    {
        return locationCodes.get(location);
    }

    String skuCode(final int sku)
    {
        return skuCodes.get(sku);
    }

    Pos pos(final int location, final int sku)
    {
        final Pos p = positions.get(key(location, sku));
        return p == null ? new Pos() : p;
    }

    Map<Long, long[]> reservations()
    {
        return reservations;
    }

    Map<Long, SimOrder> orders()
    {
        return orders;
    }

    Map<Long, Transfer> transfers()
    {
        return transfers;
    }

    List<Long> closedOrders()
    {
        return closedOrders;
    }

    long tierAvailable(final int sku, final Tier tier)
    {
        long sum = 0;
        for (int l = 0; l < locations(); l++)
        {
            if (locationTiers.get(l) == tier)
            {
                sum += pos(l, sku).available();
            }
        }
        return sum;
    }

    Pos at(final int location, final int sku)
    {
        return positions.computeIfAbsent(key(location, sku), k -> new Pos());
    }

    static long key(final int a, final int b)
    {
        return ((long)a << 32) | (b & 0xFFFF_FFFFL);
    }

    static boolean holdsAt(final SimOrder o, final int location)
    {
        return o.allocations.stream().anyMatch(a -> a.location() == location);
    }

    static List<Long> digest(final long[] words)
    {
        return List.of(words[0], words[1], words[2], words[3]);
    }

    static boolean exists(final int id, final int count)
    {
        return id >= 0 && id < count;
    }

    /**
     * What a SCHEDULED order with a promise may also take at a position: transfer orders shipped
     * there that arrive in time to be picked and packed for it.
     */
    long inboundBy(final int location, final int sku, final Order order)
    {
        if (order.type() != FulfilmentType.SCHEDULED || order.promiseAt() <= 0)
        {
            return 0;
        }
        final long cutoff = order.promiseAt() - routingPolicy.pickPackMinutes(FulfilmentType.SCHEDULED) * 60_000L;
        return transfers.values().stream().filter(t -> t.shipped && t.to == location && t.sku == sku &&
            t.etaMillis <= cutoff).mapToLong(t -> t.quantity).sum();
    }
}

package io.omnistock.core.state;

import io.omnistock.api.CommandType;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.apikey.ApiKeyHandlers;
import io.omnistock.core.catalog.CatalogHandlers;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.order.OrderBook;
import io.omnistock.core.order.OrderHandlers;
import io.omnistock.core.replenishment.ReplenishmentHandlers;
import io.omnistock.core.stock.ReservationBook;
import io.omnistock.core.stock.StockEffects;
import io.omnistock.core.stock.StockHandlers;
import io.omnistock.core.stock.StockLedger;
import io.omnistock.core.transfer.TransferHandlers;
import io.omnistock.core.planning.PlanningHandlers;
import io.omnistock.core.webhook.WebhookHandlers;

import static io.omnistock.api.ReasonCode.*;

/**
 * The business logic's dispatcher: admits a command (sequence, idempotency window), hands it to
 * its domain's handler and writes the outcome into the slot. The rules themselves live with the
 * state they govern, one handler class per domain (catalog, stock, transfers, replenishment,
 * orders, routing policy). Deterministic by construction: it reads only the slot (including the
 * sequence and timestamp stamped on it) and the state, never a clock or a random source, so the
 * live engine, recovery and audit replay all run this same code to the same result.
 *
 * <p>Every handler validates first and mutates last: a rejected command changes no stock.
 */
public final class CommandProcessor
{
    private final EngineState state;
    private final CommandWindow window;
    private final StockLedger ledger;
    private final ReservationBook reservations;
    private final OrderBook orderBook;
    private final CatalogHandlers catalog;
    private final StockHandlers stock;
    private final TransferHandlers transfers;
    private final ReplenishmentHandlers replenishment;
    private final OrderHandlers orders;
    private final ApiKeyHandlers apiKeys;
    private final WebhookHandlers webhooks;
    private final PlanningHandlers planning;

    public CommandProcessor(final EngineState state)
    {
        this.state = state;
        this.window = state.window;
        this.ledger = state.ledger;
        this.reservations = state.reservations;
        this.orderBook = state.orders;
        // Every change to a position is checked against replenishment on the command that makes it.
        final StockEffects effects = new StockEffects(state.locations, state.skus, state.ledger, state.replenishment);
        this.catalog = new CatalogHandlers(state);
        this.stock = new StockHandlers(state, effects);
        this.transfers = new TransferHandlers(state, effects, state.replenishment);
        this.replenishment = new ReplenishmentHandlers(state, effects, transfers);
        this.orders = new OrderHandlers(state, effects);
        this.apiKeys = new ApiKeyHandlers(state.apiKeys, state.channels, catalog);
        this.webhooks = new WebhookHandlers(state.webhooks, state.channels);
        this.planning = new PlanningHandlers(state.planning, state.locations, state.skus, state.channels);
    }

    public EngineState state()
    {
        return state;
    }

    /**
     * Applies a command. For journaled types the slot must carry the next sequence and a
     * timestamp not earlier than the last one.
     */
    public void apply(final CommandSlot c)
    {
        c.clearResult();
        if (!c.isJournaledType())
        {
            c.reason = query(c);
            c.originalReason = c.reason;
            return;
        }

        state.lastSequence = c.sequence;
        state.lastTimestamp = c.timestamp;
        if (c.type == CommandType.EXPIRE_HOLDS)
        {
            // The engine's own time signal: no client id, so nothing to deduplicate.
            c.reason = timedWork(c);
            c.originalReason = c.reason;
            return;
        }
        if (c.type == CommandType.UPGRADE_LOGIC && c.commandId == 0)
        {
            // Written by an engine starting on an older journal: no client id either.
            c.reason = upgradeLogic(c);
            c.originalReason = c.reason;
            return;
        }
        if (c.type == null || c.commandId == 0)
        {
            c.reason = c.type == null ? UNKNOWN_COMMAND : INVALID_COMMAND_ID;
            c.originalReason = c.reason;
            return;
        }
        final ReasonCode original = window.admit(c.commandId, c.fingerprint);
        if (original != null)
        {
            if (reusedForAnotherRequest(c.fingerprint, window.foundFingerprint()))
            {
                c.reason = IDEMPOTENCY_KEY_REUSED;
                c.originalReason = IDEMPOTENCY_KEY_REUSED;
                return;
            }
            c.reason = DUPLICATE_COMMAND;
            c.originalReason = original;
            return;
        }

        final ReasonCode reason = execute(c);
        c.reason = reason;
        c.originalReason = reason;
        window.settle(c.commandId, reason);
    }

    /**
     * Reads, changing nothing, the memory a queued command is likely to need: its idempotency
     * slot, its position and its reservation. Called for a group of upcoming commands before they
     * run, so that their cache misses overlap instead of each stalling its own command.
     *
     * @return a value made of what was read, for the caller to keep so the reads are not elided.
     */
    public long warm(final CommandSlot c)
    {
        long seen = window.warm(c.commandId);
        if (c.location >= 0 && c.sku >= 0)
        {
            seen += ledger.find(c.location, c.sku);
        }
        if (c.reservationId != 0)
        {
            final int entry = reservations.find(c.reservationId);
            // A release or fulfil names only its reservation: the position comes from there.
            seen += entry < 0 ? entry : ledger.reserved(reservations.slot(entry));
        }
        return seen;
    }

    /** Every command type has a case: a type without one does not compile. */
    private ReasonCode execute(final CommandSlot c)
    {
        return switch (c.type)
        {
            case DEFINE_LOCATION -> catalog.defineLocation(c);
            case DEFINE_SKU -> catalog.defineSku(c);
            case DEFINE_CHANNEL -> catalog.defineChannel(c);
            case CONFIGURE_LOCATION -> catalog.configureLocation(c);
            case RECEIVE -> stock.receive(c);
            case ADJUST -> stock.adjust(c);
            case STOCKTAKE -> stock.stocktake(c);
            case SALE -> stock.sale(c);
            case RETURN -> stock.returnToStock(c);
            case SET_SAFETY_STOCK -> stock.setSafetyStock(c);
            case COMPARE_AND_SET_ON_HAND -> stock.compareAndSetOnHand(c);
            case RESERVE -> stock.reserve(c);
            case RELEASE -> stock.releaseOrFulfil(c, false);
            case FULFIL -> stock.releaseOrFulfil(c, true);
            case SET_PROTECTED_STOCK, SET_WALK_IN_RESERVE -> stock.setPositionReserve(c);
            case SET_CHANNEL_ELIGIBILITY -> stock.setChannelEligibility(c);
            case TRANSFER_OUT -> transfers.transferOut(c);
            case TRANSFER_IN -> transfers.transferIn(c);
            case CREATE_TRANSFER -> transfers.createTransfer(c);
            case SHIP_TRANSFER -> transfers.shipTransfer(c);
            case RECEIVE_TRANSFER -> transfers.receiveTransfer(c);
            case CANCEL_TRANSFER -> transfers.cancelTransfer(c);
            case SET_REPLENISHMENT_POLICY -> replenishment.setReplenishmentPolicy(c);
            case SET_REPLENISHMENT_RULE -> replenishment.setReplenishmentRule(c);
            case SET_LOCATION_SOURCE -> replenishment.setLocationSource(c);
            case CANCEL_REPLENISHMENT -> replenishment.cancelReplenishment(c);
            case TRANSFER_FROM_REQUEST -> replenishment.transferFromRequest(c);
            case ROUTE_ORDER -> orders.routeOrder(c);
            case CONFIRM_ORDER -> orders.confirmOrder(c);
            case EXTEND_ORDER -> orders.extendOrder(c);
            case CANCEL_ORDER -> orders.cancelOrder(c);
            case FULFIL_ORDER -> orders.fulfilOrder(c);
            case REJECT_ALLOCATION -> orders.rejectAllocation(c);
            case SET_CHANNEL_QUOTA -> orders.setChannelQuota(c);
            case SET_ROUTING_POLICY -> state.routingPolicies.setRoutingPolicy(c);
            case UPGRADE_LOGIC -> upgradeLogic(c);
            case PUT_API_KEY -> apiKeys.putApiKey(c);
            case REVOKE_API_KEY -> apiKeys.revokeApiKey(c);
            case PUT_WEBHOOK -> webhooks.putWebhook(c);
            case DELETE_WEBHOOK -> webhooks.deleteWebhook(c);
            case ROTATE_WEBHOOK_SECRET -> webhooks.rotateWebhookSecret(c);
            case WEBHOOK_DELIVERED -> webhooks.webhookDelivered(c);
            case SET_SKU_PRICE -> planning.setSkuPrice(c);
            case PUT_PROMOTION -> planning.putPromotion(c);
            case DELETE_PROMOTION -> planning.deletePromotion(c);
            case PUT_FORECAST_OVERRIDE -> planning.putForecastOverride(c);
            case PUT_LEARNED_PROMOTION -> planning.putLearnedPromotion(c);
            // Queries change nothing and are answered by query(); the timed command is admitted above.
            case QUERY_POSITION, QUERY_AVAILABILITY, QUERY_PROMISE, QUERY_ORDER, EXPIRE_HOLDS -> UNKNOWN_COMMAND;
        };
    }

    /** Queries, which change nothing; any other type (a control slot's, or none) is not one. */
    private ReasonCode query(final CommandSlot c)
    {
        if (c.type == null)
        {
            return UNKNOWN_COMMAND;
        }
        return switch (c.type)
        {
            case QUERY_POSITION -> stock.queryPosition(c);
            case QUERY_AVAILABILITY -> orders.queryAvailability(c);
            case QUERY_PROMISE -> orders.queryPromise(c);
            case QUERY_ORDER -> orders.queryOrder(c);
            default -> UNKNOWN_COMMAND;
        };
    }

    /**
     * The engine's timed command: expires due unpaid holds, then runs the daily SLOW_MOVER sweep
     * in what room the events have left, and says when it is next due.
     */
    private ReasonCode timedWork(final CommandSlot c)
    {
        orders.expireDueHolds(c);
        state.replenishment.sweep(c.timestamp, c.events);
        c.routing.expiresAt = orderBook.nextExpiry();
        return OK;
    }

    // ---- logic versions ----

    /**
     * A retried id whose request differs from the first one's, both fingerprinted: refused from
     * logic 3 on, so a client that reuses a key for another request is told instead of handed the
     * first request's outcome as if it were this one's.
     */
    private boolean reusedForAnotherRequest(final long fingerprint, final long firstFingerprint)
    {
        return fingerprint != 0 && firstFingerprint != 0 && fingerprint != firstFingerprint &&
            LogicVersion.refusesReusedIdempotencyKeys(state.logicVersion);
    }

    /** The version travels in the quantity field; the same version again is accepted and changes nothing. */
    private ReasonCode upgradeLogic(final CommandSlot c)
    {
        if (c.quantity < LogicVersion.FIRST || c.quantity > LogicVersion.LATEST)
        {
            return UNKNOWN_LOGIC_VERSION;
        }
        final int version = (int)c.quantity;
        if (version < state.logicVersion)
        {
            return LOGIC_DOWNGRADE;
        }
        state.switchLogic(version);
        c.assignedId = version;
        return OK;
    }
}

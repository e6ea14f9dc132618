package io.omnistock.core.state;

import io.omnistock.api.CommandType;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.apikey.ApiKeyHandlers;
import io.omnistock.core.catalog.CatalogHandlers;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.order.OrderBook;
import io.omnistock.core.order.OrderHandlers;
import io.omnistock.core.planning.PlanningHandlers;
import io.omnistock.core.replenishment.ReplenishmentHandlers;
import io.omnistock.core.stock.ReservationBook;
import io.omnistock.core.stock.StockEffects;
import io.omnistock.core.stock.StockHandlers;
import io.omnistock.core.stock.StockLedger;
import io.omnistock.core.transfer.TransferHandlers;
import io.omnistock.core.webhook.WebhookHandlers;

import static io.omnistock.api.ReasonCode.*;

/**
 * The business logic's front door: admits a command (sequence, idempotency window), hands it to
 * the generated {@link CommandDispatcher}, which calls its domain's handler (the schema's
 * {@code handler=}), and writes the outcome into the slot. The rules themselves live with the
 * state they govern, one handler class per domain (catalog, stock, transfers, replenishment,
 * orders, API keys, webhooks, planning), each implementing its generated domain interface; this
 * class is the {@code processor} domain: the engine's timed command, logic upgrades and the
 * hand-over of routing policies. Deterministic by construction: it reads only the slot (including
 * the sequence and timestamp stamped on it) and the state, never a clock or a random source, so the
 * live engine, recovery and audit replay all run this same code to the same result.
 *
 * <p>Every handler validates first and mutates last: a rejected command changes no stock.
 */
public final class CommandProcessor implements ProcessorCommands
{
    private final EngineState state;
    private final CommandWindow window;
    private final StockLedger ledger;
    private final ReservationBook reservations;
    private final OrderBook orderBook;
    private final OrderHandlers orders;
    private final CommandDispatcher dispatcher;

    public CommandProcessor(final EngineState state)
    {
        this.state = state;
        this.window = state.window;
        this.ledger = state.ledger;
        this.reservations = state.reservations;
        this.orderBook = state.orders;
        // Every change to a position is checked against replenishment on the command that makes it.
        final StockEffects effects = new StockEffects(state.locations, state.skus, state.ledger, state.replenishment);
        final CatalogHandlers catalog = new CatalogHandlers(state);
        final TransferHandlers transfers = new TransferHandlers(state, effects, state.replenishment);
        this.orders = new OrderHandlers(state, effects);
        this.dispatcher = new CommandDispatcher(
            new ApiKeyHandlers(state.apiKeys, state.channels, catalog),
            catalog,
            orders,
            new PlanningHandlers(state.planning, state.locations, state.skus, state.channels),
            this,
            new ReplenishmentHandlers(state, effects, transfers),
            new StockHandlers(state, effects),
            transfers,
            new WebhookHandlers(state.webhooks, state.channels));
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
        c.clearOutcome();
        if (!c.isJournaledType())
        {
            final ReasonCode answer = query(c);
            c.decide(answer, answer);
            return;
        }

        state.lastSequence = c.sequence;
        state.lastTimestamp = c.timestamp;
        if (c.type == CommandType.EXPIRE_HOLDS)
        {
            // The engine's own time signal: no client id, so nothing to deduplicate.
            final ReasonCode expired = expireHolds(c);
            c.decide(expired, expired);
            return;
        }
        if (c.type == CommandType.UPGRADE_LOGIC && c.commandId == 0)
        {
            // Written by an engine starting on an older journal: no client id either.
            final ReasonCode upgraded = upgradeLogic(c);
            c.decide(upgraded, upgraded);
            return;
        }
        if (c.type == null || c.commandId == 0)
        {
            final ReasonCode invalid = c.type == null ? UNKNOWN_COMMAND : INVALID_COMMAND_ID;
            c.decide(invalid, invalid);
            return;
        }
        final ReasonCode original = window.admit(c.commandId, c.fingerprint);
        if (original != null)
        {
            if (reusedForAnotherRequest(c.fingerprint, window.foundFingerprint()))
            {
                c.decide(IDEMPOTENCY_KEY_REUSED, IDEMPOTENCY_KEY_REUSED);
                return;
            }
            c.decide(DUPLICATE_COMMAND, original);
            return;
        }

        final ReasonCode reason = dispatcher.execute(c);
        c.decide(reason, reason);
        window.settle(c.commandId, reason);
    }

    /**
     * Reads, changing nothing, the memory a queued command is likely to need: its idempotency
     * slot, its slot's outcome, its position (or, for a position not yet created, the end of its
     * SKU's holder list) and its reservation. Called for a group of upcoming commands before they
     * run, so that their cache misses overlap instead of each stalling its own command.
     *
     * @return a value made of what was read, for the caller to keep so the reads are not elided.
     */
    public long warm(final CommandSlot c)
    {
        long seen = window.warm(c.commandId) + c.warmOutcome();
        if (c.location >= 0 && c.sku >= 0)
        {
            final int slot = ledger.find(c.location, c.sku);
            // A new position is likely to join its SKU's holder list (a receipt, a load): that
            // list's end is then the command's other miss (20% of a bulk load's logic, run 50).
            seen += slot >= 0 ? slot : ledger.warmHolderListEnd(c.sku);
        }
        if (c.reservationId != 0)
        {
            final int entry = reservations.find(c.reservationId);
            // A release or fulfil names only its reservation: the position comes from there.
            seen += entry < 0 ? entry : ledger.reserved(reservations.slot(entry));
        }
        return seen;
    }

    /** Queries, which change nothing; any other type (a control slot's, or none) is not one. */
    private ReasonCode query(final CommandSlot c)
    {
        return c.type == null ? UNKNOWN_COMMAND : dispatcher.query(c);
    }

    /**
     * The engine's timed command: expires due unpaid holds, then runs the daily SLOW_MOVER sweep
     * in what room the events have left, and says when it is next due. Admitted without the
     * window (it has no client id), by {@link #apply}.
     */
    public ReasonCode expireHolds(final CommandSlot c)
    {
        orders.expireDueHolds(c);
        state.replenishment.sweep(c.timestamp, c.events);
        c.routing.expiresAt = orderBook.nextExpiry();
        return OK;
    }

    /** Routing policies are engine state the router reads on every order, not a domain's. */
    public ReasonCode setRoutingPolicy(final CommandSlot c)
    {
        return state.routingPolicies.setRoutingPolicy(c);
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
    public ReasonCode upgradeLogic(final CommandSlot c)
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

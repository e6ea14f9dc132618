package io.omnistock.core.state;

import io.omnistock.api.Capabilities;
import io.omnistock.api.CommandType;
import io.omnistock.api.EventKind;
import io.omnistock.api.EventView;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Limits;
import io.omnistock.api.Order;
import io.omnistock.api.OrderState;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.ReplenishmentKind;
import io.omnistock.api.ReplenishmentPolicy;
import io.omnistock.api.Tier;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.command.RoutingOutcome;

import java.nio.charset.StandardCharsets;

import static io.omnistock.api.ReasonCode.*;

/**
 * The business logic: applies one command to the {@link EngineState} and writes its outcome and
 * events into the slot. Deterministic by construction: it reads only the slot (including the
 * sequence and timestamp stamped on it) and the state, never a clock or a random source, so the
 * live engine, recovery and audit replay all run this same code to the same result.
 *
 * <p>Every handler validates first and mutates last: a rejected command changes no stock.
 */
public final class CommandProcessor
{
    /** Longest period a policy counts in days (cover, cycle, slow movers): ten years. */
    private static final int MAX_POLICY_DAYS = 3_650;

    private final EngineState state;
    private final LocationTable locations;
    private final SkuCatalog skus;
    private final StockLedger ledger;
    private final ReservationBook reservations;
    private final CommandWindow window;
    private final ChannelTable channels;
    private final OrderBook orders;
    private final Router router;

    public CommandProcessor(final EngineState state)
    {
        this.state = state;
        this.locations = state.locations;
        this.skus = state.skus;
        this.ledger = state.ledger;
        this.reservations = state.reservations;
        this.window = state.window;
        this.channels = state.channels;
        this.orders = state.orders;
        this.router = new Router(state);
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
            c.reason = expireHolds(c);
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

    private ReasonCode execute(final CommandSlot c)
    {
        return switch (c.type)
        {
            case DEFINE_LOCATION -> defineLocation(c);
            case DEFINE_SKU -> defineSku(c);
            case RECEIVE -> receive(c);
            case ADJUST -> adjust(c);
            case STOCKTAKE -> stocktake(c);
            case SALE -> sale(c);
            case RETURN -> returnToStock(c);
            case RESERVE -> reserve(c);
            case RELEASE -> releaseOrFulfil(c, false);
            case FULFIL -> releaseOrFulfil(c, true);
            case TRANSFER_OUT -> transferOut(c);
            case TRANSFER_IN -> transferIn(c);
            case SET_SAFETY_STOCK -> setSafetyStock(c);
            case DEFINE_CHANNEL -> defineChannel(c);
            case ROUTE_ORDER -> routeOrder(c);
            case CONFIRM_ORDER -> confirmOrder(c);
            case EXTEND_ORDER -> extendOrder(c);
            case CANCEL_ORDER -> cancelOrder(c);
            case FULFIL_ORDER -> fulfilOrder(c);
            case REJECT_ALLOCATION -> rejectAllocation(c);
            case CONFIGURE_LOCATION -> configureLocation(c);
            case SET_PROTECTED_STOCK, SET_WALK_IN_RESERVE -> setPositionReserve(c);
            case SET_CHANNEL_QUOTA -> setChannelQuota(c);
            case SET_ROUTING_POLICY -> setRoutingPolicy(c);
            case SET_CHANNEL_ELIGIBILITY -> setChannelEligibility(c);
            case SET_REPLENISHMENT_POLICY -> setReplenishmentPolicy(c);
            case CANCEL_REPLENISHMENT -> cancelReplenishment(c);
            case CREATE_TRANSFER -> createTransfer(c);
            case SHIP_TRANSFER -> shipTransfer(c);
            case RECEIVE_TRANSFER -> receiveTransfer(c);
            case CANCEL_TRANSFER -> cancelTransfer(c);
            case SET_REPLENISHMENT_RULE -> setReplenishmentRule(c);
            case SET_LOCATION_SOURCE -> setLocationSource(c);
            case TRANSFER_FROM_REQUEST -> transferFromRequest(c);
            case UPGRADE_LOGIC -> upgradeLogic(c);
            case QUERY_POSITION, QUERY_AVAILABILITY, QUERY_PROMISE, QUERY_ORDER, EXPIRE_HOLDS -> UNKNOWN_COMMAND;
        };
    }

    private ReasonCode query(final CommandSlot c)
    {
        if (c.type == CommandType.QUERY_POSITION)
        {
            final ReasonCode ref = positionRef(c.location, c.sku);
            if (ref == OK)
            {
                describe(c, c.location, c.sku, ledger.find(c.location, c.sku));
            }
            return ref;
        }
        if (c.type == CommandType.QUERY_AVAILABILITY)
        {
            if (!skus.exists(c.sku))
            {
                return UNKNOWN_SKU;
            }
            if (c.channel >= 0 && !channels.exists(c.channel))
            {
                return UNKNOWN_CHANNEL;
            }
            c.resultSku = c.sku;
            for (int tier = 0; tier < Tier.COUNT; tier++)
            {
                c.tierAvailable[tier] = ledger.tierAvailable(c.sku, tier);
            }
            if (c.channel >= 0)
            {
                c.channelAvailable = state.quotas.headroom(c.channel, c.sku, networkAvailable(c.sku));
            }
            return OK;
        }
        if (c.type == CommandType.QUERY_PROMISE)
        {
            // The same checks as routing, in the same order, so the promise is what routing then does.
            ReasonCode r = validateOrder(c);
            if (r == OK)
            {
                r = checkQuotas(c);
            }
            return r != OK ? r : plan(c);
        }
        if (c.type == CommandType.QUERY_ORDER)
        {
            final int e = orders.find(c.orderId);
            if (e < 0)
            {
                return UNKNOWN_ORDER;
            }
            for (int a = orders.firstAllocation(e); a >= 0; a = orders.nextAllocation(a))
            {
                final int slot = orders.allocationSlot(a);
                c.routing.addAllocation(orders.allocationLine(a), ledger.location(slot), ledger.sku(slot),
                    orders.allocationHeld(a));
            }
            return describeOrder(c, e, OK);
        }
        return UNKNOWN_COMMAND;
    }

    // ---- definitions ----

    private ReasonCode defineLocation(final CommandSlot c)
    {
        final ReasonCode codeCheck = checkCode(c.code);
        if (codeCheck != OK)
        {
            return codeCheck;
        }
        if (locations.idOf(c.code) >= 0)
        {
            return DUPLICATE_LOCATION;
        }
        if (c.tier == null)
        {
            return INVALID_TIER;
        }
        if (Math.abs((long)c.latMicros) > Limits.MAX_LATITUDE_MICROS ||
            Math.abs((long)c.lonMicros) > Limits.MAX_LONGITUDE_MICROS)
        {
            return INVALID_COORDINATES;
        }
        if ((c.capabilities & ~Capabilities.ALL) != 0)
        {
            return INVALID_CAPABILITIES;
        }
        if (locations.count() >= Limits.MAX_LOCATIONS)
        {
            return TOO_MANY_LOCATIONS;
        }
        final int id = locations.define(c.code, c.tier, c.latMicros, c.lonMicros, c.capabilities);
        state.grid.add(id);
        state.replenishment.locationDefined(id);
        c.assignedId = id;
        c.resultLocation = id;
        c.events.addDefinition(EventKind.LOCATION_DEFINED, id, -1);
        return OK;
    }

    private ReasonCode defineSku(final CommandSlot c)
    {
        final ReasonCode codeCheck = checkCode(c.code);
        if (codeCheck != OK)
        {
            return codeCheck;
        }
        if (skus.idOf(c.code) >= 0)
        {
            return DUPLICATE_SKU;
        }
        if (c.unit == null)
        {
            return INVALID_UNIT;
        }
        if (skus.count() >= Limits.MAX_SKUS)
        {
            return TOO_MANY_SKUS;
        }
        final int id = skus.define(c.code, c.unit);
        ledger.ensureSku(id);
        c.assignedId = id;
        c.resultSku = id;
        c.events.addDefinition(EventKind.SKU_DEFINED, -1, id);
        return OK;
    }

    private ReasonCode defineChannel(final CommandSlot c)
    {
        final ReasonCode codeCheck = checkCode(c.code);
        if (codeCheck != OK)
        {
            return codeCheck;
        }
        if (channels.idOf(c.code) >= 0)
        {
            return DUPLICATE_CHANNEL;
        }
        if (c.quantity < Limits.MIN_HOLD_MILLIS || c.quantity > Limits.MAX_HOLD_MILLIS)
        {
            return INVALID_HOLD_TTL;
        }
        if (channels.count() >= Limits.MAX_CHANNELS)
        {
            return TOO_MANY_CHANNELS;
        }
        final int id = channels.define(c.code, c.quantity);
        c.assignedId = id;
        c.events.addChannel(id);
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

    private ReasonCode checkCode(final String code)
    {
        if (code == null || code.isEmpty())
        {
            return CODE_EMPTY;
        }
        final byte[] utf8 = code.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > Limits.MAX_CODE_BYTES)
        {
            return CODE_TOO_LONG;
        }
        // The journal stores UTF-8; a code that does not survive the round trip would replay differently.
        if (!new String(utf8, StandardCharsets.UTF_8).equals(code))
        {
            return CODE_INVALID;
        }
        return LogicVersion.refusesInvisibleCodeCharacters(state.logicVersion) && hasInvisibleCharacter(code) ?
            CODE_INVALID : OK;
    }

    /**
     * Control characters (C0, DEL, C1), bidirectional overrides, embeddings and isolates, and
     * invisible formatting characters (zero-width space and joiners, word joiner and invisible
     * operators, the byte order mark, the soft hyphen, the Arabic letter mark), and the line and
     * paragraph separators: a code is printed in logs, tables and
     * labels, where these hide or reorder text. Printable Unicode (CJK, emoji) stays valid.
     */
    static boolean hasInvisibleCharacter(final String code)
    {
        for (int i = 0; i < code.length(); i++)
        {
            final char ch = code.charAt(i);
            if (ch < 0x20 || (ch >= 0x7F && ch <= 0x9F) || ch == 0xAD || ch == 0x061C || (ch >= 0x200B && ch <= 0x200F) || ch == 0x2028 || ch == 0x2029 ||
                (ch >= 0x202A && ch <= 0x202E) || (ch >= 0x2060 && ch <= 0x2069) || ch == 0xFEFF)
            {
                return true;
            }
        }
        return false;
    }

    // ---- stock movements ----

    private ReasonCode receive(final CommandSlot c)
    {
        ReasonCode r = positionRef(c.location, c.sku);
        if (r == OK)
        {
            r = positive(c.quantity);
        }
        if (r != OK)
        {
            return r;
        }
        final int slot = ledger.find(c.location, c.sku);
        if (onHandOf(slot) + c.quantity > Limits.MAX_POSITION_QUANTITY)
        {
            return reject(c, slot, QUANTITY_OVERFLOW);
        }
        return changed(c, ledger.findOrCreate(c.location, c.sku), c.quantity, 0, 0);
    }

    private ReasonCode returnToStock(final CommandSlot c)
    {
        return receive(c);
    }

    private ReasonCode adjust(final CommandSlot c)
    {
        ReasonCode r = positionRef(c.location, c.sku);
        if (r != OK)
        {
            return r;
        }
        if (c.quantity == 0)
        {
            return ZERO_ADJUSTMENT;
        }
        if (c.quantity > Limits.MAX_COMMAND_QUANTITY || c.quantity < -Limits.MAX_COMMAND_QUANTITY)
        {
            return QUANTITY_TOO_LARGE;
        }
        if (c.adjustmentReason == null)
        {
            return INVALID_ADJUSTMENT_REASON;
        }
        final int slot = ledger.find(c.location, c.sku);
        final long after = onHandOf(slot) + c.quantity;
        if (after > Limits.MAX_POSITION_QUANTITY)
        {
            return reject(c, slot, QUANTITY_OVERFLOW);
        }
        // Only a decrease is held to the reservations: an increase always moves towards the truth.
        if (c.quantity < 0 && after < (slot < 0 ? 0 : ledger.reserved(slot)))
        {
            return reject(c, slot, ADJUSTMENT_BELOW_RESERVED);
        }
        return changed(c, ledger.findOrCreate(c.location, c.sku), c.quantity, 0, 0);
    }

    private ReasonCode stocktake(final CommandSlot c)
    {
        ReasonCode r = positionRef(c.location, c.sku);
        if (r == OK)
        {
            r = nonNegative(c.quantity);
        }
        if (r != OK)
        {
            return r;
        }
        // A count is a fact: it is recorded even below what is reserved, and the shortfall is flagged.
        final int slot = ledger.findOrCreate(c.location, c.sku);
        ledger.setOnHand(slot, c.quantity);
        return describeChanged(c, slot);
    }

    private ReasonCode sale(final CommandSlot c)
    {
        ReasonCode r = positionRef(c.location, c.sku);
        if (r == OK)
        {
            r = positive(c.quantity);
        }
        if (r != OK)
        {
            return r;
        }
        final int slot = ledger.find(c.location, c.sku);
        // The store sold it, so the sale is recorded even past zero; flags mark the discrepancy.
        if (onHandOf(slot) - c.quantity < -Limits.MAX_POSITION_QUANTITY)
        {
            return reject(c, slot, QUANTITY_OVERFLOW);
        }
        return changed(c, ledger.findOrCreate(c.location, c.sku), -c.quantity, 0, 0, c.quantity);
    }

    private ReasonCode setSafetyStock(final CommandSlot c)
    {
        ReasonCode r = positionRef(c.location, c.sku);
        if (r == OK)
        {
            r = nonNegative(c.quantity);
        }
        if (r != OK)
        {
            return r;
        }
        final int slot = ledger.findOrCreate(c.location, c.sku);
        ledger.setSafetyStock(slot, c.quantity);
        return describeChanged(c, slot);
    }

    // ---- reservations ----

    private ReasonCode reserve(final CommandSlot c)
    {
        if (c.reservationId == 0)
        {
            return INVALID_RESERVATION_ID;
        }
        ReasonCode r = positionRef(c.location, c.sku);
        if (r == OK)
        {
            r = positive(c.quantity);
        }
        if (r != OK)
        {
            return r;
        }
        final int slot = ledger.find(c.location, c.sku);
        if (reservations.find(c.reservationId) >= 0)
        {
            return reject(c, slot, DUPLICATE_RESERVATION);
        }
        if (slot < 0 || state.reserves.promisable(ledger, slot, false) < c.quantity)
        {
            return reject(c, slot, INSUFFICIENT_STOCK);
        }
        reservations.open(c.reservationId, slot, c.quantity);
        c.resultHeld = c.quantity;
        c.events.addReservation(c.reservationId, c.location, c.sku, c.quantity);
        return changed(c, slot, 0, c.quantity, 0);
    }

    private ReasonCode releaseOrFulfil(final CommandSlot c, final boolean fulfil)
    {
        if (c.reservationId == 0)
        {
            return INVALID_RESERVATION_ID;
        }
        final ReasonCode r = positive(c.quantity);
        if (r != OK)
        {
            return r;
        }
        final int entry = reservations.find(c.reservationId);
        if (entry < 0)
        {
            return UNKNOWN_RESERVATION;
        }
        final int slot = reservations.slot(entry);
        if (c.quantity > reservations.held(entry))
        {
            c.resultHeld = reservations.held(entry);
            return reject(c, slot, RELEASE_EXCEEDS_HELD);
        }
        final long left = reservations.reduce(entry, c.quantity);
        c.resultHeld = left;
        c.events.addReservation(c.reservationId, ledger.location(slot), ledger.sku(slot), left);
        return changed(c, slot, fulfil ? -c.quantity : 0, -c.quantity, 0, fulfil ? c.quantity : 0);
    }

    // ---- transfers ----

    /** Checks a movement from {@code location} to {@code toLocation}: references and quantity. */
    private ReasonCode transferRef(final CommandSlot c)
    {
        ReasonCode r = positionRef(c.location, c.sku);
        if (r == OK && !locations.exists(c.toLocation))
        {
            r = UNKNOWN_LOCATION;
        }
        if (r == OK && c.location == c.toLocation)
        {
            r = SAME_LOCATION;
        }
        return r == OK ? positive(c.quantity) : r;
    }

    /**
     * Whether the position has {@code quantity} free: on hand not held by reservations. Transfers
     * may use safety stock, which is a promise rule, not a physical one.
     */
    private boolean hasFree(final int slot, final long quantity)
    {
        return slot >= 0 && ledger.onHand(slot) - ledger.reserved(slot) >= quantity;
    }

    private ReasonCode transferOut(final CommandSlot c)
    {
        final ReasonCode r = transferRef(c);
        if (r != OK)
        {
            return r;
        }
        final int from = ledger.find(c.location, c.sku);
        if (!hasFree(from, c.quantity))
        {
            return reject(c, from, TRANSFER_EXCEEDS_FREE_STOCK);
        }
        final int existingTo = ledger.find(c.toLocation, c.sku);
        if ((existingTo < 0 ? 0 : ledger.inTransit(existingTo)) + c.quantity > Limits.MAX_POSITION_QUANTITY)
        {
            return reject(c, from, QUANTITY_OVERFLOW);
        }
        changed(c, from, -c.quantity, 0, 0);
        final int to = ledger.findOrCreate(c.toLocation, c.sku);
        ledger.change(to, 0, 0, c.quantity);
        emitStock(c, to);
        return OK;
    }

    private ReasonCode transferIn(final CommandSlot c)
    {
        ReasonCode r = positionRef(c.location, c.sku);
        if (r == OK)
        {
            r = positive(c.quantity);
        }
        if (r != OK)
        {
            return r;
        }
        final int slot = ledger.find(c.location, c.sku);
        // Units shipped by transfer orders are theirs: taking them here would leave a later
        // receiveTransfer nothing to take, and stock would appear from nowhere.
        if (slot < 0 || ledger.inTransit(slot) - state.transfers.shippedTo(slot) < c.quantity)
        {
            return reject(c, slot, RECEIPT_EXCEEDS_IN_TRANSIT);
        }
        if (ledger.onHand(slot) + c.quantity > Limits.MAX_POSITION_QUANTITY)
        {
            return reject(c, slot, QUANTITY_OVERFLOW);
        }
        return changed(c, slot, c.quantity, 0, -c.quantity);
    }

    // ---- replenishment ----

    /** The first min/max command: a position's policy, sourced from a location or the supplier. */
    private ReasonCode setReplenishmentPolicy(final CommandSlot c)
    {
        final ReasonCode ref = positionRef(c.location, c.sku);
        if (ref != OK)
        {
            return ref;
        }
        // Its source was a location or the supplier from the start; "the network" came later.
        if (c.toLocation == ReplenishmentPolicy.NETWORK)
        {
            return UNKNOWN_LOCATION;
        }
        return setPolicy(c, CommandSlot.SCOPE_POSITION, c.orderUpTo == 0 ? null : ReplenishmentKind.MIN_MAX);
    }

    private ReasonCode setReplenishmentRule(final CommandSlot c)
    {
        final int scope = c.policyScope;
        final ReasonCode ref = switch (scope)
        {
            case CommandSlot.SCOPE_POSITION -> positionRef(c.location, c.sku);
            case CommandSlot.SCOPE_LOCATION -> locations.exists(c.location) ? OK : UNKNOWN_LOCATION;
            case CommandSlot.SCOPE_TIER -> c.tier != null ? OK : INVALID_TIER;
            default -> INVALID_REPLENISHMENT_POLICY;
        };
        if (ref != OK)
        {
            return ref;
        }
        if (scope == CommandSlot.SCOPE_TIER && c.replenishmentKind != null && c.toLocation >= 0)
        {
            return INVALID_DEFAULT_SOURCE;
        }
        return setPolicy(c, scope, c.replenishmentKind);
    }

    /** Validates and applies a policy ({@code kind} null: removes it) at a checked scope. */
    private ReasonCode setPolicy(final CommandSlot c, final int scope, final ReplenishmentKind kind)
    {
        if (kind != null)
        {
            final ReasonCode r = validatePolicy(c, kind);
            if (r != OK)
            {
                return r;
            }
        }
        final Replenishment book = state.replenishment;
        if (scope == CommandSlot.SCOPE_TIER)
        {
            book.setTierDefault(c.tier.ordinal(), kind, c.quantity, c.orderUpTo, c.overstockLevel, c.packSize,
                c.minOrderQuantity, c.toLocation, c.leadTimeHours, c.slowMoverDays);
            return OK;
        }
        if (scope == CommandSlot.SCOPE_LOCATION)
        {
            book.setLocationDefault(c.location, kind, c.quantity, c.orderUpTo, c.overstockLevel, c.packSize,
                c.minOrderQuantity, c.toLocation, c.leadTimeHours, c.slowMoverDays);
            c.resultLocation = c.location;
            return OK;
        }
        final int slot = ledger.findOrCreate(c.location, c.sku);
        if (kind == null)
        {
            book.removeOwn(slot);
        }
        else
        {
            book.setOwn(slot, kind, c.quantity, c.orderUpTo, c.overstockLevel, c.packSize, c.minOrderQuantity,
                c.toLocation, c.leadTimeHours, c.slowMoverDays, c.timestamp);
        }
        // A policy is checked at once: a position already below it asks for stock now.
        checkReplenishment(c, slot, 0);
        describe(c, c.location, c.sku, slot);
        return OK;
    }

    private ReasonCode validatePolicy(final CommandSlot c, final ReplenishmentKind kind)
    {
        final int source = c.toLocation;
        if (source != ReplenishmentPolicy.SUPPLIER && source != ReplenishmentPolicy.NETWORK)
        {
            if (source == c.location)
            {
                return SAME_LOCATION;
            }
            if (!locations.exists(source))
            {
                return UNKNOWN_LOCATION;
            }
        }
        if (c.packSize < 1 || c.packSize > Limits.MAX_COMMAND_QUANTITY || c.minOrderQuantity < 0 ||
            c.minOrderQuantity > Limits.MAX_COMMAND_QUANTITY || c.leadTimeHours < 0 || c.leadTimeHours > 8_760 ||
            c.slowMoverDays < 0 || c.slowMoverDays > MAX_POLICY_DAYS)
        {
            return INVALID_REPLENISHMENT_POLICY;
        }
        return switch (kind)
        {
            case MIN_MAX -> c.quantity < 0 || c.quantity >= c.orderUpTo || c.orderUpTo > Limits.MAX_POSITION_QUANTITY ||
                c.overstockLevel != 0 ? INVALID_REPLENISHMENT_POLICY : OK;
            case DAYS_OF_COVER -> c.quantity < 1 || c.quantity >= c.orderUpTo || c.orderUpTo > c.overstockLevel ||
                c.overstockLevel > MAX_POLICY_DAYS ? INVALID_COVER_DAYS : OK;
            case DYNAMIC -> c.quantity < 5_000 || c.quantity > 9_999 || c.orderUpTo < 1 ||
                c.orderUpTo > MAX_POLICY_DAYS || c.overstockLevel != 0 ? INVALID_SERVICE_LEVEL : OK;
        };
    }

    private ReasonCode setLocationSource(final CommandSlot c)
    {
        if (!locations.exists(c.location))
        {
            return UNKNOWN_LOCATION;
        }
        final int source = c.toLocation;
        if (source != ReplenishmentPolicy.SUPPLIER && source != ReplenishmentPolicy.NETWORK)
        {
            if (source == c.location)
            {
                return SAME_LOCATION;
            }
            if (!locations.exists(source))
            {
                return UNKNOWN_LOCATION;
            }
        }
        state.replenishment.setLocationSource(c.location, source);
        c.resultLocation = c.location;
        return OK;
    }

    private ReasonCode cancelReplenishment(final CommandSlot c)
    {
        final ReasonCode ref = positionRef(c.location, c.sku);
        if (ref != OK)
        {
            return ref;
        }
        final int slot = ledger.find(c.location, c.sku);
        if (slot < 0 || !state.replenishment.cancel(slot))
        {
            return NO_OPEN_REQUEST;
        }
        c.events.addReplenishmentClosed(c.location, c.sku);
        describe(c, c.location, c.sku, slot);
        return OK;
    }

    private ReasonCode transferFromRequest(final CommandSlot c)
    {
        if (c.reservationId == 0)
        {
            return INVALID_TRANSFER_ID;
        }
        final ReasonCode ref = positionRef(c.location, c.sku);
        if (ref != OK)
        {
            return ref;
        }
        if (state.transfers.find(c.reservationId) >= 0)
        {
            return DUPLICATE_TRANSFER;
        }
        final Replenishment book = state.replenishment;
        final int to = ledger.find(c.location, c.sku);
        final long quantity = to < 0 ? 0 : book.openRequest(to);
        if (quantity == 0)
        {
            return NO_OPEN_REQUEST;
        }
        if (book.requestTransferring(to))
        {
            return reject(c, to, REQUEST_ALREADY_TRANSFERRED);
        }
        final int source = book.requestSourceOf(to);
        if (source == ReplenishmentPolicy.SUPPLIER)
        {
            return reject(c, to, REQUEST_FROM_SUPPLIER);
        }
        // A request may ask for up to a position's limit, but a transfer must fit one command, as
        // createTransfer's does: its receipt is a command, and a shipped transfer cannot be cancelled.
        if (quantity > Limits.MAX_COMMAND_QUANTITY)
        {
            return reject(c, to, QUANTITY_TOO_LARGE);
        }
        final int from = ledger.find(source, c.sku);
        if (!hasFree(from, quantity))
        {
            return reject(c, from < 0 ? to : from, TRANSFER_EXCEEDS_FREE_STOCK);
        }
        book.requestTransferred(to, c.reservationId);
        return openTransfer(c, from, to, quantity, true);
    }

    // ---- transfer orders ----

    private ReasonCode createTransfer(final CommandSlot c)
    {
        if (c.reservationId == 0)
        {
            return INVALID_TRANSFER_ID;
        }
        final ReasonCode r = transferRef(c);
        if (r != OK)
        {
            return r;
        }
        if (state.transfers.find(c.reservationId) >= 0)
        {
            return DUPLICATE_TRANSFER;
        }
        final int from = ledger.find(c.location, c.sku);
        if (!hasFree(from, c.quantity))
        {
            return reject(c, from, TRANSFER_EXCEEDS_FREE_STOCK);
        }
        return openTransfer(c, from, ledger.findOrCreate(c.toLocation, c.sku), c.quantity, false);
    }

    /** Opens transfer {@code c.reservationId}, holding {@code quantity} at the source. */
    private ReasonCode openTransfer(final CommandSlot c, final int from, final int to, final long quantity,
        final boolean fromRequest)
    {
        state.transfers.open(c.reservationId, from, to, quantity, fromRequest);
        c.events.addTransfer(c.reservationId, ledger.location(from), ledger.sku(from), quantity,
            EventView.TRANSFER_CREATED);
        return changed(c, from, 0, quantity, 0);
    }

    /** Transfer {@code transferId} shipped or was cancelled: the request it was made from is free again. */
    private void transferLeftCreated(final int e, final long transferId)
    {
        if (state.transfers.fromRequest(e))
        {
            state.replenishment.requestTransferEnded(state.transfers.toSlot(e), transferId);
        }
    }

    private ReasonCode shipTransfer(final CommandSlot c)
    {
        final int e = state.transfers.find(c.reservationId);
        if (e < 0)
        {
            return UNKNOWN_TRANSFER;
        }
        if (state.transfers.state(e) != TransferBook.CREATED)
        {
            return TRANSFER_NOT_CREATED;
        }
        if (c.quantity < c.timestamp)
        {
            return INVALID_ETA;
        }
        final int from = state.transfers.fromSlot(e);
        final int to = state.transfers.toSlot(e);
        final long qty = state.transfers.quantity(e);
        if (ledger.inTransit(to) + qty > Limits.MAX_POSITION_QUANTITY)
        {
            return reject(c, to, QUANTITY_OVERFLOW);
        }
        transferLeftCreated(e, c.reservationId);
        state.transfers.ship(e, c.quantity);
        c.events.addTransfer(c.reservationId, ledger.location(to), ledger.sku(to), qty, EventView.TRANSFER_SHIPPED);
        changed(c, from, -qty, -qty, 0);
        ledger.change(to, 0, 0, qty);
        emitStock(c, to);
        return OK;
    }

    private ReasonCode receiveTransfer(final CommandSlot c)
    {
        final int e = state.transfers.find(c.reservationId);
        if (e < 0)
        {
            return UNKNOWN_TRANSFER;
        }
        if (state.transfers.state(e) != TransferBook.SHIPPED)
        {
            return TRANSFER_NOT_SHIPPED;
        }
        final ReasonCode r = nonNegative(c.quantity);
        if (r != OK)
        {
            return r;
        }
        final long shipped = state.transfers.quantity(e);
        if (c.quantity != shipped && c.adjustmentReason == null)
        {
            return DISCREPANCY_REASON_REQUIRED;
        }
        final int to = state.transfers.toSlot(e);
        // Refused, not clamped: a state from before TRANSFER_IN left transfer orders' units alone
        // may hold less in transit than was shipped, and in transit must never go negative.
        if (ledger.inTransit(to) < shipped)
        {
            return reject(c, to, RECEIPT_EXCEEDS_IN_TRANSIT);
        }
        if (ledger.onHand(to) + c.quantity > Limits.MAX_POSITION_QUANTITY)
        {
            return reject(c, to, QUANTITY_OVERFLOW);
        }
        state.transfers.close(e);
        c.events.addTransfer(c.reservationId, ledger.location(to), ledger.sku(to), c.quantity,
            EventView.TRANSFER_RECEIVED);
        return changed(c, to, c.quantity, 0, -shipped);
    }

    private ReasonCode cancelTransfer(final CommandSlot c)
    {
        final int e = state.transfers.find(c.reservationId);
        if (e < 0)
        {
            return UNKNOWN_TRANSFER;
        }
        if (state.transfers.state(e) != TransferBook.CREATED)
        {
            return TRANSFER_NOT_CREATED;
        }
        final int from = state.transfers.fromSlot(e);
        final long qty = state.transfers.quantity(e);
        transferLeftCreated(e, c.reservationId);
        state.transfers.close(e);
        c.events.addTransfer(c.reservationId, ledger.location(from), ledger.sku(from), qty,
            EventView.TRANSFER_CANCELLED);
        return changed(c, from, 0, -qty, 0);
    }

    // ---- routing configuration ----

    private ReasonCode configureLocation(final CommandSlot c)
    {
        if (!locations.exists(c.location))
        {
            return UNKNOWN_LOCATION;
        }
        if (c.ordersPerHour < 0 || c.nodePriority < 0 || c.nodePriority > Limits.MAX_NODE_PRIORITY ||
            c.pickPackMinutes < 0 || c.pickPackMinutes > 10_080)
        {
            return INVALID_LOCATION_SETTINGS;
        }
        locations.configure(c.location, c.ordersPerHour, c.nodePriority, c.pickPackMinutes);
        c.resultLocation = c.location;
        return OK;
    }

    private ReasonCode setPositionReserve(final CommandSlot c)
    {
        ReasonCode r = positionRef(c.location, c.sku);
        if (r == OK)
        {
            r = nonNegative(c.quantity);
        }
        if (r != OK)
        {
            return r;
        }
        final int slot = ledger.findOrCreate(c.location, c.sku);
        if (c.type == CommandType.SET_PROTECTED_STOCK)
        {
            state.reserves.setProtected(slot, c.quantity);
        }
        else
        {
            state.reserves.setWalkIn(slot, c.quantity);
        }
        describe(c, c.location, c.sku, slot);
        return OK;
    }

    private ReasonCode setChannelQuota(final CommandSlot c)
    {
        if (!channels.exists(c.channel))
        {
            return UNKNOWN_CHANNEL;
        }
        if (!skus.exists(c.sku))
        {
            return UNKNOWN_SKU;
        }
        if (c.quantity < ChannelQuotas.UNLIMITED || c.quotaPercent < ChannelQuotas.UNLIMITED || c.quotaPercent > 100)
        {
            return INVALID_QUOTA;
        }
        state.quotas.set(c.channel, c.sku, c.quantity, c.quotaPercent, orders.heldByChannel(c.channel, c.sku, ledger));
        return OK;
    }

    private ReasonCode setChannelEligibility(final CommandSlot c)
    {
        if (!locations.exists(c.location))
        {
            return UNKNOWN_LOCATION;
        }
        if (!channels.exists(c.channel))
        {
            return UNKNOWN_CHANNEL;
        }
        state.reserves.setEligible(c.location, c.channel, c.quantity != 0);
        c.resultLocation = c.location;
        return OK;
    }

    private ReasonCode setRoutingPolicy(final CommandSlot c)
    {
        if (c.policy == null || c.policy.problem() != null)
        {
            return INVALID_POLICY;
        }
        state.policy = c.policy;
        state.policyVersion++;
        c.assignedId = state.policyVersion;
        return OK;
    }

    // ---- orders ----

    /** Checks an order's shape and references; nothing is read from stock yet. */
    private ReasonCode validateOrder(final CommandSlot c)
    {
        if (!channels.exists(c.channel))
        {
            return UNKNOWN_CHANNEL;
        }
        if (c.fulfilmentType == null)
        {
            return INVALID_FULFILMENT_TYPE;
        }
        if ((c.orderFlags & ~Order.ALL_FLAGS) != 0)
        {
            return INVALID_ORDER_FLAGS;
        }
        if (c.promiseAt < 0)
        {
            return INVALID_PROMISE_TIME;
        }
        if (c.orderValue < 0 && LogicVersion.refusesNegativeOrderValue(state.logicVersion))
        {
            return INVALID_ORDER_VALUE;
        }
        if (c.tooManyLines)
        {
            return TOO_MANY_LINES;
        }
        if (c.lineCount == 0)
        {
            return NO_LINES;
        }
        for (int i = 0; i < c.lineCount; i++)
        {
            if (!skus.exists(c.lineSku[i]))
            {
                return UNKNOWN_SKU;
            }
            final ReasonCode quantity = positive(c.lineQuantity[i]);
            if (quantity != OK)
            {
                return quantity;
            }
            for (int j = 0; j < i; j++)
            {
                if (c.lineSku[j] == c.lineSku[i])
                {
                    return DUPLICATE_LINE_SKU;
                }
            }
        }
        final boolean pickupOrder = c.fulfilmentType == FulfilmentType.PICKUP;
        if (pickupOrder && !locations.exists(c.location))
        {
            return PICKUP_STORE_REQUIRED;
        }
        if (!pickupOrder && c.location >= 0 && !locations.exists(c.location))
        {
            return UNKNOWN_LOCATION;
        }
        if (!pickupOrder && (Math.abs((long)c.latMicros) > Limits.MAX_LATITUDE_MICROS ||
            Math.abs((long)c.lonMicros) > Limits.MAX_LONGITUDE_MICROS))
        {
            return INVALID_DESTINATION;
        }
        return OK;
    }

    private ReasonCode plan(final CommandSlot c)
    {
        router.begin(c.fulfilmentType, c.latMicros, c.lonMicros, c.location, c.promiseAt, c.timestamp, c.orderFlags,
            c.orderValue, c.channel);
        for (int i = 0; i < c.lineCount; i++)
        {
            router.addLine(i, c.lineSku[i], c.lineQuantity[i]);
        }
        return router.route(c.routing, c.ruleSets);
    }

    private ReasonCode routeOrder(final CommandSlot c)
    {
        if (c.orderId == 0)
        {
            return INVALID_ORDER_ID;
        }
        if (orders.find(c.orderId) >= 0)
        {
            return DUPLICATE_ORDER;
        }
        ReasonCode r = validateOrder(c);
        if (r == OK)
        {
            r = checkQuotas(c);
        }
        if (r == OK)
        {
            r = plan(c);
        }
        if (r != OK)
        {
            return r;
        }
        final long expiry = c.timestamp + channels.holdTtlMillis(c.channel);
        final int e = orders.open(c.orderId, c.channel, c.fulfilmentType, c.latMicros, c.lonMicros, c.location,
            c.promiseAt, c.orderValue, c.orderFlags, expiry);
        c.events.addOrder(c.orderId, OrderState.HELD);
        hold(c, e, c.routing);
        c.routing.orderState = OrderState.HELD;
        c.routing.expiresAt = expiry;
        return OK;
    }

    private ReasonCode checkQuotas(final CommandSlot c)
    {
        for (int i = 0; i < c.lineCount; i++)
        {
            final int sku = c.lineSku[i];
            if (!state.quotas.allows(c.channel, sku, c.lineQuantity[i], networkAvailable(sku)))
            {
                return CHANNEL_QUOTA_EXCEEDED;
            }
        }
        return OK;
    }

    private long networkAvailable(final int sku)
    {
        long sum = 0;
        for (int tier = 0; tier < Tier.COUNT; tier++)
        {
            sum += ledger.tierAvailable(sku, tier);
        }
        return sum;
    }

    /**
     * Holds the planned allocations: the single step that makes the promise the real allocation.
     * Each location's first allocation takes one order of its hourly capacity; a line re-routed
     * to a location the order already holds at takes none (the order is counted there already).
     */
    private void hold(final CommandSlot c, final int e, final RoutingOutcome plan)
    {
        for (int i = 0; i < plan.allocationCount; i++)
        {
            final int location = plan.allocationLocation[i];
            final int sku = plan.allocationSku[i];
            final int slot = ledger.findOrCreate(location, sku);
            final long quantity = plan.allocationQuantity[i];
            final long hour = firstAt(plan, i) && !holdsAt(e, location) ?
                locations.consumeCapacity(location, c.timestamp) : OrderBook.NO_HOUR;
            orders.allocate(e, slot, plan.allocationLine[i], quantity, hour);
            ledger.change(slot, 0, quantity, 0);
            state.quotas.adjustHeld(orders.channel(e), sku, quantity);
            c.events.addAllocation(orders.orderId(e), location, sku, quantity);
            emitStock(c, slot);
        }
    }

    private static boolean firstAt(final RoutingOutcome plan, final int i)
    {
        for (int j = 0; j < i; j++)
        {
            if (plan.allocationLocation[j] == plan.allocationLocation[i])
            {
                return false;
            }
        }
        return true;
    }

    private ReasonCode confirmOrder(final CommandSlot c)
    {
        final int e = orders.find(c.orderId);
        if (e < 0)
        {
            return UNKNOWN_ORDER;
        }
        if (!heldAt(e, c.timestamp))
        {
            return describeOrder(c, e, ORDER_NOT_HELD);
        }
        orders.confirm(e);
        c.events.addOrder(c.orderId, OrderState.CONFIRMED);
        return describeOrder(c, e, OK);
    }

    private ReasonCode extendOrder(final CommandSlot c)
    {
        final int e = orders.find(c.orderId);
        if (e < 0)
        {
            return UNKNOWN_ORDER;
        }
        if (c.quantity <= 0 || c.quantity > Limits.MAX_HOLD_MILLIS)
        {
            return INVALID_EXTENSION;
        }
        if (!heldAt(e, c.timestamp))
        {
            return describeOrder(c, e, ORDER_NOT_HELD);
        }
        orders.extend(e, orders.expiresAt(e) + c.quantity);
        c.events.addOrder(c.orderId, OrderState.HELD);
        return describeOrder(c, e, OK);
    }

    /**
     * Whether the order is an unpaid hold that has not run out at {@code now}. A hold is over at its
     * expiry, not when the timer's {@code EXPIRE_HOLDS} gets round to closing it: otherwise a payment
     * or extension racing the timer would decide by thread timing instead of by the command's time.
     */
    private boolean heldAt(final int e, final long now)
    {
        return orders.state(e) == OrderState.HELD && orders.expiresAt(e) > now;
    }

    private ReasonCode cancelOrder(final CommandSlot c)
    {
        final int e = orders.find(c.orderId);
        if (e < 0)
        {
            return UNKNOWN_ORDER;
        }
        closeOrder(c, e, OrderState.CANCELLED);
        return OK;
    }

    private ReasonCode fulfilOrder(final CommandSlot c)
    {
        final int e = orders.find(c.orderId);
        if (e < 0)
        {
            return UNKNOWN_ORDER;
        }
        if (!locations.exists(c.location))
        {
            return UNKNOWN_LOCATION;
        }
        if (orders.state(e) != OrderState.CONFIRMED)
        {
            return describeOrder(c, e, ORDER_NOT_CONFIRMED);
        }
        if (!holdsAt(e, c.location))
        {
            return describeOrder(c, e, NOTHING_ALLOCATED_HERE);
        }
        releaseAt(c, e, c.location, true);
        if (orders.firstAllocation(e) < 0)
        {
            orders.close(e);
            c.events.addOrder(c.orderId, OrderState.FULFILLED);
            c.routing.orderState = OrderState.FULFILLED;
            return OK;
        }
        return describeOrder(c, e, OK);
    }

    /**
     * A location cannot serve its part (damaged stock found, for example): release it there and
     * route those lines again, never back to a location that rejected the order.
     */
    private ReasonCode rejectAllocation(final CommandSlot c)
    {
        final int e = orders.find(c.orderId);
        if (e < 0)
        {
            return UNKNOWN_ORDER;
        }
        if (!locations.exists(c.location))
        {
            return UNKNOWN_LOCATION;
        }
        if (orders.state(e) == OrderState.HELD && !heldAt(e, c.timestamp))
        {
            // An unpaid hold that has run out is not routed again: the timer is about to close it.
            return describeOrder(c, e, ORDER_NOT_HELD);
        }
        if (!holdsAt(e, c.location))
        {
            return describeOrder(c, e, NOTHING_ALLOCATED_HERE);
        }
        orders.addRejected(e, c.location);
        router.begin(orders.type(e), orders.destLat(e), orders.destLon(e), orders.pickup(e), orders.promiseAt(e),
            c.timestamp, orders.flags(e) | Order.ALLOW_PARTIAL, orders.orderValue(e), orders.channel(e));
        for (int a = orders.firstAllocation(e); a >= 0; a = orders.nextAllocation(a))
        {
            final int slot = orders.allocationSlot(a);
            if (ledger.location(slot) == c.location)
            {
                router.addLine(orders.allocationLine(a), ledger.sku(slot), orders.allocationHeld(a));
            }
            else
            {
                router.serving(ledger.location(slot));
            }
        }
        for (int i = 0; i < orders.rejectedCount(e); i++)
        {
            router.exclude(orders.rejected(e, i));
        }
        releaseAt(c, e, c.location, false);
        // Released stock is excluded with the location, so the plan cannot take it straight back.
        c.routing.clear();
        if (router.route(c.routing, c.ruleSets) == OK)
        {
            hold(c, e, c.routing);
        }
        c.events.addOrder(c.orderId, orders.state(e));
        c.routing.orderState = orders.state(e);
        c.routing.expiresAt = orders.expiresAt(e);
        return OK;
    }

    /**
     * Expires due unpaid holds, oldest first, as long as the events of another whole order fit in
     * this command's output; the engine sends another signal for the rest.
     */
    private ReasonCode expireHolds(final CommandSlot c)
    {
        int e;
        while ((e = orders.peekDue(c.timestamp)) >= 0 && c.events.remaining() >= eventsToClose(e))
        {
            closeOrder(c, e, OrderState.EXPIRED);
        }
        // The same timed command carries the daily SLOW_MOVER sweep, in what room the events have left.
        state.replenishment.sweep(c.timestamp, c.events);
        c.routing.expiresAt = orders.nextExpiry();
        return OK;
    }

    private int eventsToClose(final int e)
    {
        int n = 1;
        for (int a = orders.firstAllocation(e); a >= 0; a = orders.nextAllocation(a))
        {
            n += 2 + Replenishment.MAX_EVENTS_PER_CHECK;
        }
        return n;
    }

    private void closeOrder(final CommandSlot c, final int e, final OrderState finalState)
    {
        final long orderId = orders.orderId(e);
        for (int a = orders.firstAllocation(e); a >= 0; a = orders.removeAllocation(e, -1, a))
        {
            release(c, e, a, false);
        }
        orders.close(e);
        c.events.addOrder(orderId, finalState);
        c.routing.orderState = finalState;
    }

    private boolean holdsAt(final int e, final int location)
    {
        for (int a = orders.firstAllocation(e); a >= 0; a = orders.nextAllocation(a))
        {
            if (ledger.location(orders.allocationSlot(a)) == location)
            {
                return true;
            }
        }
        return false;
    }

    /** Releases (or, when fulfilling, consumes) every allocation the order has at the location. */
    private void releaseAt(final CommandSlot c, final int e, final int location, final boolean consume)
    {
        int previous = -1;
        int a = orders.firstAllocation(e);
        while (a >= 0)
        {
            final int slot = orders.allocationSlot(a);
            if (ledger.location(slot) == location)
            {
                release(c, e, a, consume);
                a = orders.removeAllocation(e, previous, a);
            }
            else
            {
                previous = a;
                a = orders.nextAllocation(a);
            }
        }
    }

    /**
     * Gives back (or, when fulfilling, consumes) one allocation: stock, the channel's quota use,
     * and the hourly capacity it took (unless the order is being fulfilled, which used it).
     */
    private void release(final CommandSlot c, final int e, final int a, final boolean consume)
    {
        final int slot = orders.allocationSlot(a);
        final long quantity = orders.allocationHeld(a);
        final int location = ledger.location(slot);
        final int sku = ledger.sku(slot);
        ledger.change(slot, consume ? -quantity : 0, -quantity, 0);
        state.quotas.adjustHeld(orders.channel(e), sku, -quantity);
        if (!consume && orders.allocationHour(a) != OrderBook.NO_HOUR)
        {
            locations.restoreCapacity(location, orders.allocationHour(a));
        }
        c.events.addAllocation(orders.orderId(e), location, sku, 0);
        emitStock(c, slot, consume ? quantity : 0);
        if (consume)
        {
            c.routing.addAllocation(orders.allocationLine(a), location, sku, quantity);
        }
    }

    /** Reports an order's state, for lifecycle results. */
    private ReasonCode describeOrder(final CommandSlot c, final int e, final ReasonCode reason)
    {
        c.routing.orderState = orders.state(e);
        c.routing.expiresAt = orders.expiresAt(e);
        return reason;
    }

    private void emitStock(final CommandSlot c, final int slot)
    {
        emitStock(c, slot, 0);
    }

    /**
     * Every change to a position is reported here, so this is where thresholds are checked: on
     * the very command that crosses one.
     *
     * @param demand units sold or fulfilled at the position by this change, for demand averages.
     */
    private void emitStock(final CommandSlot c, final int slot, final long demand)
    {
        c.events.addStock(ledger.location(slot), ledger.sku(slot), ledger.onHand(slot), ledger.reserved(slot),
            ledger.inTransit(slot), ledger.safetyStock(slot));
        checkReplenishment(c, slot, demand);
    }

    private void checkReplenishment(final CommandSlot c, final int slot, final long demand)
    {
        state.replenishment.check(slot, c.timestamp, demand, c.type == CommandType.RECEIVE, c.events);
    }

    // ---- shared steps ----

    private ReasonCode positionRef(final int location, final int sku)
    {
        if (!locations.exists(location))
        {
            return UNKNOWN_LOCATION;
        }
        return skus.exists(sku) ? OK : UNKNOWN_SKU;
    }

    private static ReasonCode positive(final long quantity)
    {
        if (quantity <= 0)
        {
            return INVALID_QUANTITY;
        }
        return quantity > Limits.MAX_COMMAND_QUANTITY ? QUANTITY_TOO_LARGE : OK;
    }

    private static ReasonCode nonNegative(final long quantity)
    {
        if (quantity < 0)
        {
            return NEGATIVE_QUANTITY;
        }
        return quantity > Limits.MAX_COMMAND_QUANTITY ? QUANTITY_TOO_LARGE : OK;
    }

    private long onHandOf(final int slot)
    {
        return slot < 0 ? 0 : ledger.onHand(slot);
    }

    private ReasonCode changed(
        final CommandSlot c, final int slot, final long onHandDelta, final long reservedDelta,
        final long inTransitDelta)
    {
        return changed(c, slot, onHandDelta, reservedDelta, inTransitDelta, 0);
    }

    /** @param demand units sold or fulfilled by the change, for demand averages. */
    private ReasonCode changed(
        final CommandSlot c, final int slot, final long onHandDelta, final long reservedDelta,
        final long inTransitDelta, final long demand)
    {
        ledger.change(slot, onHandDelta, reservedDelta, inTransitDelta);
        emitStock(c, slot, demand);
        describe(c, ledger.location(slot), ledger.sku(slot), slot);
        return OK;
    }

    /** Emits the position's new quantities as an event and as the result. */
    private ReasonCode describeChanged(final CommandSlot c, final int slot)
    {
        emitStock(c, slot);
        describe(c, ledger.location(slot), ledger.sku(slot), slot);
        return OK;
    }

    /** A rejection still tells the caller where the position stands, when there is one. */
    private ReasonCode reject(final CommandSlot c, final int slot, final ReasonCode reason)
    {
        if (slot >= 0)
        {
            describe(c, ledger.location(slot), ledger.sku(slot), slot);
        }
        return reason;
    }

    private void describe(final CommandSlot c, final int location, final int sku, final int slot)
    {
        c.resultLocation = location;
        c.resultSku = sku;
        if (slot >= 0)
        {
            c.resultOnHand = ledger.onHand(slot);
            c.resultReserved = ledger.reserved(slot);
            c.resultInTransit = ledger.inTransit(slot);
            c.resultSafetyStock = ledger.safetyStock(slot);
        }
    }
}

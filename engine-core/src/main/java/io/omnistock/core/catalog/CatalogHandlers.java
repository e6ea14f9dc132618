package io.omnistock.core.catalog;

import io.omnistock.api.Capabilities;
import io.omnistock.api.EventKind;
import io.omnistock.api.Limits;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.command.CodeText;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.state.CatalogCommands;
import io.omnistock.core.state.EngineState;
import io.omnistock.core.state.LogicVersion;

import java.nio.charset.StandardCharsets;

import static io.omnistock.api.ReasonCode.*;

/** The catalog's commands: locations (definition and routing settings), SKUs and channels. */
public final class CatalogHandlers implements CatalogCommands
{
    private final EngineState state;
    private final LocationTable locations;
    private final SkuCatalog skus;
    private final ChannelTable channels;

    public CatalogHandlers(final EngineState state)
    {
        this.state = state;
        this.locations = state.locations();
        this.skus = state.skus();
        this.channels = state.channels();
    }

    public ReasonCode defineLocation(final CommandSlot c)
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
        c.assignedId = id;
        c.resultLocation = id;
        c.events.addDefinition(EventKind.LOCATION_DEFINED, id, -1);
        return OK;
    }

    public ReasonCode defineSku(final CommandSlot c)
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
        c.assignedId = id;
        c.resultSku = id;
        c.events.addDefinition(EventKind.SKU_DEFINED, -1, id);
        return OK;
    }

    public ReasonCode defineChannel(final CommandSlot c)
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

    /** A location's routing settings: hourly order capacity, node priority, pick-and-pack time. */
    public ReasonCode configureLocation(final CommandSlot c)
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

    /** The rules of every code (a location's, SKU's, channel's, an API key's name). */
    public ReasonCode checkCode(final String code)
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
        if (!CodeText.survivesUtf8(code, utf8))
        {
            return CODE_INVALID;
        }
        return LogicVersion.refusesInvisibleCodeCharacters(state.logicVersion()) && hasInvisibleCharacter(code) ?
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
}

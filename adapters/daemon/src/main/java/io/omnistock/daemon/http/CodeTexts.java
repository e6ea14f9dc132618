package io.omnistock.daemon.http;

import com.fasterxml.jackson.core.io.SerializedString;
import io.omnistock.api.InventoryEngine;

import java.util.function.IntFunction;

/**
 * Location, SKU and channel codes as JSON text, quoted and encoded once, for the answers: a code
 * written from its String goes through Jackson's escaping pass each time
 * (UTF8JsonGenerator._writeStringSegment): with the member names, 4.5% of the I/O threads' CPU
 * samples on batches of 256 orders, none after (async-profiler, docs/benchmarks.md run 55).
 *
 * <p>A code never changes for its id (the engine has no rename), so a text made once stays right.
 * Each kind keeps the texts of {@link #SLOTS} ids, direct-mapped by id: the memory is fixed however
 * many SKUs there are, and an id that meets another in its slot makes its text again. Threads
 * share the slots without a lock: an entry is immutable, its text's bytes made before it is stored,
 * so a thread sees a whole entry or an older one.
 */
final class CodeTexts
{
    static final int SLOTS = 4096;

    private final Kind locations;
    private final Kind skus;
    private final Kind channels;

    CodeTexts(final InventoryEngine engine)
    {
        this(engine::locationCode, engine::skuCode, engine::channelCode);
    }

    /** @param locations (and the others) a code by id, or null for an id with none. */
    CodeTexts(final IntFunction<String> locations, final IntFunction<String> skus, final IntFunction<String> channels)
    {
        this.locations = new Kind(locations);
        this.skus = new Kind(skus);
        this.channels = new Kind(channels);
    }

    /** @return the location's code as JSON text, or null when the id has none. */
    SerializedString location(final int id)
    {
        return locations.text(id);
    }

    /** @return the SKU's code as JSON text, or null when the id has none. */
    SerializedString sku(final int id)
    {
        return skus.text(id);
    }

    /** @return the channel's code as JSON text, or null when the id has none. */
    SerializedString channel(final int id)
    {
        return channels.text(id);
    }

    /** @return {@code text} as JSON text, its quoted bytes made now, before any thread shares it. */
    static SerializedString quoted(final String text)
    {
        final SerializedString quoted = new SerializedString(text);
        quoted.asQuotedUTF8();
        return quoted;
    }

    private record Entry(int id, SerializedString text)
    {
    }

    private static final class Kind
    {
        private final IntFunction<String> codes;
        private final Entry[] entries = new Entry[SLOTS];

        Kind(final IntFunction<String> codes)
        {
            this.codes = codes;
        }

        SerializedString text(final int id)
        {
            final int slot = id & (SLOTS - 1);
            final Entry kept = entries[slot];
            if (kept != null && kept.id() == id)
            {
                return kept.text();
            }
            final String code = id < 0 ? null : codes.apply(id);
            if (code == null)
            {
                return null;
            }
            // Its bytes made before the entry is shared: no thread then writes into it.
            final SerializedString text = quoted(code);
            entries[slot] = new Entry(id, text);
            return text;
        }
    }
}

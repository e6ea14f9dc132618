package io.omnistock.daemon.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnistock.core.order.ChannelQuotas;
import io.omnistock.core.state.EngineState;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The channel quotas of some channels, as a channel's read and the channel listing show them:
 * {@code "quotas": [{"sku", "maxUnits"?, "maxPercent"?, "held"}]}, by SKU id.
 *
 * <p>The engine keeps quotas by (channel, SKU) with no per-channel index and no accessor to list
 * them, and the engine is not the daemon's to change for a read. What it does offer is its snapshot
 * form ({@link ChannelQuotas#writeTo}): a count, then per entry the key (channel in the high 32 bits,
 * SKU below), max units, max percent and what the channel holds. This reads that stream as it is
 * written, on the writer between two commands, keeping only the channels asked for: one pass over the
 * table, one entry's bytes buffered. A change of that form changes the snapshot format version; a
 * stream that is not the count of entries it announced fails the read, and VisibilityMatrixIT reads
 * quotas back through here.
 */
final class ChannelQuotaReader
{
    /** At most this many quotas are listed per channel; {@code quotasOmitted} counts the rest. */
    static final int MAX_PER_CHANNEL = 1_000;

    private ChannelQuotaReader()
    {
    }

    /** One channel's quota on one SKU; -1 for no limit of that kind. */
    private record Quota(int sku, long maxUnits, int maxPercent, long held)
    {
    }

    /**
     * Adds {@code quotas} (and {@code quotasOmitted} past {@link #MAX_PER_CHANNEL}) to each channel's
     * JSON. Runs on the engine's thread (a {@link StateReader#readState} reader).
     *
     * @param channels the JSON object of each channel to show, by channel id.
     */
    static void addTo(final EngineState state, final Map<Integer, ObjectNode> channels)
    {
        if (channels.isEmpty())
        {
            return;
        }
        final Map<Integer, List<Quota>> found = new java.util.HashMap<>();
        final Map<Integer, Integer> omitted = new java.util.HashMap<>();
        try
        {
            final Entries entries = new Entries((channel, quota) ->
            {
                if (!channels.containsKey(channel) ||
                    quota.maxUnits() == ChannelQuotas.UNLIMITED && quota.maxPercent() == ChannelQuotas.UNLIMITED)
                {
                    // Another channel's, or a quota set back to no limit at all: no quota.
                    return;
                }
                final List<Quota> list = found.computeIfAbsent(channel, c -> new ArrayList<>());
                if (list.size() < MAX_PER_CHANNEL)
                {
                    list.add(quota);
                }
                else
                {
                    omitted.merge(channel, 1, Integer::sum);
                }
            });
            state.quotas().writeTo(new DataOutputStream(entries));
            entries.finish();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("the engine's quota table did not read", e);
        }
        channels.forEach((id, json) ->
        {
            final ArrayNode quotas = json.putArray("quotas");
            final List<Quota> list = found.getOrDefault(id, List.of());
            list.stream().sorted(Comparator.comparingInt(Quota::sku)).forEach(q ->
            {
                final ObjectNode item = quotas.addObject().put("sku", state.skus().code(q.sku()));
                if (q.maxUnits() != ChannelQuotas.UNLIMITED)
                {
                    item.put("maxUnits", q.maxUnits());
                }
                if (q.maxPercent() != ChannelQuotas.UNLIMITED)
                {
                    item.put("maxPercent", q.maxPercent());
                }
                item.put("held", q.held());
            });
            if (omitted.containsKey(id))
            {
                json.put("quotasOmitted", omitted.get(id));
            }
        });
    }

    /** What gets each quota entry of the stream. */
    @FunctionalInterface
    private interface Sink
    {
        void entry(int channel, Quota quota);
    }

    /**
     * The bytes {@link ChannelQuotas#writeTo} writes through a {@link DataOutputStream}: a count
     * (4 bytes), then per entry the key and max units (8 bytes each), max percent (4) and held (8),
     * big-endian. Each entry is handed on as soon as its bytes are in.
     */
    private static final class Entries extends OutputStream
    {
        private static final int COUNT_BYTES = 4;
        private static final int ENTRY_BYTES = 8 + 8 + 4 + 8;

        private final Sink sink;
        private final ByteBuffer header = ByteBuffer.allocate(COUNT_BYTES);
        private final ByteBuffer entry = ByteBuffer.allocate(ENTRY_BYTES);
        private int entries;

        Entries(final Sink sink)
        {
            this.sink = sink;
        }

        @Override
        public void write(final int b)
        {
            if (header.hasRemaining())
            {
                header.put((byte)b);
                return;
            }
            entry.put((byte)b);
            if (!entry.hasRemaining())
            {
                entry.flip();
                final long key = entry.getLong();
                final long maxUnits = entry.getLong();
                final int maxPercent = entry.getInt();
                sink.entry((int)(key >>> 32), new Quota((int)key, maxUnits, maxPercent, entry.getLong()));
                entry.clear();
                entries++;
            }
        }

        /** @throws IOException if the bytes were not the count of entries they announced: the form changed. */
        void finish() throws IOException
        {
            if (header.hasRemaining() || entry.position() != 0 || header.getInt(0) != entries)
            {
                throw new IOException("ChannelQuotas.writeTo wrote in another form than ChannelQuotaReader reads");
            }
        }
    }
}

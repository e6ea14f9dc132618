package io.omnistock.core.command;

import io.omnistock.api.AdjustmentReason;
import io.omnistock.api.Command;
import io.omnistock.api.CommandType;
import io.omnistock.api.Commands;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.ReplenishmentPolicy;
import io.omnistock.api.RoutingPolicy;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generated input codec (the cluster's ingress encoding) round-trips every command type. */
class CommandInputCodecTest
{
    static Map<CommandType, Command> oneOfEach()
    {
        final Order order = new Order(-77, 3, FulfilmentType.PICKUP, -31_000_000, 121_000_000, 9, Long.MAX_VALUE, 5,
            Order.ALLOW_PARTIAL, List.of(new OrderLine(4, 2), new OrderLine(Integer.MAX_VALUE, Long.MIN_VALUE)));
        final Map<CommandType, Command> commands = new EnumMap<>(CommandType.class);
        commands.put(CommandType.DEFINE_LOCATION, Commands.defineLocation(1, "STORE-\u4e0a\u6d77", Tier.STORE, -1, 2, 7));
        commands.put(CommandType.DEFINE_SKU, Commands.defineSku(2, "SKU-1", StockUnit.GRAM));
        commands.put(CommandType.RECEIVE, Commands.receive(3, 1, 2, Long.MAX_VALUE));
        commands.put(CommandType.ADJUST, Commands.adjust(4, 1, 2, -5, AdjustmentReason.DAMAGED));
        commands.put(CommandType.STOCKTAKE, Commands.stocktake(5, 1, 2, 0));
        commands.put(CommandType.COMPARE_AND_SET_ON_HAND, Commands.compareAndSetOnHand(50, 1, 2, Long.MIN_VALUE, 7,
            AdjustmentReason.CORRECTION));
        commands.put(CommandType.SALE, Commands.sale(6, 1, 2, 3));
        commands.put(CommandType.RETURN, Commands.returnToStock(7, 1, 2, 3));
        commands.put(CommandType.RESERVE, Commands.reserveWithReference(8, Long.MIN_VALUE, 1, 2, 3, "cart-1",
            "{\"a\":[1,2]}"));
        commands.put(CommandType.RELEASE, Commands.release(9, 42, 3));
        commands.put(CommandType.FULFIL, Commands.fulfil(10, 42, 3));
        commands.put(CommandType.TRANSFER_OUT, Commands.transferOut(11, 1, 2, 3, 4));
        commands.put(CommandType.TRANSFER_IN, Commands.transferIn(12, 1, 2, 3));
        commands.put(CommandType.SET_SAFETY_STOCK, Commands.setSafetyStock(13, 1, 2, 3));
        commands.put(CommandType.QUERY_POSITION, Commands.queryPosition(14, 1, 2));
        commands.put(CommandType.QUERY_AVAILABILITY, Commands.queryChannelAvailability(15, 3, 2));
        commands.put(CommandType.DEFINE_CHANNEL, Commands.defineChannel(16, null, 900_000));
        commands.put(CommandType.ROUTE_ORDER, Commands.routeOrder(17, order));
        commands.put(CommandType.QUERY_PROMISE, Commands.queryPromise(18, order));
        commands.put(CommandType.CONFIRM_ORDER, Commands.confirmOrder(19, -77));
        commands.put(CommandType.EXTEND_ORDER, Commands.extendOrder(20, -77, 60_000));
        commands.put(CommandType.CANCEL_ORDER, Commands.cancelOrder(21, -77));
        commands.put(CommandType.FULFIL_ORDER, Commands.fulfilOrder(22, -77, 9));
        commands.put(CommandType.REJECT_ALLOCATION, Commands.rejectAllocation(23, -77, 9));
        commands.put(CommandType.EXPIRE_HOLDS, w -> ((CommandSlot)w).expireHolds());
        commands.put(CommandType.CONFIGURE_LOCATION, Commands.configureLocation(25, 1, 100, 2, 15));
        commands.put(CommandType.SET_PROTECTED_STOCK, Commands.setProtectedStock(26, 1, 2, 3));
        commands.put(CommandType.SET_WALK_IN_RESERVE, Commands.setWalkInReserve(27, 1, 2, 3));
        commands.put(CommandType.SET_CHANNEL_QUOTA, Commands.setChannelQuota(28, 3, 2, -1, 40));
        commands.put(CommandType.SET_ROUTING_POLICY, Commands.setRoutingPolicy(29, RoutingPolicy.defaults()));
        commands.put(CommandType.SET_CHANNEL_ELIGIBILITY, Commands.setChannelEligibility(30, 1, 3, true));
        commands.put(CommandType.SET_REPLENISHMENT_POLICY,
            Commands.setReplenishmentPolicy(31, 1, 2, 10, 50, 6, 12, ReplenishmentPolicy.SUPPLIER, 48));
        commands.put(CommandType.CANCEL_REPLENISHMENT, Commands.cancelReplenishment(32, 1, 2));
        commands.put(CommandType.CREATE_TRANSFER, Commands.createTransfer(33, 5, 1, 2, 3, 4));
        commands.put(CommandType.SHIP_TRANSFER, Commands.shipTransfer(34, 5, 1_700_000_000_000L));
        commands.put(CommandType.RECEIVE_TRANSFER, Commands.receiveTransfer(35, 5, 3, AdjustmentReason.LOST));
        commands.put(CommandType.CANCEL_TRANSFER, Commands.cancelTransfer(36, 5));
        commands.put(CommandType.SET_REPLENISHMENT_RULE,
            Commands.setTierPolicy(37, Tier.STORE, ReplenishmentPolicy.daysOfCover(3, 10, 30)));
        commands.put(CommandType.SET_LOCATION_SOURCE, Commands.setLocationSource(38, 1, ReplenishmentPolicy.NETWORK));
        commands.put(CommandType.TRANSFER_FROM_REQUEST, Commands.transferFromRequest(39, 6, 1, 2));
        commands.put(CommandType.QUERY_ORDER, Commands.queryOrder(40, -77));
        commands.put(CommandType.UPGRADE_LOGIC, Commands.upgradeLogic(41, 3));
        commands.put(CommandType.PUT_API_KEY, Commands.putApiKey(42, "pos-\u4e0a\u6d77", Long.MIN_VALUE, -1, 0, Long.MAX_VALUE,
            0x21, 3, 1_900_000_000_000L));
        commands.put(CommandType.REVOKE_API_KEY, Commands.revokeApiKey(43, "pos-1"));
        commands.put(CommandType.PUT_WEBHOOK, Commands.putWebhook(44, Long.MIN_VALUE, "https://example.com/h?x=\u00e9&y=" +
            "z".repeat(1500), 0x7FF, 2, -1, 0, Long.MAX_VALUE));
        commands.put(CommandType.DELETE_WEBHOOK, Commands.deleteWebhook(45, 9));
        commands.put(CommandType.ROTATE_WEBHOOK_SECRET, Commands.rotateWebhookSecret(46, 9, 1, 2, 3, 1_900_000_000_000L));
        commands.put(CommandType.WEBHOOK_DELIVERED, Commands.webhookDelivered(47, 9, 12_345));
        commands.put(CommandType.SET_SKU_PRICE, Commands.setSkuPrice(48, 3, 1_999, Long.MAX_VALUE, 7));
        commands.put(CommandType.PUT_PROMOTION, Commands.putPromotion(49, 9, -1, 4, 2, -1, 20_600, 20_610, 5_000));
        commands.put(CommandType.DELETE_PROMOTION, Commands.deletePromotion(50, 9));
        commands.put(CommandType.PUT_FORECAST_OVERRIDE, Commands.putForecastOverride(51, 1, 2, -1, 10, 40,
            1_900_000_000_000L));
        commands.put(CommandType.RECORD_SALE_AMOUNT, Commands.recordSaleAmount(52, 1, 2, 3, 1_797));
        commands.put(CommandType.PUT_LEARNED_PROMOTION, Commands.putLearnedPromotion(53, 10, 3, 0, -1, 2, 20_600, 20_610));
        return commands;
    }

    @Test
    void everyCommandTypeDecodesToTheInputItWasEncodedFrom() throws IllegalAccessException
    {
        final Map<CommandType, Command> commands = oneOfEach();
        assertEquals(EnumSet.allOf(CommandType.class), commands.keySet(), "a command type without a case here");
        for (final Map.Entry<CommandType, Command> e : commands.entrySet())
        {
            final CommandSlot written = new CommandSlot();
            e.getValue().writeTo(written);
            written.fingerprint(0x5EED_F00DL);
            assertEquals(e.getKey(), written.type);
            final Bytes bytes = new Bytes();
            CommandInputCodec.encode(written, bytes);

            final CommandSlot read = new CommandSlot();
            read.receive(99, 9, 9, 9); // a previous occupant: every field it set must be reset
            assertTrue(CommandInputCodec.decode(bytes.reader(), read), e.getKey().name());
            assertEquals(0, bytes.remaining(), e.getKey() + " left bytes unread");
            assertSameInput(written, read, e.getKey());
        }
    }

    @Test
    void anUnknownTypeCodeAndATruncatedInputAreRefused()
    {
        final Bytes unknown = new Bytes();
        unknown.putByte(CommandType.values().length);
        assertFalse(CommandInputCodec.decode(unknown.reader(), new CommandSlot()));

        final CommandSlot written = new CommandSlot();
        Commands.defineSku(2, "SKU-1", StockUnit.PIECE).writeTo(written);
        final Bytes bytes = new Bytes();
        CommandInputCodec.encode(written, bytes);
        final Bytes truncated = new Bytes();
        truncated.putBytes(Arrays.copyOf(bytes.toByteArray(), bytes.toByteArray().length - 1));
        assertThrows(IndexOutOfBoundsException.class, () -> CommandInputCodec.decode(truncated.reader(), new CommandSlot()));
    }

    private static void assertSameInput(final CommandInput expected, final CommandInput actual, final CommandType type)
        throws IllegalAccessException
    {
        final List<String> differences = new ArrayList<>();
        for (final Field f : CommandInput.class.getDeclaredFields())
        {
            if (Modifier.isStatic(f.getModifiers()))
            {
                continue;
            }
            final Object want = f.get(expected);
            final Object got = f.get(actual);
            final boolean same = f.getName().startsWith("line") ?
                Arrays.equals(Arrays.copyOf(toLongs(want), expected.lineCount), Arrays.copyOf(toLongs(got), actual.lineCount)) :
                Objects.equals(want, got);
            if (!same)
            {
                differences.add(f.getName() + ": " + want + " != " + got);
            }
        }
        assertEquals(List.of(), differences, type.name());
    }

    private static long[] toLongs(final Object array)
    {
        if (array instanceof int[] ints)
        {
            return Arrays.stream(ints).asLongStream().toArray();
        }
        return array instanceof long[] longs ? longs : new long[] {((Number)array).longValue()};
    }

    /** An in-memory sink and source with the cluster wire's varints. */
    static final class Bytes implements InputHooks.Sink, InputHooks.Source
    {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private byte[] in;
        private int position;

        @Override
        public void putByte(final int value)
        {
            out.write(value);
        }

        @Override
        public void putLong(final long value)
        {
            long rest = value << 1 ^ value >> 63;
            while ((rest & ~0x7FL) != 0)
            {
                out.write((int)(rest | 0x80));
                rest >>>= 7;
            }
            out.write((int)rest);
        }

        @Override
        public void putBytes(final byte[] bytes)
        {
            out.writeBytes(bytes);
        }

        byte[] toByteArray()
        {
            return out.toByteArray();
        }

        /** Empties the sink, keeping its buffer: writing again allocates nothing. */
        Bytes clear()
        {
            out.reset();
            return this;
        }

        Bytes reader()
        {
            in = out.toByteArray();
            position = 0;
            return this;
        }

        int remaining()
        {
            return in.length - position;
        }

        @Override
        public int getByte()
        {
            if (position >= in.length)
            {
                throw new IndexOutOfBoundsException("truncated");
            }
            return in[position++] & 0xFF;
        }

        @Override
        public long getLong()
        {
            long unsigned = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                final int b = getByte();
                unsigned |= (long)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return unsigned >>> 1 ^ -(unsigned & 1);
                }
            }
            throw new IllegalArgumentException("varint too long");
        }

        @Override
        public byte[] getBytes(final int length)
        {
            if (length > remaining())
            {
                throw new IndexOutOfBoundsException("truncated");
            }
            final byte[] bytes = Arrays.copyOfRange(in, position, position + length);
            position += length;
            return bytes;
        }
    }
}

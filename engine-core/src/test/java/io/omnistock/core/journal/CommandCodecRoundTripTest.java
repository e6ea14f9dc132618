package io.omnistock.core.journal;

import io.omnistock.api.AdjustmentReason;
import io.omnistock.api.Capabilities;
import io.omnistock.api.Command;
import io.omnistock.api.CommandType;
import io.omnistock.api.Commands;
import io.omnistock.api.FulfilmentType;
import io.omnistock.api.Order;
import io.omnistock.api.OrderLine;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.ReplenishmentPolicy;
import io.omnistock.api.RoutingPolicy;
import io.omnistock.api.StockUnit;
import io.omnistock.api.Tier;
import io.omnistock.core.command.CommandSlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every journaled command type through the journal codec and back: each input field the command
 * was written with is read back equal, and re-encoding gives the same bytes (replay verification relies on
 * it). The samples are an exhaustive switch over {@link CommandType}, so a new type does not
 * compile until it has one; the fields compared are every input field of {@link CommandSlot}, found
 * by reflection, so a new field is compared without this test changing.
 */
class CommandCodecRoundTripTest
{
    /** CommandSlot's public fields that are not the command's input: its routing, result and sequencing. */
    private static final Set<String> NOT_INPUT = Set.of("listener", "control", "controlReply", "controlValue",
        "controlError", "controlRead", "journal", "reason", "originalReason", "assignedId", "resultLocation",
        "resultSku", "resultHeld", "resultOnHand", "resultReserved", "resultInTransit", "resultSafetyStock",
        "channelAvailable");

    private static final RoutingPolicy POLICY = RoutingPolicy.defaults().withPickPackMinutes(FulfilmentType.PICKUP, 7);
    private static final Order ORDER = new Order(-9_000_000_001L, 3, FulfilmentType.SCHEDULED, -33_868_820,
        151_209_296, 4, 123_456_789, 1_795_000_000_000L, Order.ALLOW_PARTIAL | Order.ALLOW_ALTERNATIVE_PICKUP,
        List.of(new OrderLine(7, 1), new OrderLine(1 << 20, 1L << 39), new OrderLine(0, 42)));

    /** Representative commands of {@code type}: every field set, most to values far from zero. */
    static List<Command> samples(final CommandType type)
    {
        return switch (type)
        {
            case DEFINE_LOCATION -> List.of(Commands.defineLocation(1, "STORE-\u4e0a\u6d77-\ud83d\ude00", Tier.STORE,
                -89_999_999, 179_999_999, Capabilities.ALL));
            case DEFINE_SKU -> List.of(Commands.defineSku(2, "SKU-\u00e9", StockUnit.MILLILITRE),
                Commands.defineSku(3, "X".repeat(64), StockUnit.GRAM));
            case RECEIVE -> List.of(Commands.receive(Long.MAX_VALUE, 65_535, 67_108_863, 1L << 40));
            case ADJUST -> List.of(Commands.adjust(5, 1, 2, -(1L << 40), AdjustmentReason.THEFT));
            case STOCKTAKE -> List.of(Commands.stocktake(6, 3, 4, 0));
            case COMPARE_AND_SET_ON_HAND -> List.of(Commands.compareAndSetOnHand(105, 3, 4, -(1L << 45), 1L << 40,
                AdjustmentReason.FOUND), Commands.compareAndSetOnHand(106, 5, 6, 0, 0, null));
            case SALE -> List.of(Commands.sale(7, 5, 6, 999));
            case RETURN -> List.of(Commands.returnToStock(8, 7, 8, 3));
            case RESERVE -> List.of(Commands.reserve(9, Long.MIN_VALUE, 9, 10, 11),
                Commands.reserveWithReference(107, 12, 13, 14, 15, "cart-\u00e9-7", "{\"gift\":true,\"note\":\"\u4e0a\"}"),
                Commands.reserveWithReference(108, 16, 17, 18, 19, null, "{}"),
                Commands.reserveWithReference(109, 20, 21, 22, 23, "ref-only", null));
            case RELEASE -> List.of(Commands.release(10, -12, 13));
            case FULFIL -> List.of(Commands.fulfil(11, 14, 15));
            case TRANSFER_OUT -> List.of(Commands.transferOut(12, 16, 17, 18, 19));
            case TRANSFER_IN -> List.of(Commands.transferIn(13, 20, 21, 22));
            case SET_SAFETY_STOCK -> List.of(Commands.setSafetyStock(14, 23, 24, 25));
            case QUERY_POSITION -> List.of(Commands.queryPosition(15, 26, 27));
            case QUERY_AVAILABILITY -> List.of(Commands.queryAvailability(16, 28),
                Commands.queryChannelAvailability(17, 29, 30));
            case DEFINE_CHANNEL -> List.of(Commands.defineChannel(18, "MALL", 604_800_000));
            case ROUTE_ORDER -> List.of(Commands.routeOrder(19, ORDER), Commands.routeOrder(20, new Order(21, 0,
                FulfilmentType.PICKUP, 0, 0, 2, 0, 0, 0, List.of(new OrderLine(1, 1)))));
            case QUERY_PROMISE -> List.of(Commands.queryPromise(22, ORDER));
            case CONFIRM_ORDER -> List.of(Commands.confirmOrder(23, 24));
            case EXTEND_ORDER -> List.of(Commands.extendOrder(25, 26, 604_800_000));
            case CANCEL_ORDER -> List.of(Commands.cancelOrder(27, 28));
            case FULFIL_ORDER -> List.of(Commands.fulfilOrder(29, 30, 31));
            case REJECT_ALLOCATION -> List.of(Commands.rejectAllocation(32, 33, 34));
            case EXPIRE_HOLDS -> List.of(w -> ((CommandSlot)w).expireHolds());
            case CONFIGURE_LOCATION -> List.of(Commands.configureLocation(35, 36, 1_000_000, 255, 10_080));
            case SET_PROTECTED_STOCK -> List.of(Commands.setProtectedStock(37, 38, 39, 40));
            case SET_WALK_IN_RESERVE -> List.of(Commands.setWalkInReserve(41, 42, 43, 44));
            case SET_CHANNEL_QUOTA -> List.of(Commands.setChannelQuota(45, 46, 47, -1, 100),
                Commands.setChannelQuota(48, 49, 50, 1L << 40, -1));
            case SET_ROUTING_POLICY -> List.of(Commands.setRoutingPolicy(51, POLICY));
            case SET_CHANNEL_ELIGIBILITY -> List.of(Commands.setChannelEligibility(52, 53, 54, false),
                Commands.setChannelEligibility(55, 56, 57, true));
            case SET_REPLENISHMENT_POLICY -> List.of(Commands.setReplenishmentPolicy(58, 59, 60, 61, 62, 63, 64, 65, 66),
                Commands.setReplenishmentPolicy(67, 68, 69, 0, 0, 1, 0, ReplenishmentPolicy.SUPPLIER, 0));
            case CANCEL_REPLENISHMENT -> List.of(Commands.cancelReplenishment(70, 71, 72));
            case CREATE_TRANSFER -> List.of(Commands.createTransfer(73, -74, 75, 76, 77, 78));
            case SHIP_TRANSFER -> List.of(Commands.shipTransfer(79, 80, 1_795_000_000_000L));
            case RECEIVE_TRANSFER -> List.of(Commands.receiveTransfer(81, 82, 83, AdjustmentReason.LOST),
                Commands.receiveTransfer(84, 85, 86, null));
            case CANCEL_TRANSFER -> List.of(Commands.cancelTransfer(87, 88));
            case SET_REPLENISHMENT_RULE -> List.of(
                Commands.setPositionPolicy(89, 90, 91, ReplenishmentPolicy.minMax(5, 50).withPack(6).withMinOrder(7)
                    .withSource(92, 48).withSlowMoverDays(30)),
                Commands.setLocationPolicy(93, 94, ReplenishmentPolicy.daysOfCover(3, 10, 40)),
                Commands.setTierPolicy(95, Tier.FRONT_WAREHOUSE, ReplenishmentPolicy.dynamic(9_500, 14)
                    .withSource(ReplenishmentPolicy.SUPPLIER, 8_760)),
                Commands.setPositionPolicy(96, 97, 98, null));
            case SET_LOCATION_SOURCE -> List.of(Commands.setLocationSource(99, 100, ReplenishmentPolicy.NETWORK));
            case TRANSFER_FROM_REQUEST -> List.of(Commands.transferFromRequest(101, 102, 103, 104));
            case QUERY_ORDER -> List.of(Commands.queryOrder(105, 106));
            case UPGRADE_LOGIC -> List.of(Commands.upgradeLogic(0, 3), Commands.upgradeLogic(107, 2));
            case PUT_API_KEY -> List.of(Commands.putApiKey(108, "pos-\u00e9", Long.MIN_VALUE, -1, 0, Long.MAX_VALUE, 0x3F,
                -1, 0), Commands.putApiKey(109, "mall", 1, 2, 3, 4, 1, 7, 1_900_000_000_000L));
            case REVOKE_API_KEY -> List.of(Commands.revokeApiKey(110, "mall"));
            case PUT_WEBHOOK -> List.of(Commands.putWebhook(111, -5, "https://example.com/" + "p".repeat(2000), 0x7FF, -1,
                Long.MIN_VALUE, 0, -1), Commands.putWebhook(112, 6, "http://h/\u4e0a", 1, 3, 1, 2, 3),
                Commands.putWebhook(113, 7, null, 1, -1, 1, 2, 3));
            case DELETE_WEBHOOK -> List.of(Commands.deleteWebhook(114, 6));
            case ROTATE_WEBHOOK_SECRET -> List.of(Commands.rotateWebhookSecret(115, 6, -1, 0, 1, 1_900_000_000_000L));
            case WEBHOOK_DELIVERED -> List.of(Commands.webhookDelivered(116, 6, 1L << 40));
            case SET_SKU_PRICE -> List.of(Commands.setSkuPrice(117, 3, 1_999, 1_250, 7),
                Commands.setSkuPrice(118, 2, Long.MIN_VALUE, Long.MAX_VALUE, -1));
            case PUT_PROMOTION -> List.of(Commands.putPromotion(119, 9, 3, 0, -1, 2, 20_600, 20_610, 5_000),
                Commands.putPromotion(120, Long.MIN_VALUE, -1, Integer.MAX_VALUE, 4, -1, Integer.MIN_VALUE, -7, -1));
            case DELETE_PROMOTION -> List.of(Commands.deletePromotion(121, 9));
            case PUT_FORECAST_OVERRIDE -> List.of(Commands.putForecastOverride(122, 1, 2, 2_500, 10, 40, 1_900_000_000_000L),
                Commands.putForecastOverride(123, 0, 0, -1, Long.MIN_VALUE, Long.MAX_VALUE, -1));
            case RECORD_SALE_AMOUNT -> List.of(Commands.recordSaleAmount(124, 1, 2, 3, 1_797),
                Commands.recordSaleAmount(125, -1, Integer.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE));
            case PUT_LEARNED_PROMOTION -> List.of(Commands.putLearnedPromotion(126, 9, 3, 0, -1, 2, 20_600, 20_610),
                Commands.putLearnedPromotion(127, Long.MIN_VALUE, -1, Integer.MAX_VALUE, 4, -1, Integer.MIN_VALUE, -7));
        };
    }

    @ParameterizedTest
    @EnumSource(CommandType.class)
    void everyInputFieldSurvivesTheJournal(final CommandType type) throws IllegalAccessException
    {
        final List<Command> samples = samples(type);
        assertFalse(samples.isEmpty(), type + " has no sample");
        for (final Command sample : samples)
        {
            final CommandSlot written = new CommandSlot();
            written.clearInput();
            sample.writeTo(written);
            written.fingerprint(0x0123_4567_89AB_CDEFL);
            assertEquals(type, written.type, "the sample writes another type");
            if (!type.journaled())
            {
                // Queries never reach the journal (JournalStage appends journaled slots only), and
                // the codec keeps none of their own fields: nothing to round-trip.
                continue;
            }
            written.clearResult();
            written.sequence = 1_000_000_007L;
            written.timestamp = 1_795_000_000_123L;
            written.reason = ReasonCode.OK;
            written.originalReason = ReasonCode.OK;

            final JournalCodec codec = new JournalCodec();
            final int length = codec.encode(written);
            assertTrue(codec.checksumMatches(length), type + ": checksum");
            final CommandSlot read = new CommandSlot();
            read.clearInput();
            codec.decode(read);
            for (final Field field : inputFields())
            {
                assertFieldEquals(type, field, written, read);
            }

            final JournalCodec again = new JournalCodec();
            assertEquals(length, again.encode(read), type + ": re-encoded length");
            assertArrayEquals(Arrays.copyOf(codec.buffer().byteArray(), length),
                Arrays.copyOf(again.buffer().byteArray(), length), type + ": re-encoded bytes");
        }
    }

    /** A record of a type this build does not know (a newer build's command) is refused by name, not misread. */
    @Test
    void aNewerBuildsCommandTypeIsRefusedByName()
    {
        final CommandSlot written = new CommandSlot();
        written.clearInput();
        Commands.receive(1, 2, 3, 4).writeTo(written);
        written.clearResult();
        written.sequence = 77;
        written.timestamp = 1_795_000_000_123L;
        written.reason = ReasonCode.OK;
        written.originalReason = ReasonCode.OK;
        final JournalCodec codec = new JournalCodec();
        codec.encode(written);
        final int unknown = CommandType.values().length;
        codec.buffer().putByte(1, (byte)unknown);
        final CommandSlot read = new CommandSlot();
        final JournalException e = assertThrows(JournalException.class, () -> codec.decode(read));
        assertEquals("journal record at sequence 77 is a command of type code " + unknown + ", but this build knows " +
            "type codes 0 to " + (unknown - 1) + ": it was written by a newer build; run that build (or a later one)",
            e.getMessage());
    }

    /** The comparison is not vacuous: the fields it walks include the per-command ones. */
    @Test
    void theInputFieldsIncludeEachCommandGroupsFields()
    {
        final List<String> names = inputFields().stream().map(Field::getName).toList();
        assertTrue(names.containsAll(List.of("type", "commandId", "fingerprint", "code", "lineSku", "lineQuantity",
            "policy", "replenishmentKind", "policyScope", "sequence", "timestamp")), names::toString);
    }

    private static List<Field> inputFields()
    {
        final List<Field> fields = new ArrayList<>();
        for (final Field field : CommandSlot.class.getFields())
        {
            final int modifiers = field.getModifiers();
            if (!Modifier.isStatic(modifiers) && !Modifier.isFinal(modifiers) && !NOT_INPUT.contains(field.getName()))
            {
                fields.add(field);
            }
        }
        return fields;
    }

    private static void assertFieldEquals(final CommandType type, final Field field, final CommandSlot written,
        final CommandSlot read) throws IllegalAccessException
    {
        final String what = type + "." + field.getName();
        final Object want = field.get(written);
        final Object got = field.get(read);
        if (field.getName().equals("lineSku"))
        {
            assertArrayEquals(Arrays.copyOf((int[])want, written.lineCount), Arrays.copyOf((int[])got, read.lineCount),
                what);
        }
        else if (field.getName().equals("lineQuantity"))
        {
            assertArrayEquals(Arrays.copyOf((long[])want, written.lineCount),
                Arrays.copyOf((long[])got, read.lineCount), what);
        }
        else
        {
            assertEquals(want, got, what);
        }
    }
}

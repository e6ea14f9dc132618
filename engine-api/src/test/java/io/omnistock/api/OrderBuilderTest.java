package io.omnistock.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderBuilderTest
{
    @Test
    void namedFieldsGiveTheSameOrderAsThePositionalRecord()
    {
        final Order built = Order.builder(77, 2, FulfilmentType.REGULAR)
            .destination(31.230416, 121.473701)
            .orderValue(129_900)
            .promisedBy(Instant.ofEpochMilli(1_800_000_000_000L))
            .allowPartial()
            .line(4, 2)
            .line(9, 1)
            .build();
        assertEquals(new Order(77, 2, FulfilmentType.REGULAR, 31_230_416, 121_473_701, -1, 129_900, 1_800_000_000_000L,
            Order.ALLOW_PARTIAL, List.of(new OrderLine(4, 2), new OrderLine(9, 1))), built);
    }

    @Test
    void aPickupOrderNeedsItsStoreAndNoDestination()
    {
        final Order pickup = Order.builder(5, 0, FulfilmentType.PICKUP).pickupAt(3).allowAlternativePickup().line(1, 1).build();
        assertEquals(3, pickup.pickupLocation());
        assertEquals(Order.ALLOW_ALTERNATIVE_PICKUP, pickup.flags());
        rejects("pickupAt", () -> Order.builder(5, 0, FulfilmentType.PICKUP).line(1, 1).build());
    }

    @Test
    void eachMistakeIsRefusedNamingItsField()
    {
        rejects("orderId", () -> Order.builder(0, 0, FulfilmentType.INSTANT));
        rejects("channel", () -> Order.builder(1, -1, FulfilmentType.INSTANT));
        rejects("destination latitude", () -> Order.builder(1, 0, FulfilmentType.INSTANT).destination(91, 0));
        rejects("destination longitude", () -> Order.builder(1, 0, FulfilmentType.INSTANT).destination(0, -180.5));
        rejects("destination latitude", () -> Order.builder(1, 0, FulfilmentType.INSTANT).destination(Double.NaN, 0));
        rejects("orderValue", () -> Order.builder(1, 0, FulfilmentType.INSTANT).orderValue(-1));
        rejects("promisedBy", () -> Order.builder(1, 0, FulfilmentType.INSTANT).promisedBy(Instant.EPOCH));
        rejects("line 1 quantity", () -> Order.builder(1, 0, FulfilmentType.INSTANT).line(3, 0));
        rejects("line 2 sku", () -> Order.builder(1, 0, FulfilmentType.INSTANT).line(3, 1).line(-1, 1));
        rejects("lines", () -> Order.builder(1, 0, FulfilmentType.INSTANT).destination(0, 0).build());
        rejects("lines", () -> Order.builder(1, 0, FulfilmentType.INSTANT).destination(0, 0).line(3, 1).line(3, 2).build());
        rejects("destination", () -> Order.builder(1, 0, FulfilmentType.INSTANT).line(3, 1).build());
        final Order.Builder many = Order.builder(1, 0, FulfilmentType.INSTANT).destination(0, 0);
        for (int sku = 0; sku <= Limits.MAX_ORDER_LINES; sku++)
        {
            many.line(sku, 1);
        }
        rejects("lines", many::build);
    }

    private static void rejects(final String field, final Executable build)
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertTrue(e.getMessage().startsWith(field), e.getMessage());
    }
}

package io.omnistock.core.model;

import io.omnistock.api.CommandResult;
import io.omnistock.api.Commands;
import io.omnistock.api.InventoryEngine;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.Tier;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Reads a running engine through its public query commands only, and compares it with the model.
 */
public final class EngineProbe
{
    /** Generous: the machine is shared and noisy; this only bounds a hang. */
    public static final long TIMEOUT_SECONDS = 60;

    private EngineProbe()
    {
    }

    public static <T> T await(final CompletableFuture<T> future)
    {
        try
        {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        catch (final ExecutionException | TimeoutException e)
        {
            throw new AssertionError("no result within " + TIMEOUT_SECONDS + " s", e);
        }
    }

    /**
     * Queries every position the model knows of, and every SKU's availability, and compares
     * each answer with the model.
     *
     * @param queryIdBase command ids for the queries (queries are not journaled; ids only correlate).
     */
    public static void assertMatchesModel(final String context, final InventoryEngine engine,
        final ReferenceModel model, final long queryIdBase)
    {
        long id = queryIdBase;
        for (int l = 0; l < model.locationCount(); l++)
        {
            for (int s = 0; s < model.skuCount(); s++)
            {
                final CommandResult r = await(engine.submit(Commands.queryPosition(id++, l, s)));
                final ReferenceModel.Position p = model.position(l, s);
                final String where = context + ": position " + l + "/" + s + " ";
                check(r.reason() == ReasonCode.OK, where + "query rejected: " + r.reason());
                check(p.onHand == r.onHand(), where + "onHand expected " + p.onHand + " but was " + r.onHand());
                check(p.reserved == r.reserved(), where + "reserved expected " + p.reserved + " but was " +
                    r.reserved());
                check(p.inTransit == r.inTransit(), where + "inTransit expected " + p.inTransit + " but was " +
                    r.inTransit());
                check(p.safetyStock == r.safetyStock(), where + "safety expected " + p.safetyStock + " but was " +
                    r.safetyStock());
                check(p.available() == r.available(), where + "available expected " + p.available() + " but was " +
                    r.available());
            }
        }
        check(await(engine.submit(Commands.queryPosition(id++, model.locationCount(), 0))).reason() ==
            ReasonCode.UNKNOWN_LOCATION, context + ": a location the model does not have exists");
        for (int s = 0; s < model.skuCount(); s++)
        {
            final CommandResult r = await(engine.submit(Commands.queryAvailability(id++, s)));
            for (final Tier tier : Tier.values())
            {
                check(model.tierAvailable(s, tier) == r.tierAvailable(tier), context + ": SKU " + s + " " + tier +
                    " available expected " + model.tierAvailable(s, tier) + " but was " + r.tierAvailable(tier));
            }
        }
        check(await(engine.submit(Commands.queryAvailability(id, model.skuCount()))).reason() ==
            ReasonCode.UNKNOWN_SKU, context + ": a SKU the model does not have exists");
    }

    /**
     * Deletes a temp directory, best effort: one left behind is not a test failure, and an error
     * here must not hide the test's own.
     */
    public static void deleteRecursively(final Path dir)
    {
        for (int attempt = 0; attempt < 3 && dir != null && Files.exists(dir); attempt++)
        {
            try (Stream<Path> files = Files.walk(dir))
            {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            catch (final java.io.IOException | java.io.UncheckedIOException e)
            {
                // a file vanished or appeared meanwhile: walk again
            }
        }
    }

    private static void check(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new AssertionError(message);
        }
    }
}

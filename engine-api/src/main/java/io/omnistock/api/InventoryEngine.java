package io.omnistock.api;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The inventory engine: a single-writer state machine over the stock ledgers of a retail network.
 *
 * <p>Every state change is a command. Commands from any number of threads are sequenced into one
 * ring, applied one at a time by a single business-logic thread, journaled with their outputs, and
 * only then answered. The engine is deterministic: replaying its journal reproduces the same state
 * and the same outputs.
 *
 * <p>Two ways to submit:
 * <ul>
 *   <li>{@link #submit(Command)}: convenient, returns a future, allocates per command;</li>
 *   <li>{@link #tryPublish(CommandTranslator, Object, ResultListener)}: allocation-free; the result
 *       is delivered to a listener you hold on to.</li>
 * </ul>
 */
public interface InventoryEngine extends AutoCloseable
{
    /**
     * Publishes a command without blocking.
     *
     * @param translator writes the command into the slot.
     * @param arg        passed to the translator.
     * @param listener   receives the result.
     * @param <A>        the argument type.
     * @return {@code false}, with nothing published, when the ring is full.
     * @throws IllegalStateException if the engine is closed.
     */
    <A> boolean tryPublish(CommandTranslator<A> translator, A arg, ResultListener listener);

    /**
     * Publishes up to {@code count} commands without blocking, as one batch where the engine can: its
     * ring claims the slots for all of them at once and makes them visible together, so a bulk load
     * pays the producers' hand-off once per batch instead of once per command. The translator is
     * called once per published command, in order, on this thread ({@code arg} carries the caller's
     * cursor); each command is decided, journaled and answered as if published alone. This default
     * publishes one command at a time.
     *
     * @param translator writes one command into a slot; called once per command published.
     * @param arg        passed to the translator each time.
     * @param count      commands wanted, at least 1.
     * @param listener   receives each command's result.
     * @param <A>        the argument type.
     * @return how many were published, the first ones of the {@code count}: 0 when the ring is full.
     * @throws IllegalStateException if the engine is closed.
     */
    default <A> int tryPublishBatch(
        final CommandTranslator<A> translator, final A arg, final int count, final ResultListener listener)
    {
        int published = 0;
        while (published < count && tryPublish(translator, arg, listener))
        {
            published++;
        }
        return published;
    }

    /**
     * Publishes a command, waiting while the ring is full.
     *
     * @param translator writes the command into the slot.
     * @param arg        passed to the translator.
     * @param listener   receives the result.
     * @param <A>        the argument type.
     * @throws IllegalStateException if the engine is closed.
     */
    <A> void publish(CommandTranslator<A> translator, A arg, ResultListener listener);

    /**
     * Submits a command, waiting while the ring is full.
     *
     * @param command the command.
     * @return its result, completed after it is journaled.
     */
    CompletableFuture<CommandResult> submit(Command command);

    /**
     * Submits a command without blocking.
     *
     * @param command the command.
     * @return its result; completed at once with {@link ReasonCode#RING_FULL} if the ring is full.
     */
    CompletableFuture<CommandResult> trySubmit(Command command);

    /**
     * Submits a command without blocking, its whole result handed to {@code onResult} (a copy the
     * callee may keep) on the thread that completes it: the engine's own thread once the command is
     * journaled, or this thread at once with {@link ReasonCode#RING_FULL} when the ring is full.
     * {@code onResult} must return quickly and must not block: a server hands the result on to its
     * own threads there. Unlike {@link #trySubmit(Command)} no future is made and completed across
     * threads per command; this default does make one.
     *
     * @param command  the command.
     * @param onResult receives the result, exactly once.
     * @throws IllegalStateException if the engine is closed.
     */
    default void trySubmit(final Command command, final Consumer<CommandResult> onResult)
    {
        trySubmit(command).thenAccept(onResult);
    }

    /**
     * @param code a location code.
     * @return its id, or -1 if no location has that code. Lookups by code or id are safe from any
     *     thread.
     */
    int locationId(String code);

    /**
     * @param code a SKU code.
     * @return its id, or -1 if no SKU has that code.
     */
    int skuId(String code);

    /**
     * @param code a channel code.
     * @return its id, or -1 if no channel has that code.
     */
    int channelId(String code);

    /**
     * @param id a location id.
     * @return its code, or null if no location has that id.
     */
    String locationCode(int id);

    /**
     * @param id a SKU id.
     * @return its code, or null if no SKU has that id.
     */
    String skuCode(int id);

    /**
     * @param id a SKU id.
     * @return the unit the SKU is counted in (its quantities are whole numbers of it), or null if no
     *     SKU has that id. Safe from any thread, like the code lookups: adapters that convert a
     *     reading (0.42 kg) check that it is of the SKU's kind before submitting it.
     */
    StockUnit skuUnit(int id);

    /**
     * @param id a channel id.
     * @return its code, or null if no channel has that id.
     */
    String channelCode(int id);

    /**
     * Writes a snapshot of the state after every command sequenced before this call.
     *
     * @return the journal sequence the snapshot covers.
     */
    CompletableFuture<Long> snapshot();

    /**
     * @return a checksum of the whole state after every command sequenced before this call; equal
     *     states have equal checksums, so live and replayed engines can be compared.
     */
    CompletableFuture<Long> stateChecksum();

    /**
     * @return whether the engine halted after a journal failure.
     */
    boolean halted();

    /**
     * Stops accepting commands, drains the ring, flushes the journal and releases resources; then
     * every method that submits or asks the engine throws {@link IllegalStateException}. Closing
     * again returns once the first close has finished. Called from a listener (an engine thread),
     * it cannot wait for that thread: it stops accepting commands and returns, and the shutdown
     * finishes on another thread once the listener returns.
     */
    @Override
    void close();
}

package io.omnistock.api;

/**
 * A command as a value, for the convenient (allocating) submission path. Build one with
 * {@link Commands}. Latency-critical callers use {@link InventoryEngine#tryPublish} with a
 * {@link CommandTranslator} instead and allocate nothing.
 */
@FunctionalInterface
public interface Command
{
    /**
     * @param writer the slot to describe this command into.
     */
    void writeTo(CommandWriter writer);
}

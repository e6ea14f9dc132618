package io.omnistock.api;

/**
 * Describes a command into a slot from the caller's own argument, for the zero-allocation path:
 * use a non-capturing lambda or a reused instance, and pass the varying data as {@code arg}.
 *
 * <p>A translator that writes no command has it rejected with {@link ReasonCode#UNKNOWN_COMMAND}.
 * One that throws has whatever it wrote discarded, never applied: its listener still hears
 * {@link ReasonCode#UNKNOWN_COMMAND}, and the exception reaches the caller of {@code publish} or
 * {@code tryPublish}.
 *
 * @param <A> the caller's argument type.
 */
@FunctionalInterface
public interface CommandTranslator<A>
{
    /**
     * @param writer the slot.
     * @param arg    the caller's argument.
     */
    void translate(CommandWriter writer, A arg);
}

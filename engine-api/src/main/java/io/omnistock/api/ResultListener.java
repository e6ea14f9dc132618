package io.omnistock.api;

/**
 * Receives command results on the engine's publisher thread, in sequence order, after the command
 * and its outputs are journaled. Must return quickly and must not block.
 */
@FunctionalInterface
public interface ResultListener
{
    /**
     * @param result valid only during this call.
     */
    void onResult(ResultView result);
}

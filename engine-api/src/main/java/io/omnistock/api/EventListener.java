package io.omnistock.api;

/**
 * Receives output events on the engine's publisher thread, in sequence order, after they are
 * journaled. Must return quickly and must not block.
 */
@FunctionalInterface
public interface EventListener
{
    /**
     * @param event valid only during this call.
     */
    void onEvent(EventView event);
}

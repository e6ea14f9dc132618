package io.omnistock.core.command;

/**
 * Engine-internal requests that travel the ring in order with commands but are not commands:
 * they are never journaled and change no state.
 */
public enum ControlType
{
    /** An ordinary command. */
    NONE,
    /** Write a snapshot of the state after every earlier command. */
    SNAPSHOT,
    /** Compute the state checksum after every earlier command. */
    CHECKSUM,
    /** Wake the journal stage so a periodic sync happens even when no commands arrive. */
    SYNC_TICK,
    READ
}

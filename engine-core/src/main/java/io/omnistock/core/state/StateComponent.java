package io.omnistock.core.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One part of the engine's state as {@link EngineState} hashes, snapshots and loads it. The
 * state loops over its components in one fixed order for all three, so a component added once
 * is hashed, written and read in the same place, and the orders cannot drift apart.
 */
public interface StateComponent
{
    /** @return a hash of the component's logical content, independent of its internal layout. */
    long checksum();

    void writeTo(DataOutput out) throws IOException;

    /**
     * Loads what {@link #writeTo} wrote into this empty component; components it depends on
     * (earlier in the state's order) are loaded already.
     *
     * @param formatVersion the snapshot format the bytes were written in.
     */
    void readFrom(DataInput in, int formatVersion) throws IOException;
}

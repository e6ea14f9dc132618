package io.omnistock.core;

/**
 * Which thread writes the journal and answers the callers. Either way a command's record, outcome
 * and events are journaled before anyone hears of them, and a batch is one journal document.
 */
public enum JournalThread
{
    /** Chosen by {@link ThreadModel} from the cores the engine may use: {@link #WRITER} on a small machine. */
    AUTO,
    /**
     * A journal thread of its own, behind the single writer in the ring: the writer goes on with
     * the next commands while the last ones are written. Best when the engine has two cores to
     * itself besides its producers.
     */
    OWN,
    /**
     * The single writer journals each ring batch itself, then answers it: one engine thread instead
     * of two. The record is encoded while the command is still in the writer's cache, and no
     * command crosses between cores a second time. For few cores shared with producers: on this
     * project's 2-core machine, with journal format 2, the journal-on pipeline measured 10% and 28%
     * more commands per second than with {@link #OWN} in two 3-fork runs (routed orders: 12%). The
     * writer also pays any force to disk its {@link Durability} asks for, and the callbacks' time,
     * before it takes the next batch.
     */
    WRITER
}

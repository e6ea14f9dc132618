package io.omnistock.cluster;

/** How a member's Aeron agents are laid out on threads ({@link MemberThreads}). */
public enum MemberThreading
{
    /** Chosen from the cores the member may use ({@link MemberThreads#choose}). */
    AUTO,
    /**
     * The media driver's agents on one thread and the archive's on another (Aeron's SHARED modes):
     * four busy threads with the consensus module and the service.
     */
    SHARED,
    /**
     * A thread per agent (Aeron's DEDICATED modes): the driver's conductor, sender and receiver, the
     * archive's conductor, recorder and replayer, the consensus module and the service, eight busy threads.
     */
    DEDICATED
}

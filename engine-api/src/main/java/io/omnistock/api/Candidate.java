package io.omnistock.api;

/**
 * One entry of a routing explanation: a location and why it was chosen, lost or excluded.
 *
 * @param location       location id.
 * @param reason         the verdict.
 * @param distanceMeters distance from the destination.
 */
public record Candidate(int location, RoutingReason reason, long distanceMeters)
{
}

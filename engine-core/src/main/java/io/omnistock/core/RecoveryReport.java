package io.omnistock.core;

import io.omnistock.core.journal.DamagedTail;

import java.nio.file.Path;
import java.util.List;

/**
 * What recovery did when the engine started.
 *
 * @param snapshot         the snapshot the state was loaded from, or {@code null}.
 * @param snapshotSequence its journal sequence, or 0.
 * @param replayedCommands journaled commands re-applied (and verified) after the snapshot.
 * @param lastSequence     the sequence the engine resumed from.
 * @param problems         snapshots rejected and other findings, one sentence each.
 * @param recoveredLogicVersion the logic version the recovered journal was in.
 * @param logicVersion     the logic version the engine decides by now: higher than the recovered
 *                         one when the engine switched the journal to its configured version at start.
 * @param damagedTail      the journal's damaged last document that recovery set aside (the journal
 *                         resumed after the whole documents before it), or {@code null}.
 * @param snapshotLoadMillis how long finding, checking and loading the snapshot took.
 * @param replayMillis     how long opening the journal and replaying (verifying) it after the snapshot took.
 */
public record RecoveryReport(
    Path snapshot, long snapshotSequence, long replayedCommands, long lastSequence, List<String> problems,
    int recoveredLogicVersion, int logicVersion, DamagedTail damagedTail, long snapshotLoadMillis, long replayMillis)
{
    public RecoveryReport
    {
        problems = List.copyOf(problems);
    }
}

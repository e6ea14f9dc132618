package io.omnistock.cluster;

import io.aeron.Counter;
import io.aeron.cluster.ClusterControl;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.ElectionState;
import io.aeron.cluster.service.Cluster;
import io.omnistock.api.Command;
import io.omnistock.api.CommandResult;
import io.omnistock.api.CommandTranslator;
import io.omnistock.api.InventoryEngine;
import io.omnistock.api.ReasonCode;
import io.omnistock.api.ResultListener;
import io.omnistock.api.StockUnit;
import io.omnistock.core.apikey.ApiKeyTable;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.state.EngineState;
import io.omnistock.core.webhook.WebhookTable;
import org.agrona.CloseHelper;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A cluster member as a process's engine: the member ({@link ClusterNode}) runs in this process, and
 * this is its {@link InventoryEngine}. Commands that change state go through the cluster from here,
 * whoever leads (a {@link ClusterClient} on the member's own media driver), and are answered once
 * the cluster committed and applied them and this member's replica has applied them too. Queries
 * and reads are answered from this member's replica, on its service thread between two committed
 * messages, so they never wait for the leader.
 *
 * <p>Code lookups read the replica's tables, safe from any thread as in the embedded engine. A
 * code created through this member is known here when its answer comes; one created through
 * another member once this replica has applied it: a caller that needs it at once waits for the
 * sequence of the creating command ({@link #whenApplied}).
 */
public final class ClusterMember implements InventoryEngine
{
    /**
     * The member's settings, and how its writes wait.
     *
     * @param node            the member's own settings.
     * @param noLeaderTimeout how long a write waits for a leader before {@link ReasonCode#NO_LEADER}.
     * @param resendAfter     an unanswered write is resent (same command id) after this.
     * @param startTimeout    how long the start waits for the service to load its snapshot.
     */
    public record Settings(ClusterNodeConfig node, Duration noLeaderTimeout, Duration resendAfter,
        Duration startTimeout)
    {
    }

    private final ClusterNode node;
    private final OmnistockClusteredService service;
    private final ClusterClient client;
    private final Counter electionState;
    private final Counter elections;
    private final Counter commitPosition;
    private final Counter role;
    private final Counter controlToggle;
    private final Counter snapshots;
    private final CommandSlot scratch = new CommandSlot();
    private final int memberId;
    private volatile boolean closed;
    /** The commit position seen at the last two samples for {@link #caughtUp()}, and when the newer was taken. */
    private long olderCommit = Long.MAX_VALUE;
    private long newerCommit = Long.MAX_VALUE;
    private long sampledNanos;

    /** How long a write's answer waits for this member's replica to apply it ({@link #afterLocalApply}). */
    static final Duration LOCAL_APPLY_WAIT = Duration.ofSeconds(2);

    /** How long {@link #snapshot()} waits for this member's snapshot. */
    static final Duration SNAPSHOT_TIMEOUT = Duration.ofSeconds(60);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** How far behind the commit position a replica may be and still count as caught up: this long. */
    static final long CAUGHT_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private ClusterMember(final ClusterNode node, final Settings settings)
    {
        this.node = node;
        this.service = node.service();
        this.memberId = settings.node().memberId();
        final ConsensusModule.Context consensus = node.consensus();
        this.electionState = consensus.electionStateCounter();
        this.elections = consensus.electionCounter();
        this.commitPosition = consensus.commitPositionCounter();
        this.role = consensus.clusterNodeRoleCounter();
        this.controlToggle = consensus.controlToggleCounter();
        this.snapshots = consensus.snapshotCounter();
        final ClusterNodeConfig config = settings.node();
        final String members = String.join(",", config.members().values().stream()
            .map(m -> m.id() + "=" + m.host() + ":" + m.basePort()).toList());
        this.client = ClusterClient.inMember(new ClusterClient.Settings(members, config.self().host() + ":0",
            settings.noLeaderTimeout(), settings.resendAfter(), config.dataDir(), config.idleParkMaxMicros()),
            node.aeronDirectoryName(),
            this::leaderMemberId);
    }

    /**
     * Starts the member in this process and waits until its service has loaded its snapshot (the
     * replay of the log after it, and the election, go on in the background).
     *
     * @param terminated run when the cluster terminates the member.
     */
    public static ClusterMember start(final Settings settings, final Runnable terminated) throws InterruptedException
    {
        final ClusterNode node = ClusterNode.launch(settings.node(), terminated);
        try
        {
            if (!node.service().awaitStarted(settings.startTimeout().toMillis()))
            {
                throw new IllegalStateException("member " + settings.node().memberId() + " did not load its state " +
                    "within " + settings.startTimeout().toMillis() + " ms");
            }
            return new ClusterMember(node, settings);
        }
        catch (final InterruptedException | RuntimeException e)
        {
            CloseHelper.quietClose(node);
            throw e;
        }
    }

    /** @return the leader this member's consensus module follows, or -1 while an election is under way. */
    public int leaderMemberId()
    {
        return ElectionState.get(electionState) == ElectionState.CLOSED ? service.leaderMemberId() : -1;
    }

    /** @return this member's id. */
    public int memberId()
    {
        return memberId;
    }

    /**
     * Caught up: the replica has applied everything the cluster had committed about
     * {@link #CAUGHT_UP_NANOS} ago (or everything committed now). Under load a healthy follower is
     * always a little behind the commit position; one replaying a long log, or starved, is far behind.
     */
    public boolean caughtUp()
    {
        final long now = System.nanoTime();
        final long commit = commitPosition();
        final long applied = appliedPosition();
        synchronized (this)
        {
            if (now - sampledNanos >= CAUGHT_UP_NANOS)
            {
                olderCommit = newerCommit;
                newerCommit = commit;
                sampledNanos = now;
            }
            return applied >= Math.min(commit, olderCommit);
        }
    }

    /** @return whether this member leads the cluster now. */
    public boolean leads()
    {
        return Cluster.Role.get(role) == Cluster.Role.LEADER;
    }

    /** @return this member's role: leader, follower or candidate. */
    public String role()
    {
        return Cluster.Role.get(role).name();
    }

    /** @return elections this member has taken part in since it started. */
    public long elections()
    {
        return elections.get();
    }

    /** @return the log position this member knows to be committed (held by a quorum). */
    public long commitPosition()
    {
        return commitPosition.get();
    }

    /** @return the log position this member's replica has applied through. */
    public long appliedPosition()
    {
        return service.appliedPosition();
    }

    /** @return committed log bytes this replica has not applied yet (0 when caught up). */
    public long lagBytes()
    {
        return Math.max(0, commitPosition() - appliedPosition());
    }

    /** @return the sequence of the last command this replica applied. */
    public long appliedSequence()
    {
        return service.appliedSequence();
    }

    /** @return completes once this replica has applied {@code sequence} (never on its own if it never does). */
    public CompletableFuture<Long> whenApplied(final long sequence)
    {
        return service.whenApplied(sequence);
    }

    /**
     * Runs {@code reader} on the replica's service thread between two committed messages: a
     * consistent read of this member's state. Keep it to a scan; it must not change the state.
     */
    public CompletableFuture<Void> read(final Consumer<EngineState> reader)
    {
        ensureOpen();
        return service.read(reader);
    }

    @Override
    public CompletableFuture<CommandResult> trySubmit(final Command command)
    {
        return submit(command);
    }

    /**
     * A query is answered from the replica; every other command goes through the cluster, and its
     * result is the cluster's, after a quorum committed it (or {@link ReasonCode#NO_LEADER}: outcome
     * unknown, retry with the same id), handed on once this replica has applied it too
     * ({@link #afterLocalApply}).
     */
    @Override
    public CompletableFuture<CommandResult> submit(final Command command)
    {
        ensureOpen();
        final boolean journaled;
        synchronized (scratch)
        {
            scratch.clearInput();
            command.writeTo(scratch);
            journaled = scratch.isJournaledType();
        }
        return journaled ? client.submit(command).thenCompose(this::afterLocalApply) : service.query(command);
    }

    /**
     * @return {@code result}, once this replica has applied its sequence, or after
     *     {@link #LOCAL_APPLY_WAIT} whatever the replica has done. The answer comes from the leader's
     *     service, which may have applied the command before this member's replica learnt it was
     *     committed: without the wait, a SKU defined through a follower could be unknown to that
     *     follower's very next request (a bulk load naming it, seen in ClusterModeIT under CI load).
     *     A member so far behind that the wait runs out still answers: the write is committed, and
     *     withholding its answer would only make the client retry.
     */
    private CompletableFuture<CommandResult> afterLocalApply(final CommandResult result)
    {
        final long sequence = result.sequence();
        if (sequence <= 0 || service.appliedSequence() >= sequence)
        {
            // The leader's own answers, and results the cluster gave no sequence (NO_LEADER).
            return CompletableFuture.completedFuture(result);
        }
        return service.whenApplied(sequence).orTimeout(LOCAL_APPLY_WAIT.toMillis(), TimeUnit.MILLISECONDS)
            .handle((applied, late) -> result);
    }

    @Override
    public <A> boolean tryPublish(final CommandTranslator<A> translator, final A arg, final ResultListener listener)
    {
        publish(translator, arg, listener);
        return true;
    }

    @Override
    public <A> void publish(final CommandTranslator<A> translator, final A arg, final ResultListener listener)
    {
        // The caller may reuse arg as soon as this returns (the bulk load does): the command is
        // described now, and the copy is what goes out. Every writer on this path is a CommandSlot.
        final CommandSlot described = new CommandSlot();
        described.clearInput();
        translator.translate(described, arg);
        submit(writer -> ((CommandSlot)writer).copyInputFrom(described))
            .thenAccept(result -> listener.onResult(outcome(described, result)));
    }

    /**
     * @return {@code slot} showing the result's outcome and position figures. The allocation-free
     *     path carries no lists (allocations, candidates): a caller that needs them submits the
     *     command as a value ({@link #submit}) and gets the whole {@link CommandResult}.
     */
    private static CommandSlot outcome(final CommandSlot slot, final CommandResult result)
    {
        slot.commandId = result.commandId();
        slot.type = result.type() == null ? slot.type : result.type();
        slot.sequence = result.sequence();
        slot.timestamp = result.timestamp();
        slot.decide(result.reason(), result.originalReason());
        slot.assignedId = result.assignedId();
        slot.resultLocation = result.location();
        slot.resultSku = result.sku();
        slot.resultHeld = result.held();
        slot.resultOnHand = result.onHand();
        slot.resultReserved = result.reserved();
        slot.resultInTransit = result.inTransit();
        slot.resultSafetyStock = result.safetyStock();
        return slot;
    }

    @Override
    public int locationId(final String code)
    {
        return service.state().locations().idOf(code);
    }

    @Override
    public int skuId(final String code)
    {
        return service.state().skus().idOf(code);
    }

    @Override
    public int channelId(final String code)
    {
        return service.state().channels().idOf(code);
    }

    @Override
    public String locationCode(final int id)
    {
        return service.state().locations().codeOf(id);
    }

    @Override
    public String skuCode(final int id)
    {
        return service.state().skus().codeOf(id);
    }

    @Override
    public StockUnit skuUnit(final int id)
    {
        return service.state().skus().unitOf(id);
    }

    @Override
    public String channelCode(final int id)
    {
        return service.state().channels().codeOf(id);
    }

    /** @return the replica's API key table (docs/cluster.md, "Replicated API keys"): safe to read from any thread. */
    public ApiKeyTable apiKeys()
    {
        return service.state().apiKeys();
    }

    /** @return the replica's webhook subscriptions (docs/cluster.md, "Replicated webhooks"): safe to read from any thread. */
    public WebhookTable webhooks()
    {
        return service.state().webhooks();
    }

    /**
     * Takes a cluster snapshot: every member writes one at the same point of the log (a member's
     * restart then replays the log from there, not from the start). Only the leader starts one,
     * as Aeron's {@code ClusterTool snapshot} does through the same control toggle.
     *
     * @return completes with this replica's applied sequence once this member has written its
     *     snapshot; fails with {@link IllegalStateException} on a member that does not lead (naming
     *     the leader) or while another cluster action is under way, and with a
     *     {@link java.util.concurrent.TimeoutException} after {@link #SNAPSHOT_TIMEOUT}.
     */
    @Override
    public CompletableFuture<Long> snapshot()
    {
        ensureOpen();
        if (!leads())
        {
            return CompletableFuture.failedFuture(new IllegalStateException("member " + memberId + " does not lead " +
                "(the leader is member " + leaderMemberId() + "): a cluster snapshot is started on the leader"));
        }
        final long before = snapshots.get();
        if (!ClusterControl.ToggleState.SNAPSHOT.toggle(controlToggle))
        {
            return CompletableFuture.failedFuture(new IllegalStateException("another cluster action (" +
                ClusterControl.ToggleState.get(controlToggle) + ") is under way; try again when it is done"));
        }
        final CompletableFuture<Long> taken = new CompletableFuture<>();
        final Thread waiter = new Thread(() ->
        {
            final long deadline = System.nanoTime() + SNAPSHOT_TIMEOUT.toNanos();
            while (snapshots.get() == before && System.nanoTime() - deadline < 0 && !closed)
            {
                LockSupport.parkNanos(POLL_NANOS);
            }
            if (snapshots.get() != before)
            {
                taken.complete(appliedSequence());
            }
            else
            {
                taken.completeExceptionally(new TimeoutException("no snapshot within " + SNAPSHOT_TIMEOUT.toSeconds() +
                    " s; see the members' logs"));
            }
        }, "omnistock-cluster-snapshot");
        waiter.setDaemon(true);
        waiter.start();
        return taken;
    }

    /** @return this replica's checksum, after every command it has applied so far. */
    @Override
    public CompletableFuture<Long> stateChecksum()
    {
        final long[] checksum = new long[1];
        return read(state -> checksum[0] = state.checksum()).thenApply(done -> checksum[0]);
    }

    /** A member does not halt on its own: a fault stops its process, and the cluster goes on without it. */
    @Override
    public boolean halted()
    {
        return false;
    }

    private void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("the cluster member is closed");
        }
    }

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        client.close();
        node.close();
    }

}

package io.omnistock.core.routing;

import io.omnistock.api.ReasonCode;
import io.omnistock.api.RoutingPolicy;
import io.omnistock.core.command.CommandSlot;
import io.omnistock.core.state.LogicVersion;
import io.omnistock.core.state.PolicyCodec;
import io.omnistock.core.state.StateComponent;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

import static io.omnistock.api.ReasonCode.*;

/**
 * The routing policy orders are routed by, with its version: the logic version's default until
 * the first SET_ROUTING_POLICY, then each such command's policy.
 */
public final class RoutingPolicies implements StateComponent
{
    private RoutingPolicy policy;
    /** 0 while the logic version's default applies; each policy command adds one. */
    private int version;

    public RoutingPolicies(final int logicVersion)
    {
        policy = LogicVersion.defaultRoutingPolicy(logicVersion);
    }

    public RoutingPolicy policy()
    {
        return policy;
    }

    public int version()
    {
        return version;
    }

    /** From now on commands are decided under {@code logicVersion}: a default policy follows it. */
    public void logicSwitched(final int logicVersion)
    {
        if (version == 0)
        {
            policy = LogicVersion.defaultRoutingPolicy(logicVersion);
        }
    }

    public ReasonCode setRoutingPolicy(final CommandSlot c)
    {
        if (c.policy == null || c.policy.problem() != null)
        {
            return INVALID_POLICY;
        }
        policy = c.policy;
        version++;
        c.assignedId = version;
        return OK;
    }

    @Override
    public long checksum()
    {
        return Arrays.hashCode(PolicyCodec.toBytes(policy)) * 31L + version;
    }

    @Override
    public void writeTo(final DataOutput out) throws IOException
    {
        final byte[] policyBytes = PolicyCodec.toBytes(policy);
        out.writeInt(version);
        out.writeInt(policyBytes.length);
        out.write(policyBytes);
    }

    @Override
    public void readFrom(final DataInput in, final int formatVersion) throws IOException
    {
        version = in.readInt();
        final byte[] policyBytes = new byte[in.readInt()];
        in.readFully(policyBytes);
        policy = PolicyCodec.fromBytes(policyBytes);
    }
}

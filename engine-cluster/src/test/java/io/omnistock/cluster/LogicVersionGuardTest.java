package io.omnistock.cluster;

import io.omnistock.api.AdjustmentReason;
import io.omnistock.api.Command;
import io.omnistock.api.CommandType;
import io.omnistock.api.Commands;
import io.omnistock.api.ReasonCode;
import io.omnistock.core.state.EngineState;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.ToIntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rolling-upgrade guard: a cluster's ingress refuses a message holding a command newer than the
 * replicated state's logic version, whole, before the engine sequences anything, and accepts it
 * once the state is at the command's first logic version or later. No command of this build has a
 * first logic version above 1 yet (docs/schema.md says why), so {@code COMPARE_AND_SET_ON_HAND}
 * stands in for "the command the new build added, accepted from logic version 3", in a state pinned
 * at logic version 2.
 */
class LogicVersionGuardTest
{
    private static final long START_MILLIS = 1_767_225_600_000L;
    private static final CommandType NEW = CommandType.COMPARE_AND_SET_ON_HAND;
    private static final int NEW_FROM = 3;
    private static final ToIntFunction<CommandType> FIRST_LOGIC = type -> type == NEW ? NEW_FROM : 1;

    private static Command newCommand(final long commandId)
    {
        // Location 0 and SKU 0 hold 1,000 after the workload's setup.
        return Commands.compareAndSetOnHand(commandId, 0, 0, 1_000, 990, AdjustmentReason.DAMAGED);
    }

    private static IngressDecoder decoder(final int logic)
    {
        return new IngressDecoder(() -> logic, FIRST_LOGIC);
    }

    private static boolean decode(final IngressDecoder decoder, final List<Command> commands)
    {
        final byte[] message = Messages.commands(5, commands);
        return decoder.decode(new UnsafeBuffer(message), 0, message.length);
    }

    @Test
    void aCommandNewerThanTheLogicVersionRefusesItsWholeMessageNamingTheCommandAndBothVersions()
    {
        final IngressDecoder decoder = decoder(NEW_FROM - 1);
        assertFalse(decode(decoder, List.of(Commands.receive(1, 0, 0, 5), newCommand(2))));
        assertEquals(ReasonCode.LOGIC_TOO_OLD_FOR_COMMAND, decoder.rejection());
        assertEquals(0, decoder.count(), "nothing of the message is handed to the engine");
        assertEquals("ingress message 5 refused whole: COMPARE_AND_SET_ON_HAND is accepted from logic version 3, " +
            "but the cluster is at logic version 2; raise it (UPGRADE_LOGIC) once every member runs a build that " +
            "knows COMPARE_AND_SET_ON_HAND", decoder.newerCommandMessage());
    }

    @Test
    void aCommandIsAcceptedAtItsFirstLogicVersionAndAfter()
    {
        for (final int logic : new int[] {NEW_FROM, NEW_FROM + 1})
        {
            final IngressDecoder decoder = decoder(logic);
            assertTrue(decode(decoder, List.of(Commands.receive(1, 0, 0, 5), newCommand(2))), "logic " + logic);
            assertEquals(2, decoder.count());
            assertEquals(NEW, decoder.slot(1).type);
        }
        assertTrue(decode(decoder(NEW_FROM - 1), List.of(Commands.receive(1, 0, 0, 5))),
            "a message without the new command is accepted at the older version");
    }

    /**
     * Through a member's engine: the refusal reaches the client over egress as the reason, takes no
     * sequence and changes no checksum, as a member of the older build that refuses the unknown type;
     * once an UPGRADE_LOGIC of its own message raised the version, the same command is applied.
     */
    @Test
    void aMemberRefusesWithoutASequenceUntilTheLogicVersionIsRaised()
    {
        final EngineState state = OmnistockClusteredService.newState(1 << 12);
        state.startInLogic(NEW_FROM - 1);
        try (ReplicatedEngine engine = new ReplicatedEngine(state, null, FIRST_LOGIC))
        {
            assertTrue(Messages.send(engine, START_MILLIS, Messages.commands(1, Workload.setup())).results.stream()
                .allMatch(r -> r.reason() == ReasonCode.OK), "the workload's locations, SKUs and stock");
            final long sequence = state.lastSequence();
            final long checksum = state.checksum();

            final Messages.Answers refused = Messages.send(engine, START_MILLIS + 1,
                Messages.commands(2, List.of(Commands.receive(9_001, 0, 1, 5), newCommand(9_002))));
            assertEquals(List.of(ReasonCode.LOGIC_TOO_OLD_FOR_COMMAND), refused.rejections);
            assertTrue(refused.results.isEmpty());
            assertEquals(sequence, state.lastSequence(), "no sequence taken");
            assertEquals(checksum, state.checksum(), "no state changed");

            // The upgrade and the new command in one message: decoded against the version before it.
            final Messages.Answers together = Messages.send(engine, START_MILLIS + 2,
                Messages.commands(3, List.of(Commands.upgradeLogic(9_003, NEW_FROM), newCommand(9_004))));
            assertEquals(List.of(ReasonCode.LOGIC_TOO_OLD_FOR_COMMAND), together.rejections);
            assertEquals(checksum, state.checksum());

            final Messages.Answers upgraded = Messages.send(engine, START_MILLIS + 3,
                Messages.commands(4, List.of(Commands.upgradeLogic(9_005, NEW_FROM))));
            assertEquals(ReasonCode.OK, upgraded.results.get(0).reason());
            assertEquals(NEW_FROM, state.logicVersion());

            // Sent again with the same id: applied, not a duplicate (the refusal recorded nothing).
            final Messages.Answers applied = Messages.send(engine, START_MILLIS + 4,
                Messages.commands(5, List.of(newCommand(9_002))));
            assertTrue(applied.rejections.isEmpty());
            assertEquals(ReasonCode.OK, applied.results.get(0).reason());
            assertEquals(sequence + 2, state.lastSequence(), "the upgrade and the command, nothing refused before");
        }
    }
}

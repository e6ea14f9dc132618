package io.omnistock.cluster;

import io.omnistock.api.Command;
import io.omnistock.api.CommandResult;
import io.omnistock.api.ReasonCode;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test helpers: ingress messages as a client builds them, egress answers as values. */
final class Messages
{
    private Messages()
    {
    }

    static byte[] commands(final long batchId, final List<Command> commands)
    {
        final IngressCodec.Encoder encoder = new IngressCodec.Encoder();
        final IngressCodec.Builder builder = new IngressCodec.Builder();
        builder.begin(batchId);
        for (final Command c : commands)
        {
            encoder.write(c);
            if (!builder.add(encoder.record()))
            {
                throw new IllegalArgumentException("too many commands for one message");
            }
        }
        final int length = builder.finish();
        return Arrays.copyOf(builder.buffer().byteArray(), length);
    }

    /** What a member answered to one message. */
    static final class Answers implements EgressCodec.Handler, ReplicatedEngine.Egress
    {
        final List<CommandResult> results = new ArrayList<>();
        final List<ReasonCode> rejections = new ArrayList<>();
        final List<long[]> checksums = new ArrayList<>();

        @Override
        public void send(final DirectBuffer buffer, final int offset, final int length)
        {
            new EgressCodec().decode(buffer, offset, length, this);
        }

        @Override
        public void onResult(final CommandResult result)
        {
            results.add(result);
        }

        @Override
        public void onRejected(final long batchId, final ReasonCode reason)
        {
            rejections.add(reason);
        }

        @Override
        public void onChecksum(final long batchId, final long sequence, final long checksum)
        {
            checksums.add(new long[] {sequence, checksum});
        }
    }

    static Answers send(final ReplicatedEngine engine, final long timestamp, final byte[] message)
    {
        final Answers answers = new Answers();
        engine.onMessage(timestamp, new UnsafeBuffer(message), 0, message.length, answers);
        return answers;
    }
}

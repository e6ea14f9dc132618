package io.omnistock.cluster;

import java.util.Arrays;

/**
 * The runnable jar's entry point ({@code target/omnistock-cluster.jar}, run by {@code bin/omnistock}):
 * {@code cluster-node --config FILE} runs one member, {@code cluster-demo [options]} three on loopback, {@code cluster-bench [options]} the round trip through them against the embedded engine.
 */
public final class ClusterCli
{
    private ClusterCli()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final String command = args.length == 0 ? "" : args[0];
        final String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (command)
        {
            case "cluster-node" -> ClusterNode.main(rest);
            case "cluster-demo" -> System.exit(ClusterDemo.run(rest, System.out, System.err));
            case "cluster-bench" -> System.exit(RoundTripBench.run(rest, System.out, System.err));
            default ->
            {
                System.err.println("usage: cluster-node --config FILE | cluster-demo [--dir DIR] [--load-seconds S] " +
                    "[--kills N] [--writers W] [--idempotency-window IDS] | cluster-bench [--dir DIR] [--seconds S] " +
                    "[--rounds R] [--in-flight N,M]");
                System.exit(2);
            }
        }
    }
}

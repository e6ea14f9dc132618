package io.omnistock.examples;

import java.util.Arrays;

/**
 * Entry point of the examples jar: {@code java -jar omnistock-examples.jar <example> [args]}.
 */
public final class Examples
{
    private Examples()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final String name = args.length == 0 ? "demo" : args[0];
        final String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (name)
        {
            case "demo" -> StoreNetworkDemo.main(rest);
            case "quickstart" -> QuickStart.main(rest);
            case "o2o" -> O2oCity.main(rest);
            case "flash-sale" -> FlashSale.main(rest);
            case "audit" -> AuditReplay.main(rest);
            default ->
            {
                System.err.println("unknown example '" + name + "'; choose one of: demo, quickstart, o2o, flash-sale, audit");
                System.exit(2);
            }
        }
    }
}

package io.omnistock.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code omnistock serve [--config FILE]}: runs the daemon until SIGTERM or SIGINT, then stops it
 * gracefully (requests drained, ring drained, journal flushed).
 */
public final class DaemonMain
{
    private static final Logger LOG = LoggerFactory.getLogger(DaemonMain.class);

    private DaemonMain()
    {
    }

    public static void main(final String[] args)
    {
        // Chronicle must not phone home; the library sets this too, before Chronicle loads.
        System.setProperty("chronicle.analytics.disable", "true");
        // Undertow logs through JBoss Logging: route it to SLF4J, one log format for the daemon.
        System.setProperty("org.jboss.logging.provider", "slf4j");
        Path configFile = null;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "serve" ->
                {
                    // The one command; accepted so `omnistock serve` reads naturally.
                }
                case "--config" ->
                {
                    if (i + 1 == args.length)
                    {
                        fail("--config needs a file");
                    }
                    configFile = Path.of(args[++i]);
                }
                case "-h", "--help" ->
                {
                    System.out.println("usage: omnistock serve [--config FILE]\n" +
                        "  Settings: embedded defaults, then FILE (Java properties), then OMNISTOCK_* environment\n" +
                        "  variables. Every key is listed in docs/daemon.md.");
                    return;
                }
                default -> fail("unknown argument '" + args[i] + "' (try --help)");
            }
        }
        final Daemon daemon;
        try
        {
            daemon = Daemon.start(DaemonConfig.load(configFile, System.getenv()));
        }
        catch (final DaemonConfig.ConfigException e)
        {
            fail(e.getMessage());
            return;
        }
        catch (final Daemon.StartException e)
        {
            // Expected in operation (a port taken): one line, no stack trace; nothing is left running.
            System.err.println("omnistock: " + e.getMessage());
            System.exit(1);
            return;
        }
        catch (final Exception e)
        {
            LOG.error("the daemon did not start", e);
            System.err.println("omnistock: the daemon did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            daemon.close();
            stopped.countDown();
        }, "omnistock-shutdown"));
        try
        {
            stopped.await();
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static void fail(final String message)
    {
        System.err.println("omnistock: " + message);
        System.exit(2);
    }
}

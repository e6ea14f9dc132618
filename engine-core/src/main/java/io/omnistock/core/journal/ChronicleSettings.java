package io.omnistock.core.journal;

/**
 * Chronicle Queue phones home to an analytics service and prints a banner unless told not to.
 * The engine turns both off before any Chronicle class initialises, so an embedder who forgets
 * the system properties still sends nothing.
 */
public final class ChronicleSettings
{
    private ChronicleSettings()
    {
    }

    public static void apply()
    {
        setIfAbsent("chronicle.analytics.disable", "true");
        setIfAbsent("chronicle.announcer.disable", "true");
    }

    private static void setIfAbsent(final String key, final String value)
    {
        if (System.getProperty(key) == null)
        {
            System.setProperty(key, value);
        }
    }
}

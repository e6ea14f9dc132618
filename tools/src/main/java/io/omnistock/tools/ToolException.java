package io.omnistock.tools;

/**
 * A problem the tools report as one line on stderr with a specific exit code, never as a stack trace.
 */
final class ToolException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    ToolException(final int exitCode, final String message)
    {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode()
    {
        return exitCode;
    }
}

package io.omnistock.core.journal;

/**
 * The journal cannot be trusted from some point on: a record failed its checksum, a sequence is
 * missing, or the directory holds something that is not an omnistock journal. Never swallowed:
 * recovery stops and reports it.
 */
public final class JournalException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public JournalException(final String message)
    {
        super(message);
    }

    public JournalException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}

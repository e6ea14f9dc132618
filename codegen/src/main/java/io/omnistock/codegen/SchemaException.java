package io.omnistock.codegen;

/** A mistake in the schema; the build fails with its message. */
final class SchemaException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    SchemaException(final String message)
    {
        super(message);
    }
}

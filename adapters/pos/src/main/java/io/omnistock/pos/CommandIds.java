package io.omnistock.pos;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Derives engine command ids from the POS's own identifiers, so that uploading the same
 * transaction or committing the same count twice is answered {@code DUPLICATE_COMMAND} by the
 * engine and changes nothing: the adapter itself keeps no memory of what it has sent.
 *
 * <p>The id is the first 8 bytes of SHA-256 over a purpose tag and the length-prefixed UTF-8 parts,
 * so ids of different purposes, or of parts that merely concatenate alike ("A1"+"2" and "A"+"12"),
 * never coincide by construction. Treated as random 64-bit values, a new id collides with one of
 * the W ids in the engine's idempotency window with probability W / 2^64: with the default window
 * of 2^20 that is 2^-44, about 5.7 x 10^-14 per line, or one expected false duplicate in roughly
 * 1.8 x 10^13 lines (about 5,000 years at 10 million lines a day). Zero is not a valid command id,
 * so it is mapped to 1, which doubles those odds for the id 1 only.
 */
public final class CommandIds
{
    private static final byte[] POS_LINE = "omnistock/pos-line/v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] COUNT = "omnistock/count/v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SALE_AMOUNT = "omnistock/pos-line-amount/v1".getBytes(StandardCharsets.UTF_8);

    private CommandIds()
    {
    }

    /**
     * @param transactionId the POS transaction id.
     * @param lineNumber    the line's number within it.
     * @return the command id of that line's sale or return (or, in a post-void, of its reversal).
     */
    public static long posLine(final String transactionId, final int lineNumber)
    {
        return hash(POS_LINE, transactionId, Integer.toString(lineNumber));
    }

    /**
     * @param transactionId the POS transaction id.
     * @param lineNumber    the line's number within it.
     * @return the command id of the amount recorded beside that line's sale.
     */
    public static long saleAmount(final String transactionId, final int lineNumber)
    {
        return hash(SALE_AMOUNT, transactionId, Integer.toString(lineNumber));
    }

    /**
     * @param sessionId the count session id.
     * @param skuCode   the SKU counted.
     * @return the command id of that SKU's stocktake in that session.
     */
    public static long countLine(final String sessionId, final String skuCode)
    {
        return hash(COUNT, sessionId, skuCode);
    }

    private static long hash(final byte[] purpose, final String first, final String second)
    {
        final MessageDigest sha256 = sha256();
        update(sha256, purpose);
        update(sha256, first.getBytes(StandardCharsets.UTF_8));
        update(sha256, second.getBytes(StandardCharsets.UTF_8));
        final long id = ByteBuffer.wrap(sha256.digest()).getLong();
        return id == 0 ? 1 : id;
    }

    private static void update(final MessageDigest digest, final byte[] part)
    {
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(part.length).array());
        digest.update(part);
    }

    private static MessageDigest sha256()
    {
        try
        {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException impossible)
        {
            // Every Java platform is required to provide SHA-256.
            throw new IllegalStateException("SHA-256 is not available", impossible);
        }
    }
}

package io.omnistock.daemon.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * An epoch-millisecond time as ISO-8601 UTC text, exactly as {@link Instant#toString()} writes it
 * ({@code 2026-12-06T10:15:30Z}, {@code 2026-12-06T10:15:30.250Z}), without the formatter:
 * {@code Instant.toString} took 5% of the I/O threads' CPU samples on single orders (two per answer:
 * timestamp and expiry; JFR, flash sale, 64 connections).
 */
final class IsoInstant
{
    private static final long MILLIS_PER_DAY = 86_400_000L;
    /** Days from 0000-03-01 to 1970-01-01 (the civil-from-days algorithm counts from a March). */
    private static final long DAYS_0000_03_01_TO_EPOCH = 719_468L;
    /** The longest text written: {@code 2026-12-06T10:15:30.250Z}. */
    static final int LONGEST = 24;

    private IsoInstant()
    {
    }

    /** @return {@code Instant.ofEpochMilli(epochMillis).toString()}. */
    static String of(final long epochMillis)
    {
        final byte[] text = new byte[LONGEST];
        final int length = write(epochMillis, text);
        // Signed and five-digit years have their own forms: rare enough for the formatter.
        return length < 0 ? Instant.ofEpochMilli(epochMillis).toString() :
            new String(text, 0, length, StandardCharsets.US_ASCII);
    }

    /**
     * Writes {@code Instant.ofEpochMilli(epochMillis).toString()} as ASCII into {@code text} (at least
     * {@link #LONGEST} bytes), for a generator to copy without escaping.
     *
     * @return the length written, or -1 for a year outside 0 to 9999 (written nothing).
     */
    static int write(final long epochMillis, final byte[] text)
    {
        final long days = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
        final int millisOfDay = (int)Math.floorMod(epochMillis, MILLIS_PER_DAY);
        // Howard Hinnant's civil_from_days: eras of 400 years, years starting in March.
        final long z = days + DAYS_0000_03_01_TO_EPOCH;
        final long era = Math.floorDiv(z, 146_097L);
        final long dayOfEra = z - era * 146_097L;
        final long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        final long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        final long monthIndex = (5 * dayOfYear + 2) / 153;
        final int day = (int)(dayOfYear - (153 * monthIndex + 2) / 5 + 1);
        final int month = (int)(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
        final long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9_999)
        {
            return -1;
        }
        final int millis = millisOfDay % 1_000;
        final int length = millis == 0 ? 20 : LONGEST;
        digits(text, 0, (int)year, 4);
        text[4] = '-';
        digits(text, 5, month, 2);
        text[7] = '-';
        digits(text, 8, day, 2);
        text[10] = 'T';
        digits(text, 11, millisOfDay / 3_600_000, 2);
        text[13] = ':';
        digits(text, 14, millisOfDay / 60_000 % 60, 2);
        text[16] = ':';
        digits(text, 17, millisOfDay / 1_000 % 60, 2);
        if (millis != 0)
        {
            text[19] = '.';
            digits(text, 20, millis, 3);
        }
        text[length - 1] = 'Z';
        return length;
    }

    private static void digits(final byte[] into, final int at, final int value, final int width)
    {
        int rest = value;
        for (int i = at + width - 1; i >= at; i--)
        {
            into[i] = (byte)('0' + rest % 10);
            rest /= 10;
        }
    }
}

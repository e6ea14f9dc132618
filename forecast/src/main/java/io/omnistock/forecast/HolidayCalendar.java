package io.omnistock.forecast;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Holidays and shopping festivals as data: one row per occurrence ({@code name,date,days_before,
 * days_after}), so lunar and moving dates (Spring Festival, Mid-Autumn) and fixed shopping days
 * (618, 11.11) are all just dates, and a new year or a new festival is a new row, not code. Each
 * day of an occurrence's window is an event "name at offset d" (d from -days_before to
 * days_after) whose effect is learned from past years: the pre-festival rush and the shut-down
 * after it are different events. When windows overlap, the day belongs to the nearest holiday.
 */
public final class HolidayCalendar
{
    /** The calendar that ships with omnistock (resource {@code holidays-cn.csv}: 2015 to 2030). */
    public static final String BUNDLED = "holidays-cn.csv";

    private record Occurrence(String name, LocalDate date, int before, int after)
    {
    }

    private final List<Occurrence> occurrences;
    private final Map<String, Integer> eventIds = new HashMap<>();
    private final List<String> eventNames = new ArrayList<>();

    private HolidayCalendar(final List<Occurrence> occurrences)
    {
        this.occurrences = occurrences;
        for (final Occurrence o : occurrences)
        {
            for (int d = -o.before(); d <= o.after(); d++)
            {
                final String key = o.name() + (d < 0 ? "" : "+") + d;
                if (!eventIds.containsKey(key))
                {
                    eventIds.put(key, eventNames.size());
                    eventNames.add(key);
                }
            }
        }
    }

    /** @return a calendar without holidays. */
    public static HolidayCalendar none()
    {
        return new HolidayCalendar(List.of());
    }

    public static HolidayCalendar bundled()
    {
        try (InputStream in = HolidayCalendar.class.getResourceAsStream(BUNDLED))
        {
            if (in == null)
            {
                throw new IllegalStateException("resource " + BUNDLED + " missing from the forecast jar");
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads {@code name,date,days_before,days_after} rows (ISO dates; a header row and lines
     * starting with # are skipped).
     */
    public static HolidayCalendar parse(final Reader reader)
    {
        final List<Occurrence> rows = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(reader))
        {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null)
            {
                number++;
                final String trimmed = line.trim();
                if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("name,"))
                {
                    continue;
                }
                rows.add(row(trimmed, number));
            }
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        return new HolidayCalendar(rows);
    }

    private static Occurrence row(final String line, final int number)
    {
        final String[] f = line.split(",");
        try
        {
            if (f.length != 4 || f[0].isBlank())
            {
                throw new IllegalArgumentException("expected name,date,days_before,days_after");
            }
            final int before = Integer.parseInt(f[2].trim());
            final int after = Integer.parseInt(f[3].trim());
            if (before < 0 || after < 0 || before > 60 || after > 60)
            {
                throw new IllegalArgumentException("days before and after must be 0 to 60");
            }
            return new Occurrence(f[0].trim(), LocalDate.parse(f[1].trim()), before, after);
        }
        catch (final IllegalArgumentException | DateTimeParseException e)
        {
            throw new ForecastException(ForecastException.Reason.INVALID_CALENDAR,
                "holiday calendar line " + number + " '" + line + "': " + e.getMessage());
        }
    }

    /** @return how many distinct events (holiday, offset) the calendar defines. */
    public int eventCount()
    {
        return eventNames.size();
    }

    public String eventName(final int id)
    {
        return eventNames.get(id);
    }

    /** @return for each of the {@code days} days from {@code start}, its event id, or -1. */
    public int[] events(final LocalDate start, final int days)
    {
        final int[] ids = new int[days];
        final int[] distance = new int[days];
        java.util.Arrays.fill(ids, -1);
        final long first = start.toEpochDay();
        for (final Occurrence o : occurrences)
        {
            final long at = o.date().toEpochDay() - first;
            for (int d = -o.before(); d <= o.after(); d++)
            {
                final long t = at + d;
                if (t < 0 || t >= days || (ids[(int)t] >= 0 && distance[(int)t] <= Math.abs(d)))
                {
                    continue;
                }
                ids[(int)t] = eventIds.get(o.name() + (d < 0 ? "" : "+") + d);
                distance[(int)t] = Math.abs(d);
            }
        }
        return ids;
    }
}

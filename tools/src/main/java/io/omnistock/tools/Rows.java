package io.omnistock.tools;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The tools' machine-readable output: CSV with a header row, or NDJSON with the column names as
 * keys. Values are plain: numbers without thousands separators or exponents, times as ISO-8601
 * text, and a column that does not apply is empty (CSV) or null (NDJSON), never a made-up 0.
 */
final class Rows
{
    /** The machine-readable formats; the tables stay the default for people. */
    enum Format { csv, ndjson }

    private final PrintWriter out;
    private final Format format;
    private final String[] columns;
    private final StringBuilder line = new StringBuilder(256);

    /** Starts the output; CSV's header row is written at once. */
    Rows(final PrintWriter out, final Format format, final String... columns)
    {
        this.out = out;
        this.format = format;
        this.columns = columns;
        if (format == Format.csv)
        {
            out.append(String.join(",", columns)).append('\n');
        }
    }

    /** @param values one per column, in order: String, Number or null. */
    void add(final Object... values)
    {
        if (values.length != columns.length)
        {
            throw new IllegalArgumentException(values.length + " values for " + columns.length + " columns");
        }
        line.setLength(0);
        if (format == Format.csv)
        {
            csv(line, values);
        }
        else
        {
            json(line, columns, values);
        }
        out.append(line).append('\n');
    }

    /**
     * @return {@code value} rounded to {@code decimals} places, as a number printed plainly
     *     ({@code 107.5}, never {@code 1.075E2}).
     */
    static BigDecimal decimal(final double value, final int decimals)
    {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }

    static void csv(final StringBuilder sb, final Object[] row)
    {
        for (int i = 0; i < row.length; i++)
        {
            if (i > 0)
            {
                sb.append(',');
            }
            final Object v = row[i];
            if (v instanceof String s)
            {
                if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0)
                {
                    sb.append('"').append(s.replace("\"", "\"\"")).append('"');
                }
                else
                {
                    sb.append(s);
                }
            }
            else if (v != null)
            {
                sb.append(number(v));
            }
        }
    }

    static void json(final StringBuilder sb, final String[] columns, final Object[] row)
    {
        sb.append('{');
        for (int i = 0; i < row.length; i++)
        {
            if (i > 0)
            {
                sb.append(',');
            }
            sb.append('"').append(columns[i]).append("\":");
            final Object v = row[i];
            if (v == null)
            {
                sb.append("null");
            }
            else if (v instanceof String s)
            {
                jsonString(sb, s);
            }
            else
            {
                sb.append(number(v));
            }
        }
        sb.append('}');
    }

    private static String number(final Object v)
    {
        return v instanceof BigDecimal d ? d.toPlainString() : v.toString();
    }

    static void jsonString(final StringBuilder sb, final String s)
    {
        sb.append('"');
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            switch (c)
            {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default ->
                {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029)
                    {
                        sb.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}

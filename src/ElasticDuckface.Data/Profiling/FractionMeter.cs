using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Data.Profiling;

/// <summary>
/// Measures how a date-time or time column uses fractions of a second (issue 12) from its normalised values: date-times
/// as <see cref="DateTime"/>, times and intervals as seconds (<see cref="ValueNormalizer"/>), so every engine's reader
/// gives the same answer.
/// </summary>
internal static class FractionMeter
{
    private const long MicrosPerSecond = 1_000_000;

    /// <summary>
    /// The share of non-null values with a non-zero fraction (at microsecond resolution) and the most digits one uses, at
    /// most the declared precision; null for other columns and when every value is whole seconds.
    /// </summary>
    public static SecondFractions? Measure(ColumnProfile column, IReadOnlyList<object?> values)
    {
        if (column.Category is not (ColumnCategory.DateTime or ColumnCategory.Time))
            return null;
        var declared = FractionDigits.Declared(column.SqlType) ?? FractionDigits.Max;
        if (declared == 0)
            return null;
        long nonNull = 0, fractional = 0;
        var digits = 0;
        foreach (var value in values)
        {
            long? micros = value switch
            {
                DateTime t => t.Ticks % TimeSpan.TicksPerSecond / (TimeSpan.TicksPerSecond / MicrosPerSecond),
                double seconds when double.IsFinite(seconds) => Micros(seconds),
                _ => null,
            };
            if (micros is not { } m)
                continue;
            nonNull++;
            if (m == 0)
                continue;
            fractional++;
            digits = Math.Max(digits, Digits(m));
        }

        return fractional == 0
            ? null
            : new SecondFractions(Quantiles.Tidy((double)fractional / nonNull), Math.Min(digits, declared));
    }

    /// <summary>The fraction of a number of seconds in microseconds, 0 to 999 999 (a negative duration's too).</summary>
    private static long Micros(double seconds)
    {
        var micros = (long)Math.Round((seconds - Math.Floor(seconds)) * MicrosPerSecond);
        return micros >= MicrosPerSecond ? 0 : micros;
    }

    /// <summary>The fraction digits of a microsecond count without its trailing zeros: 500 000 → 1, 123 456 → 6.</summary>
    private static int Digits(long micros)
    {
        var digits = 6;
        while (digits > 0 && micros % 10 == 0)
        {
            micros /= 10;
            digits--;
        }

        return digits;
    }
}

using System.Globalization;

namespace ElasticDuckface.Cli.Progress;

/// <summary>The words of the live progress display: row counts, rows per second and the time left, invariant culture.</summary>
internal static class ProgressText
{
    /// <summary>Below this much elapsed time a rate is noise: no rate and no ETA yet.</summary>
    private static readonly TimeSpan Settled = TimeSpan.FromMilliseconds(200);

    /// <summary><c>1,234 / 5,000 rows</c>.</summary>
    public static string Rows(long rows, long targetRows) =>
        string.Create(CultureInfo.InvariantCulture, $"{rows:N0} / {targetRows:N0} rows");

    /// <summary>The average rate so far: <c>812 rows/s</c>, <c>8.4k rows/s</c>, <c>412k rows/s</c>, <c>1.25M rows/s</c>;
    /// <c>-- rows/s</c> before any is known.</summary>
    public static string Rate(long rows, TimeSpan elapsed)
    {
        if (rows <= 0 || elapsed < Settled)
            return "-- rows/s";
        var rate = rows / elapsed.TotalSeconds;
        return rate switch
        {
            < 999.5 => string.Create(CultureInfo.InvariantCulture, $"{rate:F0} rows/s"),
            < 9_950 => string.Create(CultureInfo.InvariantCulture, $"{rate / 1e3:F1}k rows/s"),
            < 999_500 => string.Create(CultureInfo.InvariantCulture, $"{rate / 1e3:F0}k rows/s"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{rate / 1e6:F2}M rows/s"),
        };
    }

    /// <summary>The time left at the average rate so far: <c>ETA 0:42</c>, <c>ETA 1:02:03</c>; <c>ETA --:--</c> before a rate
    /// is known.</summary>
    public static string Eta(long rows, long targetRows, TimeSpan elapsed)
    {
        if (rows >= targetRows)
            return "ETA 0:00";
        if (rows <= 0 || elapsed < Settled)
            return "ETA --:--";
        var seconds = (targetRows - rows) * elapsed.TotalSeconds / rows;
        return "ETA " + Duration(TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.MaxValue.TotalSeconds / 2)));
    }

    /// <summary><c>m:ss</c> under an hour, <c>h:mm:ss</c> above (whole seconds, rounded up so a last second left shows as 0:01).</summary>
    public static string Duration(TimeSpan duration)
    {
        var total = (long)Math.Ceiling(Math.Max(0, duration.TotalSeconds));
        var (hours, minutes, seconds) = (total / 3600, total / 60 % 60, total % 60);
        return hours > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{hours}:{minutes:D2}:{seconds:D2}")
            : string.Create(CultureInfo.InvariantCulture, $"{minutes}:{seconds:D2}");
    }
}

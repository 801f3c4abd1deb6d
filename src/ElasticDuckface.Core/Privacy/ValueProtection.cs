using System.Globalization;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Privacy;

/// <summary>
/// The rules that keep a value held by fewer than k rows (<see cref="Profiles.ProfileSettings.MinCount"/>) out of a
/// profile: quantiles end at the k-th smallest and k-th largest value instead of the minimum and maximum and are coarsened
/// (numbers to <see cref="SignificantDigits"/> significant digits, date/times to the first of their month); a set of
/// fewer than 2k − 1 values (where no point has k rows on its far side) is described by a coarse range only
/// (numbers to one significant digit outward, date/times to whole years outward). See docs/privacy.md.
/// </summary>
/// <remarks>k = 1 turns every rule off: the profile then holds exact minima, maxima and quantiles (issue 9).</remarks>
public static class ValueProtection
{
    /// <summary>Significant digits numeric quantiles, means and gaps keep when k &gt; 1.</summary>
    public const int SignificantDigits = 3;

    /// <summary>
    /// Evenly spaced quantiles of <paramref name="values"/> that respect k: each point is clamped between the k-th
    /// smallest and the k-th largest value, then rounded to <see cref="SignificantDigits"/>; with fewer than 2k − 1 values,
    /// a two-point range widened outward to one significant digit. Returns an empty array for no values.
    /// </summary>
    /// <param name="values">The values (any order; not changed).</param>
    /// <param name="points">Points to write for a large set (fewer for a small one, as before).</param>
    /// <param name="k">The minimum count; 1 gives the exact quantiles.</param>
    /// <param name="coarsen">Whether to round the points to significant digits (false for lengths, which are small whole numbers).</param>
    public static double[] NumericQuantiles(IReadOnlyCollection<double> values, int points, int k, bool coarsen = true)
    {
        ArgumentNullException.ThrowIfNull(values);
        var n = values.Count;
        if (n == 0)
            return [];
        var count = Math.Clamp(n, 2, points);
        if (k <= 1)
            return Quantiles.Compute(values, count).Select(Quantiles.Tidy).ToArray();
        var sorted = values.ToArray();
        Array.Sort(sorted);
        if (!coarsen)
        {
            // lengths: small whole numbers that describe values without being one
            if (n < 2 * k - 1)
                return [FloorStep(sorted[0]), CeilingStep(sorted[^1])];
            var (shortest, longest) = (sorted[k - 1], sorted[n - k]);
            return Quantiles.Compute(sorted, count).Select(x => Math.Round(Math.Clamp(x, shortest, longest))).ToArray();
        }

        var rare = Rare(sorted, k);
        if (n < 2 * k - 1)
            return [Avoid(FloorSignificant(sorted[0], 1), rare), Avoid(CeilingSignificant(sorted[^1], 1), rare)];
        var (lo, hi) = (sorted[k - 1], sorted[n - k]);
        return Quantiles.Compute(sorted, count).Select(x => Avoid(Round(Math.Clamp(x, lo, hi)), rare)).ToArray();
    }

    /// <summary>
    /// A number that respects k, for a statistic such as the mean: rounded to <see cref="SignificantDigits"/> and moved off
    /// any value that fewer than k of <paramref name="values"/> hold.
    /// </summary>
    /// <param name="value">The statistic.</param>
    /// <param name="values">The values it was computed from.</param>
    /// <param name="k">The minimum count; 1 returns the value tidied.</param>
    public static double Statistic(double value, IReadOnlyCollection<double> values, int k)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (k <= 1)
            return Quantiles.Tidy(value);
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return Avoid(Round(value), Rare(sorted, k));
    }

    /// <summary>The values that fewer than k of the sorted values hold.</summary>
    private static HashSet<double> Rare(double[] sorted, int k)
    {
        var rare = new HashSet<double>();
        for (var i = 0; i < sorted.Length;)
        {
            var j = i;
            while (j < sorted.Length && sorted[j] == sorted[i])
                j++;
            if (j - i < k)
                rare.Add(sorted[i]);
            i = j;
        }

        return rare;
    }

    /// <summary>
    /// A coarsened point that happens to equal a value fewer than k rows hold (a price of 3.98 already has three
    /// significant digits) is moved up by half a unit of its last digit, then by a quarter, ..., until it equals none;
    /// moving up by less than a unit keeps the points in order.
    /// </summary>
    private static double Avoid(double point, HashSet<double> rare)
    {
        point = Quantiles.Tidy(point);
        if (!rare.Contains(point))
            return point;
        var magnitude = point == 0 ? 1 : Math.Pow(10, Math.Floor(Math.Log10(Math.Abs(point))) - SignificantDigits + 1);
        for (var step = magnitude / 2; step > 0; step /= 2)
        {
            var moved = Quantiles.Tidy(point + step);
            if (!rare.Contains(moved))
                return moved;
        }

        return point;
    }

    /// <summary>
    /// Date/time quantiles (as ticks) that respect k: clamped as <see cref="NumericQuantiles"/> does, then floored to
    /// the first of their month at midnight; with fewer than 2k − 1 values, the range from the first of January of the
    /// earliest year to the first of January after the latest.
    /// </summary>
    /// <param name="values">The values.</param>
    /// <param name="points">Points to write for a large set.</param>
    /// <param name="k">The minimum count; 1 gives the exact quantiles (to the second).</param>
    public static DateTime[] DateTimeQuantiles(IReadOnlyCollection<DateTime> values, int points, int k)
    {
        ArgumentNullException.ThrowIfNull(values);
        var n = values.Count;
        if (n == 0)
            return [];
        var count = Math.Clamp(n, 2, points);
        var ticks = values.Select(v => (double)v.Ticks).ToArray();
        Array.Sort(ticks);
        if (k <= 1)
            return Quantiles.Compute(ticks, count).Select(ToSecond).ToArray();
        var rare = Rare(ticks, k).Select(t => (long)t).ToHashSet();
        if (n < 2 * k - 1)
        {
            var first = new DateTime((long)ticks[0]);
            var last = new DateTime((long)ticks[^1]);
            return [Avoid(new DateTime(first.Year, 1, 1), rare),
                Avoid(last.Year >= 9999 ? new DateTime(9999, 1, 1) : new DateTime(last.Year + 1, 1, 1), rare)];
        }

        var (lo, hi) = (ticks[k - 1], ticks[n - k]);
        return Quantiles.Compute(ticks, count).Select(t => Avoid(Month(new DateTime((long)Math.Clamp(t, lo, hi))), rare)).ToArray();
    }

    /// <summary>A month start that equals a date/time fewer than k rows hold moves to noon, then 6 a.m., ..., as numbers do.</summary>
    private static DateTime Avoid(DateTime point, HashSet<long> rare)
    {
        for (var step = TimeSpan.FromHours(12); rare.Contains(point.Ticks) && step >= TimeSpan.FromSeconds(1); step /= 2)
        {
            if (!rare.Contains((point + step).Ticks))
                return point + step;
        }

        return point;
    }

    /// <summary>The first of the month of <paramref name="value"/>, at midnight: the unit date/times are coarsened to.</summary>
    public static DateTime Month(DateTime value) => new(value.Year, value.Month, 1);

    /// <summary>A number rounded to <see cref="SignificantDigits"/> significant digits (k &gt; 1), else tidied.</summary>
    /// <param name="value">The number.</param>
    /// <param name="k">The minimum count.</param>
    public static double Number(double value, int k) => Quantiles.Tidy(k <= 1 ? value : Round(value));

    /// <summary>Rounds to <see cref="SignificantDigits"/> significant digits.</summary>
    public static double Round(double value)
    {
        if (value == 0 || !double.IsFinite(value))
            return value;
        return double.Parse(value.ToString("G" + SignificantDigits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            CultureInfo.InvariantCulture);
    }

    /// <summary>The largest number with <paramref name="digits"/> significant digits at or below the value.</summary>
    public static double FloorSignificant(double value, int digits)
    {
        if (value == 0 || !double.IsFinite(value))
            return value;
        if (value < 0)
            return -CeilingSignificant(-value, digits);
        var unit = Math.Pow(10, Math.Floor(Math.Log10(value)) - digits + 1);
        return Math.Floor(value / unit * (1 + 1e-12)) * unit;
    }

    /// <summary>The smallest number with <paramref name="digits"/> significant digits at or above the value.</summary>
    public static double CeilingSignificant(double value, int digits)
    {
        if (value == 0 || !double.IsFinite(value))
            return value;
        if (value < 0)
            return -FloorSignificant(-value, digits);
        var unit = Math.Pow(10, Math.Floor(Math.Log10(value)) - digits + 1);
        return Math.Ceiling(value / unit * (1 - 1e-12)) * unit;
    }

    /// <summary>A length rounded down to a multiple of <see cref="LengthStep"/> (at least 1 when the length is).</summary>
    private static double FloorStep(double value) => value >= 1 ? Math.Max(1, Math.Floor(value / LengthStep) * LengthStep) : 0;

    /// <summary>A length rounded up to a multiple of <see cref="LengthStep"/> (at least one step).</summary>
    private static double CeilingStep(double value) => Math.Max(LengthStep, Math.Ceiling(value / LengthStep) * LengthStep);

    /// <summary>Lengths of a set too small for quantiles are written as a range of multiples of this.</summary>
    public const int LengthStep = 5;

    private static DateTime ToSecond(double ticks) =>
        new((long)Math.Round(ticks / TimeSpan.TicksPerSecond) * TimeSpan.TicksPerSecond);
}

using System.Globalization;
using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Verification;

/// <summary>Distances between two profiled distributions, from what a profile keeps (quantiles, frequencies, histograms).</summary>
public static class DistributionDistance
{
    /// <summary>
    /// The KS distance between two distributions given by evenly spaced quantiles (minimum first, maximum last).
    /// Each array is read as a CDF, linear between quantiles, with a jump where quantiles repeat (a point mass);
    /// the supremum is taken at every quantile of either side, from the left and at the point.
    /// </summary>
    public static double QuantileKs(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count == 0 || b.Count == 0)
            return a.Count == b.Count ? 0 : 1;
        var max = 0.0;
        foreach (var x in a.Concat(b).Distinct())
        {
            max = Math.Max(max, Math.Abs(Cdf(a, x) - Cdf(b, x)));
            max = Math.Max(max, Math.Abs(CdfLeft(a, x) - CdfLeft(b, x)));
        }

        return max;
    }

    /// <summary>P(X ≤ x) for the quantile array q.</summary>
    internal static double Cdf(IReadOnlyList<double> q, double x)
    {
        if (x < q[0])
            return 0;
        if (x >= q[^1])
            return 1;
        if (q.Count == 1)
            return 1;
        var i = q.Count - 1;
        while (q[i] > x)
            i--;
        // q[i] <= x < q[i + 1]
        var frac = (x - q[i]) / (q[i + 1] - q[i]);
        return (i + frac) / (q.Count - 1);
    }

    /// <summary>P(X &lt; x) for the quantile array q.</summary>
    internal static double CdfLeft(IReadOnlyList<double> q, double x)
    {
        if (x <= q[0])
            return 0;
        if (x > q[^1])
            return 1;
        var i = 0;
        while (q[i] < x)
            i++;
        // q[i - 1] < x <= q[i]
        var frac = (x - q[i - 1]) / (q[i] - q[i - 1]);
        return (i - 1 + frac) / (q.Count - 1);
    }

    /// <summary>
    /// Total variation between two categorical distributions. A value kept verbatim by only one side is hidden in the
    /// other side's "other" bucket, so it is folded into "other" on both sides before comparing.
    /// </summary>
    public static double CategoricalTotalVariation(CategoricalDistribution a, CategoricalDistribution b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var fa = a.Values.ToDictionary(v => v.Value, v => v.Frequency, StringComparer.Ordinal);
        var fb = b.Values.ToDictionary(v => v.Value, v => v.Frequency, StringComparer.Ordinal);
        var common = fa.Keys.Where(fb.ContainsKey).ToList();
        var otherA = 1 - common.Sum(k => fa[k]);
        var otherB = 1 - common.Sum(k => fb[k]);
        return (common.Sum(k => Math.Abs(fa[k] - fb[k])) + Math.Abs(otherA - otherB)) / 2;
    }

    /// <summary>Datetime quantiles (<c>yyyy-MM-ddTHH:mm:ss</c>) as seconds since 0001-01-01, for <see cref="QuantileKs"/>.</summary>
    public static double[] DateTimeSeconds(IReadOnlyList<string> quantiles)
    {
        ArgumentNullException.ThrowIfNull(quantiles);
        return quantiles.Select(q => DateTime.ParseExact(q, ColumnAnalyzer.DateTimeFormat, CultureInfo.InvariantCulture).Ticks / (double)TimeSpan.TicksPerSecond).ToArray();
    }

    /// <summary>
    /// KS distance between two fan-out histograms after dividing each side's children count by a scale (its expected
    /// mean), so two distributions with the same shape but different means compare as equal.
    /// </summary>
    public static double RelativeFanOutKs(IReadOnlyList<FanOutBin> a, double scaleA, IReadOnlyList<FanOutBin> b, double scaleB)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        double na = a.Sum(x => x.Parents), nb = b.Sum(x => x.Parents);
        if (na == 0 || nb == 0)
            return na == nb ? 0 : 1;
        var pa = a.Select(x => (X: scaleA > 0 ? x.Children / scaleA : x.Children, W: x.Parents / na)).ToList();
        var pb = b.Select(x => (X: scaleB > 0 ? x.Children / scaleB : x.Children, W: x.Parents / nb)).ToList();
        var max = 0.0;
        foreach (var x in pa.Select(p => p.X).Concat(pb.Select(p => p.X)).Distinct())
        {
            var ca = pa.Where(p => p.X <= x).Sum(p => p.W);
            var cb = pb.Where(p => p.X <= x).Sum(p => p.W);
            max = Math.Max(max, Math.Abs(ca - cb));
        }

        return max;
    }
}

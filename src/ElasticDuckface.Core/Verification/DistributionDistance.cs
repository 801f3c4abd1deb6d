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

    /// <summary>
    /// The KS distance between two mixtures of quantile-described parts, each with a weight; a single quantile is a
    /// point mass. This compares a numeric column with one the profiler described as categorical (frequent values as
    /// point masses, the rest as quantiles), e.g. a column whose values collapsed to one.
    /// </summary>
    public static double MixtureKs(IReadOnlyList<(double Weight, IReadOnlyList<double> Quantiles)> a,
        IReadOnlyList<(double Weight, IReadOnlyList<double> Quantiles)> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var pa = a.Where(x => x.Weight > 0 && x.Quantiles.Count > 0).ToList();
        var pb = b.Where(x => x.Weight > 0 && x.Quantiles.Count > 0).ToList();
        if (pa.Count == 0 || pb.Count == 0)
            return pa.Count == pb.Count ? 0 : 1;
        double wa = pa.Sum(x => x.Weight), wb = pb.Sum(x => x.Weight);
        var max = 0.0;
        foreach (var x in pa.Concat(pb).SelectMany(p => p.Quantiles).Distinct())
        {
            var fa = pa.Sum(p => p.Weight * Cdf(p.Quantiles, x)) / wa;
            var fb = pb.Sum(p => p.Weight * Cdf(p.Quantiles, x)) / wb;
            var la = pa.Sum(p => p.Weight * CdfLeft(p.Quantiles, x)) / wa;
            var lb = pb.Sum(p => p.Weight * CdfLeft(p.Quantiles, x)) / wb;
            max = Math.Max(max, Math.Max(Math.Abs(fa - fb), Math.Abs(la - lb)));
        }

        return max;
    }

    /// <summary>P(X ≤ x) for the quantile array q.</summary>
    public static double Cdf(IReadOnlyList<double> q, double x)
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
    /// Total variation between a profile's categorical distribution <paramref name="a"/> and a target's <paramref name="b"/>,
    /// over the profile's kept values plus its "other" bucket (the values each held by fewer than k rows, so not kept).
    /// A target value the profile did not keep counts to the target's "other": it may be one of the profile's rare
    /// values, but only up to the profile's "other" share; beyond it, it is mass the profile does not have. A profile
    /// value the target did not keep may hide in the target's own "other" share (it fell below k there), so that share
    /// is dealt to the profile's buckets where it closes the most difference: the result is the least distance the two
    /// descriptions allow, and a target that shares no value with a profile whose kept values cover everything is 1 apart.
    /// </summary>
    public static double CategoricalTotalVariation(CategoricalDistribution a, CategoricalDistribution b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var fb = b.Values.ToDictionary(v => v.Value, v => v.Frequency, StringComparer.Ordinal);
        var keptA = a.Values.Select(v => v.Value).ToHashSet(StringComparer.Ordinal);
        // both sides hold all their non-null rows: what the kept values leave is the "other" share (rounding aside)
        var otherA = Math.Max(0, 1 - a.Values.Sum(v => v.Frequency));
        var otherB = Math.Max(0, 1 - b.Values.Sum(v => v.Frequency));
        // the total variation is the mass the profile has where the target has less; first where the target is known
        var known = a.Values.Where(v => fb.ContainsKey(v.Value)).Sum(v => Math.Max(0, v.Frequency - fb[v.Value]));
        var outside = b.Values.Where(v => !keptA.Contains(v.Value)).Sum(v => v.Frequency);
        var hidden = a.Values.Where(v => !fb.ContainsKey(v.Value)).Sum(v => v.Frequency) + Math.Max(0, otherA - outside);
        return Math.Clamp(known + Math.Max(0, hidden - otherB), 0, 1);
    }

    /// <summary>Datetime quantiles (<c>yyyy-MM-ddTHH:mm:ss</c>) as seconds since 0001-01-01, for <see cref="QuantileKs"/>.</summary>
    public static double[] DateTimeSeconds(IReadOnlyList<string> quantiles)
    {
        ArgumentNullException.ThrowIfNull(quantiles);
        return quantiles
            .Select(q => DateTime.ParseExact(q, ColumnAnalyzer.DateTimeFormat, CultureInfo.InvariantCulture).Ticks
                / (double)TimeSpan.TicksPerSecond)
            .ToArray();
    }

    /// <summary>
    /// KS distance between a target fan-out histogram and a profile histogram stretched by <paramref name="ratio"/>
    /// (the expected target mean over the profile mean), the way the generator stretches it: a profile fan-out k becomes
    /// about k·ratio, rounded to a whole number. So the target's P(K ≤ x) is compared with the profile's
    /// P(K·ratio ≤ x + ½) at every whole x where either CDF steps. With ratio 1 this is the plain KS distance.
    /// </summary>
    public static double StretchedFanOutKs(IReadOnlyList<FanOutBin> profile, double ratio, IReadOnlyList<FanOutBin> target)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(target);
        return FanOutDistance.KolmogorovSmirnov(FanOutReference.Stretch(profile, ratio), target);
    }
}

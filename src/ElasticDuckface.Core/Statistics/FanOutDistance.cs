using ElasticDuckface.Profiles;

namespace ElasticDuckface.Statistics;

/// <summary>Distances between two fan-out histograms, each normalised to a distribution over parents.</summary>
public static class FanOutDistance
{
    /// <summary>The Kolmogorov–Smirnov distance: the largest gap between the two CDFs of children per parent.</summary>
    public static double KolmogorovSmirnov(IReadOnlyList<FanOutBin> a, IReadOnlyList<FanOutBin> b)
    {
        if (Normalise(a, b) is not var (pa, pb))
            return EmptyDistance(a, b);
        double ca = 0, cb = 0, max = 0;
        foreach (var k in pa.Keys.Union(pb.Keys).Order())
        {
            ca += pa.GetValueOrDefault(k);
            cb += pb.GetValueOrDefault(k);
            max = Math.Max(max, Math.Abs(ca - cb));
        }

        return max;
    }

    /// <summary>The total variation distance: half the L1 distance between the two probability mass functions.</summary>
    public static double TotalVariation(IReadOnlyList<FanOutBin> a, IReadOnlyList<FanOutBin> b)
    {
        if (Normalise(a, b) is not var (pa, pb))
            return EmptyDistance(a, b);
        return pa.Keys.Union(pb.Keys).Sum(k => Math.Abs(pa.GetValueOrDefault(k) - pb.GetValueOrDefault(k))) / 2;
    }

    /// <summary>Both histograms as probability mass functions over k, or null when either has no parent.</summary>
    private static (Dictionary<long, double> A, Dictionary<long, double> B)? Normalise(IReadOnlyList<FanOutBin> a,
        IReadOnlyList<FanOutBin> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        double na = a.Sum(x => x.Parents), nb = b.Sum(x => x.Parents);
        if (na == 0 || nb == 0)
            return null;
        return (Mass(a, na), Mass(b, nb));

        static Dictionary<long, double> Mass(IReadOnlyList<FanOutBin> h, double n) =>
            h.GroupBy(x => x.Children).ToDictionary(g => g.Key, g => g.Sum(x => x.Parents) / n);
    }

    private static double EmptyDistance(IReadOnlyList<FanOutBin> a, IReadOnlyList<FanOutBin> b) =>
        a.Sum(x => x.Parents) == b.Sum(x => x.Parents) ? 0 : 1;
}

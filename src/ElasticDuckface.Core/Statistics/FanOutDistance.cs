using ElasticDuckface.Profiles;

namespace ElasticDuckface.Statistics;

/// <summary>Distances between two fan-out histograms, each normalised to a distribution over parents.</summary>
public static class FanOutDistance
{
    /// <summary>The Kolmogorov–Smirnov distance: the largest gap between the two CDFs of children per parent.</summary>
    public static double KolmogorovSmirnov(IReadOnlyList<FanOutBin> a, IReadOnlyList<FanOutBin> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        double na = a.Sum(x => x.Parents), nb = b.Sum(x => x.Parents);
        if (na == 0 || nb == 0)
            return na == nb ? 0 : 1;
        var ks = a.Select(x => x.Children).Concat(b.Select(x => x.Children)).Distinct().Order().ToList();
        var da = a.GroupBy(x => x.Children).ToDictionary(g => g.Key, g => g.Sum(x => x.Parents));
        var db = b.GroupBy(x => x.Children).ToDictionary(g => g.Key, g => g.Sum(x => x.Parents));
        double ca = 0, cb = 0, max = 0;
        foreach (var k in ks)
        {
            ca += da.GetValueOrDefault(k) / na;
            cb += db.GetValueOrDefault(k) / nb;
            max = Math.Max(max, Math.Abs(ca - cb));
        }

        return max;
    }

    /// <summary>The total variation distance: half the L1 distance between the two probability mass functions.</summary>
    public static double TotalVariation(IReadOnlyList<FanOutBin> a, IReadOnlyList<FanOutBin> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        double na = a.Sum(x => x.Parents), nb = b.Sum(x => x.Parents);
        if (na == 0 || nb == 0)
            return na == nb ? 0 : 1;
        var da = a.GroupBy(x => x.Children).ToDictionary(g => g.Key, g => g.Sum(x => x.Parents) / na);
        var db = b.GroupBy(x => x.Children).ToDictionary(g => g.Key, g => g.Sum(x => x.Parents) / nb);
        return da.Keys.Union(db.Keys).Sum(k => Math.Abs(da.GetValueOrDefault(k) - db.GetValueOrDefault(k))) / 2;
    }
}

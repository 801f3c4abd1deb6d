using ElasticDuckface.Profiles;

namespace ElasticDuckface.Statistics;

/// <summary>Builds fan-out statistics from the non-zero bins an aggregate query returns.</summary>
public static class FanOutHistogram
{
    /// <summary>
    /// Completes the histogram with the zero bin (parents with no child) and computes mean, p99 and max.
    /// </summary>
    /// <param name="parentRows">Rows in the parent table.</param>
    /// <param name="childRowsTotal">Rows in the child table (NULL references included).</param>
    /// <param name="nonZeroBins">(k, parents with exactly k children) for k ≥ 1.</param>
    public static FanOutStatistics Build(long parentRows, long childRowsTotal, IEnumerable<(long Children, long Parents)> nonZeroBins)
    {
        ArgumentNullException.ThrowIfNull(nonZeroBins);
        var bins = nonZeroBins.Where(b => b.Children > 0 && b.Parents > 0).OrderBy(b => b.Children).ToList();
        var referenced = bins.Sum(b => b.Parents);
        var children = bins.Sum(b => b.Children * b.Parents);
        // orphans (children of parents that do not exist) would make this negative; the zero bin cannot be
        var zeros = Math.Max(0, parentRows - referenced);
        var histogram = new List<FanOutBin>();
        if (zeros > 0)
            histogram.Add(new FanOutBin(0, zeros));
        histogram.AddRange(bins.Select(b => new FanOutBin(b.Children, b.Parents)));
        var parents = zeros + referenced;
        return new FanOutStatistics
        {
            ParentRows = parentRows,
            ChildRows = children,
            NullFraction = childRowsTotal == 0 ? 0 : Quantiles.Tidy((double)(childRowsTotal - children) / childRowsTotal),
            ZeroFraction = parents == 0 ? 0 : Quantiles.Tidy((double)zeros / parents),
            Mean = parents == 0 ? 0 : Quantiles.Tidy((double)children / parents),
            P99 = Percentile(histogram, parents, 0.99),
            Max = histogram.Count == 0 ? 0 : histogram[^1].Children,
            Histogram = histogram,
        };
    }

    /// <summary>
    /// One side of a parent's row state (<see cref="ParentStateFanOuts"/>): the fan-out over the
    /// <paramref name="parentRows"/> parents on that side, from the non-zero bins of their children counts.
    /// </summary>
    /// <param name="parentRows">Parent rows on the side.</param>
    /// <param name="nonZeroBins">For each children count k ≥ 1, how many parents of the side have exactly k children.</param>
    public static StateFanOut BuildSide(long parentRows, IEnumerable<(long Children, long Parents)> nonZeroBins)
    {
        var all = Build(parentRows, 0, nonZeroBins);
        return new StateFanOut
        {
            ParentRows = all.ParentRows,
            ChildRows = all.ChildRows,
            Mean = all.Mean,
            Max = all.Max,
            Histogram = all.Histogram,
        };
    }

    /// <summary>The smallest k such that at least a fraction <paramref name="p"/> of the parents have at most k children.</summary>
    public static long Percentile(IReadOnlyList<FanOutBin> histogram, long parents, double p)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (parents == 0)
            return 0;
        var need = (long)Math.Ceiling(p * parents);
        long seen = 0;
        foreach (var bin in histogram)
        {
            seen += bin.Parents;
            if (seen >= need)
                return bin.Children;
        }

        return histogram.Count == 0 ? 0 : histogram[^1].Children;
    }
}

using ElasticDuckface.Profiles;

namespace ElasticDuckface.Statistics;

/// <summary>
/// The fan-out distribution a table with a given number of parents and children should follow: the profiled histogram,
/// stretched to the target's mean when the children per parent moved. The generator allocates against it and verify
/// measures against it, so both use this one definition.
/// </summary>
internal static class FanOutReference
{
    /// <summary>
    /// The profiled histogram (merged, sorted by fan-out, empty bins dropped) with every fan-out k moved to
    /// round(k·r), half up, where r = (C′/P′)/(C/P) is the ratio of the target's mean to the profile's (exact rational
    /// arithmetic). r = 1 (×1, integer scales) gives the histogram itself; rounding the child count alone never moves a
    /// fan-out (k·|r − 1| &lt; ½ for k ≤ C).
    /// </summary>
    public static FanOutBin[] For(IReadOnlyList<FanOutBin> histogram, long targetParents, long targetChildren)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        long parents = 0;
        Int128 children = 0;
        foreach (var b in histogram)
        {
            if (b.Parents > 0 && b.Children >= 0)
            {
                parents += b.Parents;
                children += (Int128)b.Children * b.Parents;
            }
        }

        if (parents == 0 || children == 0 || targetParents <= 0 || targetChildren < 0 || (Int128)targetChildren * parents == children * targetParents)
            return Merge(histogram, k => k);
        // round(k·C′·P / (P′·C)) half up = floor((2·k·C′·P + P′·C) / (2·P′·C))
        var num = (Int128)targetChildren * parents;
        var den = children * targetParents;
        return Merge(histogram, k => (long)((2 * k * num + den) / (2 * den)));
    }

    /// <summary>The histogram with every fan-out k moved to round(k·<paramref name="ratio"/>), half up.</summary>
    public static FanOutBin[] Stretch(IReadOnlyList<FanOutBin> histogram, double ratio)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (!(ratio > 0) || double.IsInfinity(ratio))
            ratio = 1;
        return Merge(histogram, k => (long)Math.Floor(k * ratio + 0.5));
    }

    private static FanOutBin[] Merge(IReadOnlyList<FanOutBin> histogram, Func<long, long> move) =>
        [.. histogram.Where(b => b.Parents > 0 && b.Children >= 0)
            .GroupBy(b => move(b.Children))
            .Select(g => new FanOutBin(g.Key, g.Sum(b => b.Parents)))
            .OrderBy(b => b.Children)];
}

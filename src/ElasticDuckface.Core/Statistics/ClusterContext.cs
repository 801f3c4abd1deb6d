using ElasticDuckface.Profiles;

namespace ElasticDuckface.Statistics;

/// <summary>
/// A fan-out's profiled cluster paths and, per ancestor table, its growth over the parent's, as generate and verify see
/// them: <see cref="FanOutReference.For"/> picks the path that was thinned (<see cref="ClusteredThinning.Choose"/>).
/// </summary>
/// <param name="Paths">The profiled paths (<see cref="FanOutStatistics.Clusters"/>).</param>
/// <param name="AncestorRatio">Per ancestor table, (target rows / profiled rows) over the parent's, or null when unknown.</param>
internal sealed record ClusterContext(IReadOnlyList<FanOutClusters> Paths, Func<string, double?> AncestorRatio)
{
    /// <summary>The context of <paramref name="stats"/>, or null when it has no cluster paths.</summary>
    /// <param name="stats">The profiled fan-out.</param>
    /// <param name="parentGrowth">The parent table's growth (target rows / profiled rows).</param>
    /// <param name="growthOf">A table's growth by name, or null when unknown.</param>
    public static ClusterContext? Of(FanOutStatistics? stats, double parentGrowth, Func<string, double?> growthOf) =>
        stats?.Clusters is { Count: > 0 } paths && parentGrowth > 0
            ? new ClusterContext(paths, a => growthOf(a) is { } g ? g / parentGrowth : null)
            : null;

    /// <summary>Whether growing <paramref name="histogram"/> to these target counts thins clusters: the ratio r of the
    /// target's mean to the profile's is above 1 and a path was thinned at r.</summary>
    public bool Applies(IReadOnlyList<FanOutBin> histogram, long targetParents, long targetChildren)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        double parents = histogram.Sum(b => (double)b.Parents), children = histogram.Sum(b => (double)b.Children * b.Parents);
        return parents > 0 && children > 0 && targetParents > 0 && Choose(targetChildren / (double)targetParents / (children / parents))
            is { } path && path.Sizes.Any(s => s.Children > 1 && s.Parents > 0);
    }

    /// <summary>The path thinned at child-over-parent ratio <paramref name="ratio"/>, or null.</summary>
    public FanOutClusters? Choose(double ratio) => ClusteredThinning.Choose(Paths, ratio, AncestorRatio);
}

using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Privacy;

/// <summary>
/// The k rule for fan-out histograms (issue 9): no bin may say how many children fewer than k parents have ("one customer
/// has 67 invoices"). Adjacent bins (by children count) are merged into runs of at least k parents, a short last run
/// joining the one before, and each run is written as one bin at its mean children count, rounded, with the rounding left
/// over carried into the next run; runs that round to the same count are joined. What is left after the last run (fewer
/// children than half its parents) moves that many parents of the largest bin one child up or down, so the bins hold
/// exactly the true number of children (that bin may hold fewer than k parents: it follows from the child total, which
/// the profile holds anyway, not from any parent). The statistics that follow from the histogram (child rows, mean, zero
/// share, p99, max) are computed from the written bins, so the profile agrees with itself. A histogram of fewer than k parents
/// becomes one bin.
/// The per-state fan-outs (<see cref="ParentStateFanOuts"/>) follow the same rule. k = 1 changes nothing.
/// </summary>
public static class FanOutCoarsening
{
    /// <summary><paramref name="table"/> with every fan-out histogram (and per-state histogram) coarsened to k parents per bin.</summary>
    public static TableProfile Coarsen(TableProfile table, int k)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (k <= 1 || table.ForeignKeys.All(f => f.Stats is null))
            return table;
        return table with
        {
            ForeignKeys = [.. table.ForeignKeys.Select(f => f.Stats is not { } s ? f : f with { Stats = Coarsen(s, k) })],
        };
    }

    /// <summary>The fan-out statistics with no bin of fewer than k parents (and no cluster bin of fewer than k parents or
    /// clusters, <see cref="FanOutClusters"/>).</summary>
    public static FanOutStatistics Coarsen(FanOutStatistics stats, int k)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var coarsened = CoarsenHistograms(stats, k);
        return coarsened.Clusters is not { } clusters || k <= 1
            ? coarsened
            : coarsened with { Clusters = [.. clusters.Select(c => Coarsen(c, k))] };
    }

    /// <summary>A cluster path with no bin of fewer than k parents (clusters per parent) or k clusters (cluster sizes): the
    /// same merge as a fan-out's, which keeps both totals, so the clusters still sum to the children.</summary>
    public static FanOutClusters Coarsen(FanOutClusters clusters, int k)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        return !NeedsMerging(clusters.PerParent, k) && !NeedsMerging(clusters.Sizes, k)
            ? clusters
            : clusters with { PerParent = Merge(clusters.PerParent, k), Sizes = Merge(clusters.Sizes, k) };
    }

    private static FanOutStatistics CoarsenHistograms(FanOutStatistics stats, int k)
    {
        var byState = stats.ByParentState is { } b && (Coarsen(b.Set, k), Coarsen(b.Unset, k)) is var (set, unset)
            && !(ReferenceEquals(set, b.Set) && ReferenceEquals(unset, b.Unset))
                ? b with { Set = set, Unset = unset }
                : stats.ByParentState;
        if (!NeedsMerging(stats.Histogram, k) && ReferenceEquals(byState, stats.ByParentState))
            return stats;
        if (!NeedsMerging(stats.Histogram, k))
            return stats with { ByParentState = byState };
        var histogram = Merge(stats.Histogram, k);
        var parents = histogram.Sum(x => x.Parents);
        var children = histogram.Sum(x => x.Children * x.Parents);
        var zeros = histogram.Where(x => x.Children == 0).Sum(x => x.Parents);
        return stats with
        {
            ChildRows = children,
            ZeroFraction = parents == 0 ? 0 : Quantiles.Tidy((double)zeros / parents),
            Mean = parents == 0 ? 0 : Quantiles.Tidy((double)children / parents),
            P99 = FanOutHistogram.Percentile(histogram, parents, 0.99),
            Max = histogram.Count == 0 ? 0 : histogram[^1].Children,
            Histogram = histogram,
            ByParentState = byState,
        };
    }

    /// <summary>One side of a parent's row state with no bin of fewer than k parents.</summary>
    public static StateFanOut Coarsen(StateFanOut side, int k)
    {
        ArgumentNullException.ThrowIfNull(side);
        if (!NeedsMerging(side.Histogram, k))
            return side;
        var histogram = Merge(side.Histogram, k);
        var parents = histogram.Sum(x => x.Parents);
        var children = histogram.Sum(x => x.Children * x.Parents);
        return side with
        {
            ChildRows = children,
            Mean = parents == 0 ? 0 : Quantiles.Tidy((double)children / parents),
            Max = histogram.Count == 0 ? 0 : histogram[^1].Children,
            Histogram = histogram,
        };
    }

    private static bool NeedsMerging(IReadOnlyList<FanOutBin> histogram, int k) =>
        k > 1 && histogram.Any(b => b.Parents is > 0 && b.Parents < k && b.Share is null);

    /// <summary>
    /// Gives back the rounding left over (<paramref name="left"/> children, |left| below half the last run's parents) by moving
    /// that many parents of the largest bin one child up (or down), so the bins hold exactly the true number of children; a
    /// child count that differs from the real one makes generation read the histogram as grown (<see cref="FanOutReference"/>).
    /// The moved parents' bin follows from the total alone, not from any parent.
    /// </summary>
    private static List<FanOutBin> Settle(List<FanOutBin> bins, long left)
    {
        var byChildren = bins.ToDictionary(b => b.Children, b => b.Parents);
        while (left != 0)
        {
            var step = Math.Sign(left);
            var (children, parents) = byChildren.Where(b => b.Value > 0 && b.Key + step >= 0)
                .OrderByDescending(b => b.Value).ThenBy(b => b.Key).Select(b => (b.Key, b.Value)).FirstOrDefault();
            if (parents == 0)
                break;
            var moved = Math.Min(Math.Abs(left), parents);
            byChildren[children] = parents - moved;
            byChildren[children + step] = byChildren.GetValueOrDefault(children + step) + moved;
            left -= step * moved;
        }

        return [.. byChildren.Where(b => b.Value > 0).OrderBy(b => b.Key).Select(b => new FanOutBin(b.Key, b.Value))];
    }

    private static long Rounded(long children, long parents) =>
        Math.Max(0, (long)Math.Round((double)children / parents, MidpointRounding.AwayFromZero));

    /// <summary>The merged bins, sorted by children, each of at least k parents (unless all parents are fewer than k).</summary>
    public static List<FanOutBin> Merge(IReadOnlyList<FanOutBin> histogram, int k)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var runs = new List<(long Parents, long Children)>();
        (long Parents, long Children) open = (0, 0);
        foreach (var bin in histogram.Where(b => b.Parents > 0).OrderBy(b => b.Children))
        {
            open = (open.Parents + bin.Parents, open.Children + (bin.Children * bin.Parents));
            if (open.Parents >= k)
            {
                runs.Add(open);
                open = (0, 0);
            }
        }

        if (open.Parents > 0)
        {
            if (runs.Count == 0)
                runs.Add(open);
            else
                runs[^1] = (runs[^1].Parents + open.Parents, runs[^1].Children + open.Children);
        }

        var merged = new List<FanOutBin>();
        long carry = 0;
        foreach (var (runParents, runChildren) in runs)
        {
            var (parents, exact) = (runParents, runChildren + carry);
            var each = Rounded(exact, parents);
            // never at or below the previous bin: the bins stay sorted and distinct
            while (merged.Count > 0 && each <= merged[^1].Children)
            {
                var last = merged[^1];
                merged.RemoveAt(merged.Count - 1);
                (parents, exact) = (parents + last.Parents, exact + (last.Children * last.Parents));
                each = Rounded(exact, parents);
            }

            carry = exact - (each * parents);
            merged.Add(new FanOutBin(each, parents));
        }

        return Settle(merged, carry);
    }
}

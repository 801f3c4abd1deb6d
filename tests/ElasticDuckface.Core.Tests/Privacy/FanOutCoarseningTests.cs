using ElasticDuckface.Privacy;
using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ElasticDuckface.Core.Tests.Privacy;

/// <summary>Issue 9: no fan-out bin says how many children fewer than k parents have, and the totals stay exact.</summary>
public sealed class FanOutCoarseningTests
{
    private static List<(long Children, long Parents)> Bins(int seed)
    {
        var rnd = new Random(seed);
        var bins = new List<(long, long)>();
        var children = 0L;
        for (var i = rnd.Next(1, 25); i > 0; i--)
        {
            children += rnd.Next(1, 6);
            // mostly small bins, some large: a long tail of single parents is the case that leaks
            bins.Add((children, rnd.Next(3) == 0 ? rnd.Next(10, 200) : rnd.Next(1, 9)));
        }

        return bins;
    }

    [Property(MaxTest = 300)]
    public Property Merged_bins_keep_the_parents_and_the_children_exactly_and_hold_k_parents(PositiveInt seed, PositiveInt kArb)
    {
        var k = 1 + (kArb.Get % 20);
        var bins = Bins(seed.Get);
        var parentRows = bins.Sum(b => b.Parents) + (seed.Get % 3 == 0 ? 0 : seed.Get % 40);
        var original = FanOutHistogram.Build(parentRows, bins.Sum(b => b.Children * b.Parents), bins);
        var coarse = FanOutCoarsening.Coarsen(original, k);
        var h = coarse.Histogram;
        var small = h.Where(b => b.Parents < k).ToList();
        var ok = h.Sum(b => b.Parents) == original.Histogram.Sum(b => b.Parents)
            && h.Sum(b => b.Children * b.Parents) == original.ChildRows
            && coarse.ChildRows == original.ChildRows
            && h.Zip(h.Skip(1)).All(p => p.First.Children < p.Second.Children)
            // only the bins that settle the rounding (one child apart, beside the largest bin) may hold fewer than k
            && (h.Sum(b => b.Parents) < k || small.Count <= 2)
            && (small.Count < 2 || Math.Abs(small[0].Children - small[1].Children) == 1)
            && coarse.Max == h[^1].Children
            && (k > 1 || coarse == original);
        return ok.Label($"k {k}: {string.Join(" ", original.Histogram.Select(b => $"{b.Children}x{b.Parents}"))} -> "
            + string.Join(" ", h.Select(b => $"{b.Children}x{b.Parents}")));
    }

    [Fact]
    public void A_long_tail_of_single_parents_is_merged_and_the_total_kept()
    {
        // "one customer has 67 invoices": 30 customers with 2, then 1 each with 9, 20, 67
        var stats = FanOutHistogram.Build(33, 156, [(2, 30), (9, 1), (20, 1), (67, 1)]);
        var coarse = FanOutCoarsening.Coarsen(stats, 10);
        Assert.DoesNotContain(coarse.Histogram, b => b.Children == 67);
        Assert.Equal(156, coarse.Histogram.Sum(b => b.Children * b.Parents));
        Assert.Equal(33, coarse.Histogram.Sum(b => b.Parents));
        Assert.True(coarse.Max < 67);
    }

    [Fact]
    public void A_histogram_whose_bins_all_hold_k_parents_is_unchanged()
    {
        var stats = FanOutHistogram.Build(40, 50, [(1, 30), (2, 10)]);
        Assert.Same(stats, FanOutCoarsening.Coarsen(stats, 10));
    }

    [Fact]
    public void Per_state_fan_outs_are_coarsened_too()
    {
        var stats = FanOutHistogram.Build(30, 60, [(2, 29), (2, 0), (2, 0)]) with
        {
            ByParentState = new ParentStateFanOuts
            {
                Column = "deleted_at",
                Set = FanOutHistogram.BuildSide(1, [(1, 1)]),
                Unset = FanOutHistogram.BuildSide(29, [(2, 29)]),
            },
        };
        var coarse = FanOutCoarsening.Coarsen(stats, 10);
        Assert.Equal([new FanOutBin(1, 1)], coarse.ByParentState!.Set.Histogram); // one parent only: one bin, total kept
        Assert.Equal(stats.ByParentState.Unset, coarse.ByParentState.Unset);
    }
}

using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ElasticDuckface.Core.Tests.Generation;

/// <summary>A profiled fan-out per side of the parent's state, and a whole scale factor to generate it at.</summary>
public sealed record StateFanOutCase(FanOutBin[] Set, FanOutBin[] Unset, int Factor, int Seed)
{
    public ParentStateFanOuts States => new() { Column = "deleted_at", Set = Side(Set), Unset = Side(Unset) };

    public FanOutBin[] Overall =>
        [.. Set.Concat(Unset).GroupBy(b => b.Children).Select(g => new FanOutBin(g.Key, g.Sum(b => b.Parents))).OrderBy(b => b.Children)];

    public static long Children(FanOutBin[] side) => side.Sum(b => b.Children * b.Parents);

    /// <summary>Factor × the profiled parents of each side, in a seeded order.</summary>
    public bool[] ParentSet()
    {
        var set = Enumerable.Repeat(true, (int)(Set.Sum(b => b.Parents) * Factor))
            .Concat(Enumerable.Repeat(false, (int)(Unset.Sum(b => b.Parents) * Factor))).ToArray();
        new Random(Seed).Shuffle(set);
        return set;
    }

    private static StateFanOut Side(FanOutBin[] bins)
    {
        var parents = bins.Sum(b => b.Parents);
        var children = bins.Sum(b => b.Children * b.Parents);
        return new StateFanOut
        {
            ParentRows = parents,
            ChildRows = children,
            Mean = parents == 0 ? 0 : (double)children / parents,
            Max = bins.Length == 0 ? 0 : bins.Max(b => b.Children),
            Histogram = bins,
        };
    }
}

public static class StateFanOutArbitraries
{
    private static Gen<FanOutBin[]> Histogram(int maxChildren) =>
        from bins in Gen.Choose(0, 5)
        from ks in Gen.Choose(0, maxChildren).ArrayOf(bins)
        from counts in Gen.Choose(1, 25).ArrayOf(bins)
        select ks.Zip(counts).GroupBy(p => p.First).Select(g => new FanOutBin(g.Key, g.Sum(p => p.Second)))
            .OrderBy(b => b.Children).ToArray();

    public static Arbitrary<StateFanOutCase> Cases() =>
        (from set in Histogram(40)
         from unset in Histogram(6)
         from factor in Gen.Choose(1, 4)
         from seed in Gen.Choose(0, 1_000_000)
         select new StateFanOutCase(set, unset, factor, seed)).ToArbitrary();
}

[Properties(Arbitrary = [typeof(StateFanOutArbitraries)], MaxTest = 300)]
public class StateFanOutAllocatorTests
{
    private static List<FanOutBin> HistogramOf(IEnumerable<int> fanOuts) =>
        [.. fanOuts.GroupBy(f => (long)f).Select(g => new FanOutBin(g.Key, g.LongCount())).OrderBy(b => b.Children)];

    private static List<FanOutBin> Scaled(FanOutBin[] side, int factor) =>
        [.. side.Where(b => b.Parents > 0).Select(b => new FanOutBin(b.Children, b.Parents * factor))];

    [Property]
    public Property Each_parent_gets_one_fan_out_and_they_sum_exactly_to_the_children(StateFanOutCase c, NonNegativeInt extra)
    {
        var parentSet = c.ParentSet();
        var profiled = StateFanOutCase.Children(c.Set) + StateFanOutCase.Children(c.Unset);
        var children = Math.Min((profiled * c.Factor) + (extra.Get % 50), parentSet.Length * 40L);
        var result = StateFanOutAllocator.Allocate(c.States, c.Overall, parentSet, parentSet.Length == 0 ? 0 : children, (ulong)c.Seed);
        return (result.Length == parentSet.Length && result.Sum(x => (long)x) == (parentSet.Length == 0 ? 0 : children)
                && result.All(x => x >= 0))
            .Label($"length {result.Length} of {parentSet.Length}, sum {result.Sum(x => (long)x)} of {children}");
    }

    [Property]
    public Property At_a_whole_factor_live_parents_get_the_live_fan_outs_and_deleted_parents_the_deleted_ones(StateFanOutCase c)
    {
        // parents and children both × factor, under either growth model: each side's histogram comes back exactly, × factor
        var parentSet = c.ParentSet();
        var children = (StateFanOutCase.Children(c.Set) + StateFanOutCase.Children(c.Unset)) * c.Factor;
        var holds = true;
        foreach (var growth in new[] { FanOutGrowth.Sample, FanOutGrowth.Stretch })
        {
            var result = StateFanOutAllocator.Allocate(c.States, c.Overall, parentSet, children, (ulong)c.Seed, growth: growth);
            var set = HistogramOf(result.Where((_, p) => parentSet[p]));
            var unset = HistogramOf(result.Where((_, p) => !parentSet[p]));
            holds &= set.SequenceEqual(Scaled(c.Set, c.Factor)) && unset.SequenceEqual(Scaled(c.Unset, c.Factor));
        }

        return holds.Label($"set {string.Join(" ", c.Set.Select(b => $"{b.Children}:{b.Parents}"))}, "
            + $"unset {string.Join(" ", c.Unset.Select(b => $"{b.Children}:{b.Parents}"))}");
    }

    [Property]
    public Property The_split_sums_to_the_children_and_respects_each_sides_capacity(
        NonNegativeInt children, NonNegativeInt setParents, NonNegativeInt unsetParents, PositiveInt cap)
    {
        var (s, u) = (setParents.Get % 200, unsetParents.Get % 200);
        var capacity = (long)(s + u) * cap.Get;
        var c = Math.Min(children.Get, capacity);
        var states = new StateFanOutCase([new(3, 10)], [new(1, 30)], 1, 0).States;
        var (set, unset) = StateFanOutAllocator.Split(states, [new(1, 30), new(3, 10)], c, s, u, cap.Get);
        return (set + unset == c && set >= 0 && unset >= 0 && set <= (long)s * cap.Get && unset <= (long)u * cap.Get)
            .Label($"split {set} + {unset} of {c}");
    }

    [Fact]
    public void Children_follow_each_sides_mean_when_the_parents_state_share_moves()
    {
        // profiled: 10 deleted parents with 8 children each, 90 live ones with 1; generated: half of 100 parents deleted
        var states = new StateFanOutCase([new(8, 10)], [new(1, 90)], 1, 0).States;
        var (set, unset) = StateFanOutAllocator.Split(states, [new(1, 90), new(8, 10)], 450, 50, 50, int.MaxValue);
        Assert.Equal((400, 50), (set, unset));   // 50 × 8 : 50 × 1
    }

    [Fact]
    public void A_side_no_profiled_parent_was_on_takes_the_overall_fan_out()
    {
        var states = new StateFanOutCase([], [new(0, 5), new(2, 15)], 1, 0).States;
        var parentSet = Enumerable.Range(0, 20).Select(p => p < 4).ToArray();
        var result = StateFanOutAllocator.Allocate(states, [new(0, 5), new(2, 15)], parentSet, 30, 7);
        Assert.Equal(30, result.Sum());
        Assert.All(result, f => Assert.True(f is 0 or 2, $"fan-out {f}"));
    }

    [Property]
    public Property The_growth_model_applies_to_each_side(StateFanOutCase c)
    {
        // children × 3 over the same parents, stretched: every fan-out of each side × 3, live and deleted alike
        var parentSet = Enumerable.Repeat(true, (int)c.Set.Sum(b => b.Parents))
            .Concat(Enumerable.Repeat(false, (int)c.Unset.Sum(b => b.Parents))).ToArray();
        var children = (StateFanOutCase.Children(c.Set) + StateFanOutCase.Children(c.Unset)) * 3;
        var result = StateFanOutAllocator.Allocate(c.States, c.Overall, parentSet, children, (ulong)c.Seed, growth: FanOutGrowth.Stretch);
        var set = HistogramOf(result.Where((_, p) => parentSet[p]));
        var unset = HistogramOf(result.Where((_, p) => !parentSet[p]));
        static List<FanOutBin> Tripled(FanOutBin[] side) => [.. side.Select(b => new FanOutBin(b.Children * 3, b.Parents))];
        return (set.SequenceEqual(Tripled(c.Set)) && unset.SequenceEqual(Tripled(c.Unset)))
            .Label($"set {string.Join(" ", set.Select(b => $"{b.Children}:{b.Parents}"))}");
    }
}

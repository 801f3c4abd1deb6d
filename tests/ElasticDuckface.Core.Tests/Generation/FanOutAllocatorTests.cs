using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ElasticDuckface.Core.Tests.Generation;

public sealed record FanOutCase(FanOutBin[] Histogram, int Parents, int Children, int? Cap);

public static class FanOutArbitraries
{
    public static Arbitrary<FanOutCase> Cases() =>
        (from bins in Gen.Choose(0, 8)
         from counts in Gen.Choose(1, 30).ArrayOf(bins)
         from ks in Gen.Choose(0, 40).ArrayOf(bins)
         from parents in Gen.Choose(0, 300)
         from capped in Gen.Elements(false, false, true)
         from cap in Gen.Choose(1, 5)
         from children in Gen.Choose(0, Math.Max(0, parents * (capped ? cap : 20)))
         select new FanOutCase(
             [.. ks.Zip(counts).GroupBy(p => p.First).Select(g => new FanOutBin(g.Key, g.Sum(p => p.Second))).OrderBy(b => b.Children)],
             parents, parents == 0 ? 0 : children, capped ? cap : null)).ToArbitrary();
}

[Properties(Arbitrary = [typeof(FanOutArbitraries)], MaxTest = 300)]
public class FanOutAllocatorTests
{
    private static readonly FanOutBin[] s_skewed =
    [
        new(0, 17), new(1, 23), new(2, 14), new(3, 9), new(5, 7), new(8, 4), new(13, 3), new(21, 2), new(40, 1),
    ];

    [Property]
    public Property Allocation_has_one_entry_per_parent_and_sums_exactly_to_the_children(FanOutCase c)
    {
        var result = FanOutAllocator.Allocate(c.Histogram, c.Parents, c.Children, 42, c.Cap);
        return (result.Length == c.Parents
                && result.Sum(x => (long)x) == c.Children
                && result.All(x => x >= 0 && x <= (c.Cap ?? int.MaxValue)))
            .Label($"length={result.Length}, sum={result.Sum(x => (long)x)}");
    }

    [Property]
    public bool Same_seed_gives_the_same_allocation(FanOutCase c, int seed) =>
        FanOutAllocator.Allocate(c.Histogram, c.Parents, c.Children, (ulong)seed, c.Cap)
            .SequenceEqual(FanOutAllocator.Allocate(c.Histogram, c.Parents, c.Children, (ulong)seed, c.Cap));

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.5)]
    [InlineData(5.0)]
    [InlineData(1.5)]
    [InlineData(10.0)]
    public void Same_ratio_scaling_reproduces_the_histogram_within_KS_0_02(double factor)
    {
        long parents = s_skewed.Sum(b => b.Parents);
        long children = s_skewed.Sum(b => b.Children * b.Parents);
        var p = (long)Math.Round(parents * factor, MidpointRounding.AwayFromZero);
        var c = (long)Math.Round(children * factor, MidpointRounding.AwayFromZero);
        var result = FanOutAllocator.Allocate(s_skewed, p, c, 7);
        Assert.Equal(c, result.Sum(x => (long)x));
        Assert.InRange(FanOutAllocator.KsDistance(s_skewed, result), 0, 0.02);
    }

    [Fact]
    public void Allocation_at_factor_one_returns_the_profiled_histogram_exactly()
    {
        var result = FanOutAllocator.Allocate(s_skewed, 80, s_skewed.Sum(b => b.Children * b.Parents), 3);
        var histogram = result.GroupBy(x => (long)x).OrderBy(g => g.Key).Select(g => new FanOutBin(g.Key, g.Count()));
        Assert.Equal(s_skewed, histogram);
    }

    [Fact]
    public void Different_ratio_stretches_the_mean_and_lets_the_tail_grow()
    {
        var result = FanOutAllocator.Allocate(s_skewed, 80, 3 * 264, 11);
        Assert.Equal(3 * 264, result.Sum());
        Assert.True(result.Max() > 40, $"max {result.Max()}");
        Assert.InRange(result.Count(x => x == 0), 13, 17);
    }

    [Fact]
    public void One_to_one_cap_is_never_exceeded()
    {
        var result = FanOutAllocator.Allocate([new FanOutBin(0, 3), new FanOutBin(1, 7)], 50, 49, 5, maxPerParent: 1);
        Assert.Equal(49, result.Count(x => x == 1));
        Assert.Equal(1, result.Count(x => x == 0));
    }

    [Fact]
    public void Children_without_parents_are_a_plan_error()
    {
        Assert.Throws<PlanValidationException>(() => FanOutAllocator.Allocate(s_skewed, 0, 5, 1));
        Assert.Empty(FanOutAllocator.Allocate(s_skewed, 0, 0, 1));
        Assert.All(FanOutAllocator.Allocate(s_skewed, 10, 0, 1), x => Assert.Equal(0, x));
    }
}

using ElasticDuckface.Core.Tests.Generation;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit.Abstractions;

namespace ElasticDuckface.Core.Tests.Statistics;

[Properties(Arbitrary = [typeof(FanOutArbitraries)], MaxTest = 300)]
public class FanOutMinimumTests(ITestOutputHelper output)
{
    [Fact]
    public void A_reference_already_at_the_minimum_is_left_as_it_is()
    {
        FanOutBin[] reference = [new(1, 5), new(3, 2)];
        Assert.Same(reference, FanOutMinimum.Apply(reference, 1, 7, 11));
        Assert.Same(reference, FanOutMinimum.Apply(reference, 0, 7, 11));
    }

    [Fact]
    public void Parents_below_the_minimum_are_raised_and_the_excess_thinned_to_the_target_mean()
    {
        // 4 childless parents and 6 with 5 children: mean 3; raising the zeros to 1 gives 3.4, thinning the excess takes it back
        FanOutBin[] reference = [new(0, 4), new(5, 6)];
        var kept = FanOutMinimum.Apply(reference, 1, 10, 30);
        Assert.True(kept[0].Children >= 1);
        Assert.Equal(10, kept.Sum(b => b.Parents));
        Assert.Equal(3.0, kept.Sum(b => (double)b.Children * b.Parents) / 10, 1);
        // the parents raised to the minimum stay there: at least the 4 of them sit at 1
        Assert.True(kept.First(b => b.Children == 1).Parents >= 4);
    }

    [Fact]
    public void A_target_mean_at_the_minimum_puts_every_parent_on_it()
    {
        var kept = FanOutMinimum.Apply([new(0, 3), new(4, 1)], 2, 5, 10);
        Assert.Equal([new FanOutBin(2, 4)], kept);
    }

    [Fact]
    public void The_reference_without_a_minimum_is_unchanged_byte_for_byte()
    {
        FanOutBin[] histogram = [new(0, 40), new(1, 30), new(2, 20), new(7, 10)];
        Assert.Equal(FanOutReference.For(histogram, 1000, 3000), FanOutReference.For(histogram, 1000, 3000, minimum: 0));
        Assert.NotEqual(FanOutReference.For(histogram, 1000, 3000), FanOutReference.For(histogram, 1000, 3000, minimum: 1));
        Assert.True(FanOutReference.For(histogram, 1000, 3000, minimum: 2)[0].Children >= 2);
    }

    [Property]
    public Property Every_parent_gets_the_minimum_the_children_sum_exactly_and_the_floor_is_reached(FanOutCase c, byte raw)
    {
        var minimum = 1 + (raw % 3);
        var cap = c.Cap is { } given ? Math.Max(given, minimum) : (int?)null;
        var children = Math.Max(c.Children, c.Parents * minimum);
        if (cap is { } k)
            children = Math.Min(children, c.Parents * k);
        var result = FanOutAllocator.Allocate(c.Histogram, c.Parents, children, 11, cap, minimum: minimum);
        var sound = result.Length == c.Parents && result.Sum(x => (long)x) == children
            && result.All(x => x >= minimum && x <= (cap ?? int.MaxValue));
        if (!sound || c.Parents == 0 || c.Histogram.All(b => b.Parents == 0 || b.Children == 0))
            return sound.Label($"sound={sound}");
        var reference = FanOutAllocator.Reference(c.Histogram, c.Parents, children, minimum: minimum);
        var floor = FanOutAllocator.FloorAgainst(reference, c.Parents, children, cap ?? int.MaxValue, minimum);
        var ks = FanOutAllocator.KsDistance(reference, result);
        return (Math.Abs(ks - floor) < 1e-9).Label($"ks={ks} floor={floor} m={minimum}");
    }

    [Fact]
    public void Fewer_children_than_parents_times_the_minimum_is_refused_with_the_fix()
    {
        var ex = Assert.Throws<PlanValidationException>(() => FanOutAllocator.Allocate([new(1, 10)], 10, 9, 1, minimum: 1));
        Assert.Contains("at least 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("raise the child's factor", ex.Message, StringComparison.Ordinal);
    }
    // a population whose every parent has at least one child (1 + a geometric-like count), each child kept with
    // probability 0.1: the sample shows most parents childless, which only the declaration rules out
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Growth_with_the_declared_minimum_is_closer_to_a_population_that_meets_it(int minimum)
    {
        var random = new SeededRandom(77UL + (ulong)minimum);
        var truth = new long[3000];
        for (var p = 0; p < truth.Length; p++)
        {
            truth[p] = minimum;
            while (random.NextDouble() < 0.8)
                truth[p]++;
        }

        var sampled = truth.Select(x => Enumerable.Range(0, (int)x).Count(_ => random.NextDouble() < 0.1)).ToArray();
        var histogram = Histogram(sampled.Select(x => (long)x));
        var truthHistogram = Histogram(truth);
        var children = truth.Sum();
        var free = FanOutReference.For(histogram, truth.Length, children);
        var declared = FanOutReference.For(histogram, truth.Length, children, minimum: minimum);
        Assert.True(declared[0].Children >= minimum);
        var ksFree = FanOutDistance.KolmogorovSmirnov(truthHistogram, free);
        var ksDeclared = FanOutDistance.KolmogorovSmirnov(truthHistogram, declared);
        output.WriteLine($"minimum {minimum}: KS against the truth {ksDeclared:0.000} declared, {ksFree:0.000} free");
        Assert.True(ksDeclared < ksFree, $"declared {ksDeclared:0.000}, free {ksFree:0.000}");
        Assert.True(ksDeclared <= 0.15, $"declared {ksDeclared:0.000}");
    }

    private static FanOutBin[] Histogram(IEnumerable<long> fanOuts) =>
        [.. fanOuts.GroupBy(x => x).Select(g => new FanOutBin(g.Key, g.LongCount())).OrderBy(b => b.Children)];
}

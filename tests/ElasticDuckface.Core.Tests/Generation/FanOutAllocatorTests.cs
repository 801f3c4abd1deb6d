using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;
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

public sealed record TinyFanOutCase(FanOutBin[] Histogram, int Parents, int Children, int Cap);

public static class TinyFanOutArbitraries
{
    // m ≤ 6 parents, K ≤ 4 reference values: small enough to enumerate every multiset of fan-outs
    public static Arbitrary<TinyFanOutCase> Cases() =>
        (from bins in Gen.Choose(1, 4)
         from ks in Gen.Choose(0, 9).ArrayOf(bins)
         from counts in Gen.Choose(1, 4).ArrayOf(bins)
         from parents in Gen.Choose(1, 6)
         from cap in Gen.Choose(1, 12)
         from children in Gen.Choose(0, parents * cap)
         select new TinyFanOutCase(
             [.. ks.Zip(counts).GroupBy(p => p.First).Select(g => new FanOutBin(g.Key, g.Sum(p => p.Second))).OrderBy(b => b.Children)],
             parents, children, cap)).ToArbitrary();
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

    // Chinook Track.MediaTypeId → MediaType: 5 media types, 3,503 tracks (docs/fidelity.md, "Generator weakness").
    private static readonly FanOutBin[] s_mediaTypes = [new(7, 1), new(11, 1), new(214, 1), new(237, 1), new(3034, 1)];

    // Chinook Track.GenreId → Genre: 25 genres, one with a single track, most tracks in a few.
    private static readonly FanOutBin[] s_genres =
    [
        new(1, 1), new(12, 1), new(13, 1), new(15, 1), new(17, 1), new(24, 1), new(26, 1), new(28, 2), new(30, 1),
        new(35, 1), new(40, 1), new(43, 1), new(48, 1), new(58, 1), new(61, 1), new(64, 1), new(74, 1), new(81, 1),
        new(93, 1), new(130, 1), new(332, 1), new(374, 1), new(579, 1), new(1297, 1),
    ];

    // Chinook PlaylistTrack.PlaylistId → Playlist (18) and Customer.SupportRepId → Employee (8).
    private static readonly FanOutBin[] s_playlists =
    [
        new(0, 4), new(1, 2), new(15, 1), new(25, 3), new(26, 1), new(39, 1), new(75, 1), new(213, 2), new(1477, 1), new(3290, 2),
    ];

    private static readonly FanOutBin[] s_employees = [new(0, 5), new(18, 1), new(20, 1), new(21, 1)];

    public static TheoryData<string, double> ChinookCases => new()
    {
        { "MediaType", 1.5 }, { "MediaType", 2.5 }, { "Genre", 1.5 }, { "Genre", 2.5 }, { "Playlist", 2.5 }, { "Employee", 2.5 },
    };

    private static FanOutBin[] Chinook(string table) => table switch
    {
        "MediaType" => s_mediaTypes,
        "Genre" => s_genres,
        "Playlist" => s_playlists,
        _ => s_employees,
    };

    [Theory]
    [MemberData(nameof(ChinookCases))]
    public void Fidelity_few_heavy_tailed_parents_at_fractional_scales_reach_the_KS_floor_exactly(string table, double factor)
    {
        var histogram = Chinook(table);
        var (p, c) = Scaled(histogram, factor);
        var result = FanOutAllocator.Allocate(histogram, p, c, 0);

        Assert.Equal(p, result.Length);
        Assert.Equal(c, result.Sum(x => (long)x));
        var floor = FanOutAllocator.Floor(histogram, p, c);
        Assert.Equal(floor, FanOutAllocator.KsDistance(FanOutAllocator.Reference(histogram, p, c), result), 9);
        // the cumulative apportionment with round-robin repair gave 0.15–0.385 at ×2.5, the best-swap one up to 0.215 (as verify measures)
        Assert.InRange(floor, 0, 0.08);
        Assert.Contains((int)histogram.First(b => b.Children > 0).Children, result);
    }

    [Fact]
    public void Fidelity_MediaType_at_2_5_has_floor_three_in_65()
    {
        var (p, c) = Scaled(s_mediaTypes, 2.5);
        Assert.Equal((13, 8758), (p, c));
        // 13 parents against 5 reference atoms: F = 1/5, 2/5, … while G moves in steps of 1/13; the best is 3/65 (0.046)
        Assert.Equal(3.0 / 65, FanOutAllocator.Floor(s_mediaTypes, p, c), 12);
        var result = FanOutAllocator.Allocate(s_mediaTypes, p, c, 0);
        Assert.Contains(7, result);
        Assert.Contains(11, result);
    }

    [Fact]
    public void Integer_scales_have_floor_zero_and_reproduce_the_histogram()
    {
        foreach (var histogram in new[] { s_mediaTypes, s_genres, s_playlists, s_employees, s_skewed })
        {
            foreach (var factor in new[] { 1, 2, 5 })
            {
                var (p, c) = Scaled(histogram, factor);
                Assert.Equal(0, FanOutAllocator.Floor(histogram, p, c));
                var result = FanOutAllocator.Allocate(histogram, p, c, 9);
                Assert.Equal(0, FanOutAllocator.KsDistance(histogram, result));
            }
        }
    }

    [Property(MaxTest = 500)]
    public Property Allocation_reaches_the_floor_sums_exactly_and_respects_the_cap(FanOutCase c)
    {
        if (c.Parents == 0 || c.Children == 0 || c.Histogram.All(b => b.Children == 0)) // no shape: spread evenly
            return true.ToProperty();
        var result = FanOutAllocator.Allocate(c.Histogram, c.Parents, c.Children, 3, c.Cap);
        var floor = FanOutAllocator.Floor(c.Histogram, c.Parents, c.Children, c.Cap);
        var ks = FanOutAllocator.KsDistance(FanOutAllocator.Reference(c.Histogram, c.Parents, c.Children), result);
        return (result.Sum(x => (long)x) == c.Children && result.All(x => x >= 0 && x <= (c.Cap ?? int.MaxValue)) && Math.Abs(ks - floor) < 1e-9)
            .Label($"ks={ks}, floor={floor}, case={string.Join(";", c.Histogram.Select(b => $"{b.Children}x{b.Parents}"))} m={c.Parents} t={c.Children} cap={c.Cap}");
    }

    [Property(Arbitrary = [typeof(TinyFanOutArbitraries)], MaxTest = 300)]
    public Property No_allocation_beats_the_floor_on_tiny_cases(TinyFanOutCase t)
    {
        var reference = FanOutAllocator.Reference(t.Histogram, t.Parents, t.Children);
        var floor = FanOutAllocator.Floor(t.Histogram, t.Parents, t.Children, t.Cap);
        var best = double.MaxValue;
        foreach (var multiset in Multisets(t.Parents, t.Children, t.Cap))
            best = Math.Min(best, FanOutAllocator.KsDistance(reference, multiset));
        return (Math.Abs(best - floor) < 1e-9).Label($"best={best}, floor={floor}");
    }

    // every non-decreasing sequence of `count` values in [0, cap] summing to `sum`
    private static IEnumerable<int[]> Multisets(int count, int sum, int cap)
    {
        var current = new int[count];
        return Walk(0, 0, sum);

        IEnumerable<int[]> Walk(int index, int min, int left)
        {
            if (index == count)
            {
                if (left == 0)
                    yield return (int[])current.Clone();
                yield break;
            }

            for (var v = min; v <= Math.Min(cap, left); v++)
            {
                if ((long)v * (count - index) > left)
                    break;
                if ((long)cap * (count - index) < left)
                    yield break;
                current[index] = v;
                foreach (var m in Walk(index + 1, v, left - v))
                    yield return m;
            }
        }
    }

    [Fact]
    public void Thousands_of_bins_and_millions_of_parents_are_allocated_quickly()
    {
        var histogram = Enumerable.Range(0, 3000).Select(k => new FanOutBin(k * 3L, 1 + (k * 7919L % 97))).ToArray();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = FanOutAllocator.Allocate(histogram, 2_000_003, 3_000_000_017 / 1000, 1);
        Assert.Equal(3_000_000_017 / 1000, result.Sum(x => (long)x));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"{watch.Elapsed}");
    }

    [Fact]
    public void Allocation_at_factor_one_returns_the_profiled_histogram_exactly()
    {
        var result = FanOutAllocator.Allocate(s_skewed, 80, s_skewed.Sum(b => b.Children * b.Parents), 3);
        var histogram = result.GroupBy(x => (long)x).OrderBy(g => g.Key).Select(g => new FanOutBin(g.Key, g.Count()));
        Assert.Equal(s_skewed, histogram);
    }

    private static (long Parents, long Children) Scaled(FanOutBin[] histogram, double factor) =>
        ((long)Math.Round(histogram.Sum(b => b.Parents) * factor, MidpointRounding.AwayFromZero),
         (long)Math.Round(histogram.Sum(b => b.Children * b.Parents) * factor, MidpointRounding.AwayFromZero));

    [Fact]
    public void Different_ratio_stretched_keeps_the_zeros_and_lets_the_tail_grow()
    {
        var result = FanOutAllocator.Allocate(s_skewed, 80, 3 * 264, 11, growth: FanOutGrowth.Stretch);
        Assert.Equal(3 * 264, result.Sum());
        Assert.True(result.Max() > 40, $"max {result.Max()}");
        Assert.InRange(result.Count(x => x == 0), 13, 17);
    }

    [Fact]
    public void Different_ratio_sampled_gives_parents_without_children_some()
    {
        // read as a third of the children: most of the profile's childless parents lost theirs to the sample
        var result = FanOutAllocator.Allocate(s_skewed, 80, 3 * 264, 11);
        Assert.Equal(3 * 264, result.Sum());
        Assert.True(result.Max() > 40, $"max {result.Max()}");
        Assert.InRange(result.Count(x => x == 0), 0, 12);
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

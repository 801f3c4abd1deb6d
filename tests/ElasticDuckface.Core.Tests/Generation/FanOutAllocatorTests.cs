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

    [Fact]
    public void Fidelity_MediaType_at_2_5_keeps_the_small_fan_outs_and_KS_within_0_1()
    {
        var (p, c) = Scaled(s_mediaTypes, 2.5);
        Assert.Equal((13, 8758), (p, c));
        var result = FanOutAllocator.Allocate(s_mediaTypes, p, c, 0);

        Assert.Equal(c, result.Sum(x => (long)x));
        Assert.Contains(7, result);
        Assert.Contains(11, result);
        Assert.InRange(FanOutAllocator.KsDistance(s_mediaTypes, result), 0, 0.1);
    }

    [Fact]
    public void Fidelity_Genre_like_at_2_5_keeps_the_small_fan_outs_and_KS_within_0_1()
    {
        Assert.Equal(25, s_genres.Sum(b => b.Parents));
        var (p, c) = Scaled(s_genres, 2.5);
        var result = FanOutAllocator.Allocate(s_genres, p, c, 0);

        Assert.Equal(c, result.Sum(x => (long)x));
        Assert.All(s_genres.Where(b => b.Children <= 48), b => Assert.Contains((int)b.Children, result));
        Assert.InRange(FanOutAllocator.KsDistance(s_genres, result), 0, 0.1);
    }

    [Theory]
    [InlineData("MediaType", 1.5)]
    [InlineData("MediaType", 2.5)]
    [InlineData("Genre", 1.5)]
    [InlineData("Genre", 2.5)]
    [InlineData("Playlist", 2.5)]
    [InlineData("Employee", 2.5)]
    public void Fidelity_few_heavy_tailed_parents_at_fractional_scales_stay_within_KS_0_13(string table, double factor)
    {
        var histogram = table switch
        {
            "MediaType" => s_mediaTypes,
            "Genre" => s_genres,
            "Playlist" => s_playlists,
            _ => s_employees,
        };
        var (p, c) = Scaled(histogram, factor);
        var result = FanOutAllocator.Allocate(histogram, p, c, 0);

        Assert.Equal(c, result.Sum(x => (long)x));
        // 1/8 is one parent of MediaType ×1.5; the cumulative apportionment with round-robin repair gave 0.15–0.385 at ×2.5
        Assert.InRange(FanOutAllocator.KsDistance(histogram, result), 0, 0.13);
        Assert.Contains((int)histogram.First(b => b.Children > 0).Children, result);
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

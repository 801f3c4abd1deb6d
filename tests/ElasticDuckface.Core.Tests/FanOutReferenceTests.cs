using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Core.Tests;

public class FanOutReferenceTests
{
    // Chinook's InvoiceLine → Track: 1519 tracks never sold, 1728 sold once, 256 twice (2240 lines)
    private static readonly FanOutBin[] s_sales = [new(0, 1519), new(1, 1728), new(2, 256)];

    [Fact]
    public void One_factor_up_to_rounding_keeps_the_histogram()
    {
        // ×2.5: 3503 → 8758 parents (8757.5 rounded), 2240 → 5600 children
        var reference = FanOutReference.For(s_sales, 8758, 5600);
        Assert.Equal(s_sales, reference);
    }

    [Fact]
    public void Stretch_splits_each_fan_out_between_its_two_whole_neighbours_and_keeps_the_mean()
    {
        // children ×1.55 with parents ×1: a track sold once becomes 45% once and 55% twice, not all twice
        var reference = FanOutReference.For(s_sales, 3503, 3472, FanOutGrowth.Stretch);
        var ones = reference.Single(b => b.Children == 1).Parents;
        var twos = reference.Single(b => b.Children == 2).Parents;
        Assert.InRange(ones, 700, 850);
        Assert.True(twos > 900, $"{twos} parents with 2");
        var mean = reference.Sum(b => (double)b.Children * b.Parents) / reference.Sum(b => b.Parents);
        Assert.Equal(3472.0 / 3503, mean, 2);
        Assert.Equal(3503, reference.Sum(b => b.Parents));
    }
}

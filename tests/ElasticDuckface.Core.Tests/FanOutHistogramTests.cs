using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;
using FsCheck;
using FsCheck.Fluent;

namespace ElasticDuckface.Core.Tests;

public sealed class FanOutHistogramTests
{
    [Fact]
    public void Zero_bin_mean_p99_and_max_come_from_the_parents()
    {
        var s = FanOutHistogram.Build(parentRows: 10, childRowsTotal: 12, [(1, 3), (3, 2)]);
        Assert.Equal([new FanOutBin(0, 5), new FanOutBin(1, 3), new FanOutBin(3, 2)], s.Histogram);
        Assert.Equal(9, s.ChildRows);
        Assert.Equal(0.25, s.NullFraction);
        Assert.Equal(0.5, s.ZeroFraction);
        Assert.Equal(0.9, s.Mean);
        Assert.Equal(3, s.P99);
        Assert.Equal(3, s.Max);
    }

    [Fact]
    public void Histogram_counts_every_parent_exactly_once() =>
        Prop.ForAll(
            Gen.Choose(0, 30).ArrayOf().ToArbitrary(),
            Gen.Choose(0, 20).ToArbitrary(),
            (fanOuts, extraParents) =>
            {
                var parents = fanOuts.Length + extraParents;
                var bins = fanOuts.Where(k => k > 0).GroupBy(k => k).Select(g => ((long)g.Key, g.LongCount()));
                var s = FanOutHistogram.Build(parents, fanOuts.Sum(), bins);
                return s.Histogram.Sum(b => b.Parents) == parents
                    && s.ChildRows == fanOuts.Sum()
                    && s.Histogram.Zip(s.Histogram.Skip(1)).All(p => p.First.Children < p.Second.Children);
            }).QuickCheckThrowOnFailure();
}

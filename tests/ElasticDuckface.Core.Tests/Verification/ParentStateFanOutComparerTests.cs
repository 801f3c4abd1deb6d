using ElasticDuckface.Profiles;
using ElasticDuckface.Verification;

namespace ElasticDuckface.Core.Tests.Verification;

public sealed class ParentStateFanOutComparerTests
{
    private static StateFanOut Side(params FanOutBin[] bins)
    {
        var parents = bins.Sum(b => b.Parents);
        var children = bins.Sum(b => b.Children * b.Parents);
        return new StateFanOut { ParentRows = parents, ChildRows = children, Mean = (double)children / parents, Histogram = bins };
    }

    /// <summary>The comparer's test profile with the fan-out split by the parent's state: <paramref name="set"/> deleted parents.</summary>
    private static DatabaseProfile Profile(StateFanOut set, StateFanOut unset)
    {
        var overall = set.Histogram.Concat(unset.Histogram).GroupBy(b => b.Children)
            .Select(g => new FanOutBin(g.Key, g.Sum(b => b.Parents))).OrderBy(b => b.Children).ToArray();
        var p = FidelityComparerTests.Profile(set.ParentRows + unset.ParentRows, overall, FidelityComparerTests.Spread);
        var child = p.Tables.Single(t => t.Name == "child");
        var fk = child.ForeignKeys.Single();
        var states = new ParentStateFanOuts { Column = "deleted_at", Set = set, Unset = unset };
        return p with
        {
            Tables =
            [
                child with { ForeignKeys = [fk with { Stats = fk.Stats! with { ByParentState = states } }] },
                p.Tables.Single(t => t.Name == "parent"),
            ],
        };
    }

    [Fact]
    public void Issue10_each_side_of_the_parent_state_is_compared_and_one_that_ignores_it_is_reported()
    {
        // deleted parents have 10 children each, live ones 1
        var p = Profile(Side(new FanOutBin(10, 20)), Side(new FanOutBin(1, 80)));
        var same = FidelityComparer.Compare(p, p, [], new VerifyOptions());
        var sides = same.Tables.Single(t => t.Name == "child").ParentStateFanOuts;
        Assert.Equal([ParentStateSide.Set, ParentStateSide.Unset], sides.Select(s => s.Side));
        Assert.All(sides, s => Assert.Equal((0.0, 1.0, MetricStatus.Ok), (s.Ks, s.MeanRatio, s.Status)));
        Assert.Empty(same.Problems);

        // the same 280 children over the same 100 parents, the 10s dealt regardless of state: the overall fan-out is
        // the profile's, the sides are not
        var t = Profile(Side(new FanOutBin(10, 4), new FanOutBin(1, 16)), Side(new FanOutBin(10, 16), new FanOutBin(1, 64)));
        var report = FidelityComparer.Compare(p, t, [], new VerifyOptions());
        var table = report.Tables.Single(x => x.Name == "child");
        Assert.Equal(0, table.ForeignKeys.Single().Ks);
        var set = table.ParentStateFanOuts.Single(s => s.Side == ParentStateSide.Set);
        Assert.Equal(10, set.ExpectedMean);
        Assert.Equal(2.8, set.Mean.Target, 9);
        Assert.NotEqual(MetricStatus.Ok, set.Status);
        Assert.Contains(report.Problems, x => x.Check is FidelityCheck.ParentStateFanOutShape or FidelityCheck.ParentStateFanOutMean
            && x.Subject == "fk_parent (deleted_at set)");
        Assert.True(table.Score < 0.5, $"score {table.Score}");
    }
}

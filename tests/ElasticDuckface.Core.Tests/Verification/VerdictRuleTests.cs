using ElasticDuckface.Profiles;
using ElasticDuckface.Verification;

namespace ElasticDuckface.Core.Tests.Verification;

/// <summary>The hard limit: a broken distance or unusable values fail without --strict, worst problems first.</summary>
public sealed class VerdictRuleTests
{
    private static readonly FanOutBin[] Histogram = [new(0, 20), new(2, 50), new(5, 30)];

    /// <summary>The comparer test profile with its <c>size</c> column described by <paramref name="size"/>.</summary>
    private static DatabaseProfile WithSize(Distribution size)
    {
        var p = FidelityComparerTests.Profile(100, Histogram, FidelityComparerTests.Spread);
        return p with
        {
            Tables = p.Tables.Select(t => t with
            {
                Columns = t.Columns.Select(c => c.Name == "size" ? c with { Stats = new ColumnStatistics { Distribution = size } } : c).ToList(),
            }).ToList(),
        };
    }

    [Fact]
    public void A_distance_reaching_the_hard_limit_fails_without_strict_and_a_higher_limit_makes_it_a_warning()
    {
        var p = WithSize(new NumericDistribution { Quantiles = FidelityComparerTests.Spread });
        var t = WithSize(new NumericDistribution { Quantiles = FidelityComparerTests.Spread.Select(x => x + 1e6).ToArray() });

        var report = FidelityComparer.Compare(p, t, [], new VerifyOptions());
        Assert.Equal(Verdict.Failed, report.Verdict);
        var problem = Assert.Single(report.Problems);
        Assert.Equal((ProblemSeverity.Failed, FidelityCheck.ColumnDistribution, 1.0), (problem.Severity, problem.Check, problem.Measured));

        var raised = FidelityComparer.Compare(p, t, [], new VerifyOptions { Thresholds = new VerifyThresholds { MaxDistanceFail = 1.01 } });
        Assert.Equal(Verdict.FaithfulWithWarnings, raised.Verdict);
    }

    [Fact]
    public void Profiled_dates_measured_as_free_text_are_unusable_and_fail_whatever_the_limit()
    {
        var dates = Enumerable.Range(0, 11).Select(i => new DateTime(2020, 1, 1).AddDays(30 * i).ToString("yyyy-MM-ddTHH:mm:ss",
            System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var p = WithSize(new DateTimeDistribution { Quantiles = dates });
        var t = WithSize(new TextDistribution { Lengths = [5, 10, 20] });
        var options = new VerifyOptions { Thresholds = new VerifyThresholds { MaxDistanceFail = 5 } };

        var report = FidelityComparer.Compare(p, t, [], options);
        Assert.Equal(Verdict.Failed, report.Verdict);
        var column = report.Tables.Single(x => x.Name == "child").Columns.Single(c => c.Name == "size");
        Assert.Equal((MetricStatus.Failed, true, 1.0), (column.Status, column.ValuesUnusable, column.Distance));
        Assert.Equal(FidelityCheck.ColumnValues, report.Problems[0].Check);
        Assert.StartsWith("FAILED column child.size: values no longer parse as profiled (text measured, datetime profiled)",
            report.Problems[0].Text, StringComparison.Ordinal);
        // read back from JSON, the same problems
        var back = FidelityReportSerializer.Deserialize(FidelityReportSerializer.Serialize(report));
        Assert.Equal(report.Problems.Select(x => x.Text), back.Problems.Select(x => x.Text));
    }

    [Fact]
    public void Numbers_measured_as_numbers_are_not_unusable()
    {
        Assert.False(ColumnComparer.ValuesUnusable(
            new NumericDistribution { Quantiles = [1, 2] }, new CategoricalDistribution { Values = [new("3", 1)] }));
        Assert.True(ColumnComparer.ValuesUnusable(
            new NumericDistribution { Quantiles = [1, 2] }, new CategoricalDistribution { Values = [new("lorem", 1)] }));
        Assert.False(ColumnComparer.ValuesUnusable(new NumericDistribution { Quantiles = [1, 2] }, new EmptyDistribution()));
    }

    [Fact]
    public void Problems_of_one_severity_come_largest_distance_first()
    {
        static ColumnFidelity Column(string name, double distance, MetricStatus status) => new()
        {
            Name = name, Kind = DistributionKind.Numeric, TargetKind = DistributionKind.Numeric, Metric = ColumnMetric.Ks,
            DistributionDistance = distance, NullFraction = new(0, 0), Distance = distance, Threshold = 0.1, Status = status, Note = "n",
        };
        TableFidelity[] tables =
        [
            new() { Name = "a", Present = true, ForeignKeys = [], Columns = [Column("small", 0.2, MetricStatus.Warning)] },
            new()
            {
                Name = "b", Present = true, ForeignKeys = [],
                Columns = [Column("big", 0.6, MetricStatus.Warning), Column("broken", 0.95, MetricStatus.Failed)],
            },
        ];
        var problems = ProblemCollector.Collect([], tables, new VerifyThresholds());
        Assert.Equal(["broken", "big", "small"], problems.Select(p => p.Subject));
    }
}

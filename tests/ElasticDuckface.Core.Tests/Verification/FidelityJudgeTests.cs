using ElasticDuckface.Verification;

namespace ElasticDuckface.Core.Tests.Verification;

public sealed class FidelityJudgeTests
{
    private static FidelityProblem Problem(ProblemSeverity severity) =>
        new() { Severity = severity, Check = FidelityCheck.ColumnDistribution, Table = "t", Subject = "c", Text = "" };

    [Fact]
    public void Any_failed_problem_fails_any_warning_warns_and_none_is_faithful()
    {
        Assert.Equal(Verdict.Failed, FidelityJudge.Decide([Problem(ProblemSeverity.Warning), Problem(ProblemSeverity.Failed)]));
        Assert.Equal(Verdict.FaithfulWithWarnings, FidelityJudge.Decide([Problem(ProblemSeverity.Warning)]));
        Assert.Equal(Verdict.Faithful, FidelityJudge.Decide([]));
    }

    [Fact]
    public void A_table_scores_one_minus_its_worst_distance_and_names_it()
    {
        var column = new ColumnFidelity
        {
            Name = "size", Kind = DistributionKind.Numeric, TargetKind = DistributionKind.Numeric, Metric = ColumnMetric.LengthKs,
            NullFraction = new(0, 0), Distance = 0.3, Status = MetricStatus.Warning,
        };
        var (score, worst) = FidelityJudge.ScoreTable([], [], [], [], [column, column with { Name = "ok", Distance = 0.1 }]);
        Assert.Equal(0.7, score, 9);
        Assert.Equal("column size (lengthKs)", worst);
    }
}

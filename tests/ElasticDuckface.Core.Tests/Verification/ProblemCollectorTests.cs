using ElasticDuckface.Verification;

namespace ElasticDuckface.Core.Tests.Verification;

public sealed class ProblemCollectorTests
{
    private static ForeignKeyFidelity FanOut(string name, MetricStatus status, double ksExcess, double meanRatio) => new()
    {
        Name = name,
        Columns = [name + "_id"],
        ReferencedTable = "parent",
        ParentRows = new(10, 10),
        ChildRows = new(30, 30),
        Mean = new(3, 3 * meanRatio),
        P99 = new(5, 5),
        Max = new(6, 6),
        ZeroFraction = new(0, 0),
        NullFraction = new(0, 0),
        KsExcess = ksExcess,
        KsThreshold = 0.15,
        MeanRatio = meanRatio,
        Status = status,
        Note = "note of " + name,
    };

    private static TableFidelity Table(string name, params ForeignKeyFidelity[] fks) =>
        new() { Name = name, Present = true, ForeignKeys = fks, Columns = [] };

    [Fact]
    public void Failed_hard_checks_come_first_then_failed_metrics_then_warnings_each_by_table()
    {
        TableFidelity[] tables =
        [
            Table("a", FanOut("fk_warn", MetricStatus.Warning, 0.5, 1)),
            Table("b", FanOut("fk_fail", MetricStatus.Failed, 0.5, 1), FanOut("fk_ok", MetricStatus.Ok, 0, 1)),
        ];
        HardCheckResult[] checks = [new(HardCheckKind.NotNull, "z", "c", 2, 0, ""), new(HardCheckKind.RowCount, "a", "", 9, 9, "")];

        var problems = ProblemCollector.Collect(checks, tables, new VerifyThresholds());

        Assert.Equal(
            [
                "FAILED NULLs in NOT NULL column z.c: 2",
                "FAILED fan-out b.fk_fail → parent: note of fk_fail",
                "warning fan-out a.fk_warn → parent: note of fk_warn",
            ],
            problems.Select(p => p.Text));
        Assert.Equal([ProblemSeverity.Failed, ProblemSeverity.Failed, ProblemSeverity.Warning], problems.Select(p => p.Severity));
        Assert.Equal(HardCheckKind.NotNull, problems[0].HardCheck);
    }

    [Fact]
    public void A_fan_out_over_only_by_its_mean_is_a_mean_problem_measured_by_its_error()
    {
        var meanOnly = Table("a", FanOut("fk", MetricStatus.Warning, 0.01, 1.25));
        var problem = Assert.Single(ProblemCollector.Collect([], [meanOnly], new VerifyThresholds()));
        Assert.Equal((FidelityCheck.FanOutMean, "fk", 0.25, 0.1), (problem.Check, problem.Subject, problem.Measured, problem.Threshold));

        var shapeAndMean = Table("a", FanOut("fk", MetricStatus.Warning, 0.5, 1.25));
        var both = Assert.Single(ProblemCollector.Collect([], [shapeAndMean], new VerifyThresholds()));
        Assert.Equal((FidelityCheck.FanOutShape, 0.5, 0.15), (both.Check, both.Measured, both.Threshold));
    }

    [Fact]
    public void A_dependency_problem_names_its_measure()
    {
        var table = Table("instances") with
        {
            Dependencies =
            [
                new DependencyFidelity
                {
                    Kind = DependencyKind.OrderingGap, Subject = "updated_at ≥ created_at", Value = new(0, 0.4),
                    Difference = 0.4, Threshold = 0.1, Status = MetricStatus.Warning, Note = "0.400 vs 0.000 (difference 0.400 > 0.100)",
                },
            ],
        };
        var problem = Assert.Single(ProblemCollector.Collect([], [table], new VerifyThresholds()));
        Assert.Equal((FidelityCheck.Dependency, DependencyKind.OrderingGap), (problem.Check, problem.Dependency));
        Assert.Equal(
            "warning dependency instances orderingGap updated_at ≥ created_at: 0.400 vs 0.000 (difference 0.400 > 0.100)", problem.Text);
    }
}

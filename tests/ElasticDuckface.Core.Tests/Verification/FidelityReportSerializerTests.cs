using ElasticDuckface.Verification;

namespace ElasticDuckface.Core.Tests.Verification;

public sealed class FidelityReportSerializerTests
{
    private static FidelityReport ReportWithProblems(bool strict)
    {
        var p = FidelityComparerTests.Profile(100, [new(0, 20), new(2, 50), new(5, 30)], FidelityComparerTests.Spread);
        var t = FidelityComparerTests.Profile(100, [new(2, 50), new(3, 50)], Enumerable.Repeat(150.0, 101).ToArray());
        HardCheckResult[] checks = [new(HardCheckKind.Orphans, "child", "fk_parent", 3, 0, "")];
        return FidelityComparer.Compare(p, t, checks, new VerifyOptions { Strict = strict });
    }

    [Fact]
    public void Problems_are_written_as_their_texts()
    {
        var report = ReportWithProblems(strict: false);
        var json = FidelityReportSerializer.Serialize(report);
        var start = "\"problems\": [\n    \"FAILED orphans in child.fk_parent: 3 child rows without a parent\",\n    \"warning ";
        Assert.Contains(start, json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_report_read_back_has_the_same_typed_problems_and_writes_the_same_bytes(bool strict)
    {
        var report = ReportWithProblems(strict);
        var json = FidelityReportSerializer.Serialize(report);
        var read = FidelityReportSerializer.Deserialize(json);
        Assert.Equal(3, read.Problems.Count);
        Assert.Equal(report.Problems, read.Problems);
        Assert.Equal(json, FidelityReportSerializer.Serialize(read));
    }

    [Fact]
    public void A_below_minimum_check_keeps_its_minimum_and_other_checks_write_none()
    {
        var p = FidelityComparerTests.Profile(100, [new(1, 100)], FidelityComparerTests.Spread);
        HardCheckResult[] checks =
        [
            new(HardCheckKind.BelowMinimum, "child", "fk_parent", 4, 0, "child.parent_id → parent") { Minimum = 2 },
            new(HardCheckKind.Orphans, "child", "fk_parent", 0, 0, "→ parent"),
        ];
        var json = FidelityReportSerializer.Serialize(FidelityComparer.Compare(p, p, checks, new VerifyOptions()));
        // once, on the check that has one: the orphan check (and every report without a minimum) keeps its bytes
        Assert.Equal(2, json.Split("\"minimum\"").Length);
        Assert.Contains("\"minimum\": 2", json, StringComparison.Ordinal);
        var read = FidelityReportSerializer.Deserialize(json);
        var below = Assert.Single(read.HardChecks, h => h.Kind == HardCheckKind.BelowMinimum);
        Assert.Equal(2, below.Minimum);
        Assert.Null(Assert.Single(read.HardChecks, h => h.Kind == HardCheckKind.Orphans).Minimum);
        Assert.Equal("FAILED parents below the declared minimum of 2 children in child.fk_parent: 4 parent rows have fewer "
            + "(child.parent_id → parent)", Assert.Single(read.Problems).Text);
    }
}

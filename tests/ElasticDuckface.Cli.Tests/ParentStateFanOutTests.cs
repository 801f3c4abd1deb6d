using System.Globalization;
using Dapper;
using ElasticDuckface.Profiles;
using ElasticDuckface.Verification;
using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Cli.Tests;

/// <summary>
/// Issue 10 on the Nova example: deleted instances keep their own number of actions. In the source 203 of the 996
/// <c>instance_actions</c> (20.4%) belong to the 47 deleted instances of 300 (15.7%), every one of which has at least 2
/// (its <c>create</c> and its <c>delete</c>); one fan-out over all instances gave them a live instance's count (17.8% of
/// the actions at ×1, and deleted instances with 1 action).
/// </summary>
public sealed class ParentStateFanOutTests
{
    private static string NovaProfile => SuiteProfiles.Profile(SuiteProfiles.NovaSynthetic);

    [Theory]
    [InlineData(1)]
    [InlineData(2.5)]
    [InlineData(5)]
    public async Task Issue10_the_share_of_instance_actions_under_deleted_instances_matches_the_source(double scale)
    {
        var profile = await ProfileSerializer.ReadAsync(NovaProfile);
        var states = profile.Tables.Single(t => t.Name == "instance_actions").ForeignKeys.Single().Stats!.ByParentState!;
        var sourceShare = (double)states.Set.ChildRows / (states.Set.ChildRows + states.Unset.ChildRows);
        Assert.Equal(203.0 / 996, sourceShare, 9);

        using var dir = new TempDir();
        var target = dir.File("nova.db");
        var x = scale.ToString(CultureInfo.InvariantCulture);
        var (code, _, error) = await CliRunner.RunAsync("generate", NovaProfile, "--scale", x, "--target", target, "-q");
        Assert.True(code == 0, error);
        await using var c = new SqliteConnection($"Data Source={target};Mode=ReadOnly");
        var (actions, underDeleted) = await c.QuerySingleAsync<(long, long)>(
            "SELECT COUNT(*), SUM(i.deleted_at IS NOT NULL) FROM instance_actions a JOIN instances i ON i.uuid = a.instance_uuid");

        // Tolerance: the deleted instances are a whole number, round(15.7% × instances), half an instance off the exact
        // share at most, which moves the deleted side's actions by half its mean (4.3); the split of the actions between
        // the sides is rounded once more (half an action). Nothing else is random in the share: (½·4.32 + ½) / actions,
        // 0.0027 at ×1, 0.0005 at ×5. The former single fan-out missed by 0.026 at ×1 (10 times that).
        var tolerance = ((0.5 * states.Set.Mean) + 0.5) / actions;
        Assert.InRange((double)underDeleted / actions, sourceShare - tolerance, sourceShare + tolerance);

        // and each side keeps its shape: no deleted instance has fewer than its 2 actions at ×1
        if (scale == 1)
        {
            Assert.Equal(0, await c.ExecuteScalarAsync<long>("""
                SELECT COUNT(*) FROM (SELECT COUNT(a.id) AS n FROM instances i LEFT JOIN instance_actions a ON a.instance_uuid = i.uuid
                WHERE i.deleted_at IS NOT NULL GROUP BY i.id) WHERE n < 2
                """));
        }
    }

    [Fact]
    public async Task Issue10_verify_reports_the_fan_out_per_parent_state_and_catches_one_that_ignores_it()
    {
        using var dir = new TempDir();
        var target = dir.File("nova.db");
        Assert.Equal(0, (await CliRunner.RunAsync("generate", NovaProfile, "--scale", "3", "--target", target, "-q")).ExitCode);
        var (code, _, error) = await CliRunner.RunAsync("verify", NovaProfile, "--target", target, "--scale", "3", "-q",
            "--json", dir.File("v.json"));
        Assert.True(code == 0, error);
        var report = FidelityReportSerializer.Deserialize(await File.ReadAllTextAsync(dir.File("v.json")));
        var actions = report.Tables.Single(t => t.Name == "instance_actions").ParentStateFanOuts;
        Assert.Equal([ParentStateSide.Set, ParentStateSide.Unset], actions.Select(s => s.Side));
        Assert.All(actions, s => Assert.Equal(MetricStatus.Ok, s.Status));
        Assert.DoesNotContain(report.Problems, p => p.Check is FidelityCheck.ParentStateFanOutShape or FidelityCheck.ParentStateFanOutMean);

        // the same instances with their actions dealt out regardless of their state (the former fan-out): verify says so
        await using (var c = new SqliteConnection($"Data Source={target}"))
        {
            await c.ExecuteAsync("""
                CREATE TEMP TABLE ranked AS SELECT ROW_NUMBER() OVER (ORDER BY id) - 1 AS n, uuid FROM instances;
                UPDATE instance_actions SET instance_uuid = (SELECT uuid FROM ranked
                  WHERE n = (instance_actions.id * 7919) % (SELECT COUNT(*) FROM ranked));
                """);
        }

        SqliteConnection.ClearAllPools();
        (code, _, error) = await CliRunner.RunAsync("verify", NovaProfile, "--target", target, "--scale", "3", "-q",
            "--json", dir.File("v2.json"));
        report = FidelityReportSerializer.Deserialize(await File.ReadAllTextAsync(dir.File("v2.json")));
        Assert.Contains(report.Problems, p => p.Table == "instance_actions"
            && p.Check is FidelityCheck.ParentStateFanOutShape or FidelityCheck.ParentStateFanOutMean
            && p.Subject.Contains("deleted_at set", StringComparison.Ordinal));
    }
}

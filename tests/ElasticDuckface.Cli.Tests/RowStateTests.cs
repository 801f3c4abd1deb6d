using Dapper;
using ElasticDuckface.Profiles;
using ElasticDuckface.Verification;
using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Cli.Tests;

/// <summary>
/// Learned dependencies end to end on the Nova example: the shipped profile holds its soft delete as a row state, a
/// generated database keeps the soft-delete columns consistent (also in the children), and verify measures them and
/// catches a target whose soft-delete columns were set independently.
/// </summary>
public sealed class RowStateTests
{
    private static string NovaProfile => SuiteProfiles.Profile(SuiteProfiles.NovaSynthetic);

    [Fact]
    public async Task The_nova_profile_learned_the_soft_delete_of_instances()
    {
        var profile = await ProfileSerializer.ReadAsync(NovaProfile);
        var instances = profile.Tables.Single(t => t.Name == "instances");
        var state = Assert.IsType<RowStateProfile>(instances.RowState);
        Assert.Equal("deleted_at", state.Column);
        Assert.Equal(47.0 / 300, state.Fraction, 6);
        var deleted = state.Columns.Single(c => c.Name == "deleted");
        Assert.Equal(new SameAsDistribution("id", 1), deleted.WhenSet.Distribution);
        var live = Assert.IsType<CategoricalDistribution>(deleted.WhenUnset.Distribution);
        Assert.Equal([new CategoryFrequency("0", 1)], live.Values);
        var vmState = Assert.IsType<CategoricalDistribution>(state.Columns.Single(c => c.Name == "vm_state").WhenSet.Distribution);
        Assert.Equal([new CategoryFrequency("deleted", 1)], vmState.Values);
        Assert.Equal(1, state.Columns.Single(c => c.Name == "terminated_at").WhenUnset.NullFraction);

        // children: a soft-deleted instance's cache row is soft-deleted, a live one's is not
        var caches = Assert.IsType<RowStateProfile>(profile.Tables.Single(t => t.Name == "instance_info_caches").RowState);
        var parent = Assert.Single(caches.Parents);
        Assert.Equal(["instance_uuid"], parent.ForeignKey.Columns);
        Assert.Equal(1, parent.SetGivenParentSet);
        Assert.Equal(0, parent.SetGivenParentUnset);
        Assert.Equal(1, parent.Correlation, 6);
    }

    [Fact]
    public async Task Dependency_learning_can_be_turned_off_and_rejects_a_threshold_outside_0_to_1()
    {
        using var dir = new TempDir();
        var db = dir.CopyChinook();
        var (code, output, error) = await CliRunner.RunAsync("profile", db, "-q");
        Assert.True(code == 0, error);
        Assert.Contains("\"rowState\"", output, StringComparison.Ordinal);   // Invoice: BillingPostalCode and the countries without one

        (code, output, error) = await CliRunner.RunAsync("profile", db, "-q", "--dependency-threshold", "0");
        Assert.True(code == 0, error);
        Assert.DoesNotContain("\"rowState\"", output, StringComparison.Ordinal);
        Assert.Contains("\"dependencyThreshold\": 0", output, StringComparison.Ordinal);

        (code, _, error) = await CliRunner.RunAsync("profile", db, "-q", "--dependency-threshold", "1.5");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--dependency-threshold must be between 0 and 1.", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(3)]
    public async Task Generated_soft_deletes_are_consistent_within_rows_and_with_parents(double scale)
    {
        using var dir = new TempDir();
        var target = dir.File("nova.db");
        var x = scale.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (code, _, error) = await CliRunner.RunAsync("generate", NovaProfile, "--scale", x, "--target", target, "-q", "--seed", "7");
        Assert.True(code == 0, error);

        await using var c = new SqliteConnection($"Data Source={target};Mode=ReadOnly");
        await c.OpenAsync();
        var rows = await c.QuerySingleAsync<(long All, long Deleted, long Consistent)>(
            "SELECT COUNT(*), SUM(deleted_at IS NOT NULL), SUM(CASE WHEN deleted_at IS NOT NULL THEN deleted = id AND vm_state = 'deleted' AND terminated_at IS NOT NULL "
            + "ELSE deleted = 0 AND vm_state <> 'deleted' AND terminated_at IS NULL END) FROM instances");
        Assert.Equal(rows.All, rows.Consistent);
        Assert.InRange(rows.Deleted, 1, rows.All - 1);

        var children = await c.QuerySingleAsync<(long All, long Agree)>(
            "SELECT COUNT(*), SUM((c.deleted_at IS NULL) = (i.deleted_at IS NULL)) FROM instance_info_caches c JOIN instances i ON i.uuid = c.instance_uuid");
        Assert.True(children.All > 0);
        Assert.Equal(children.All, children.Agree);
        Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM instance_info_caches WHERE (deleted_at IS NULL) <> (deleted = 0) OR (deleted <> 0 AND deleted <> id)"));
    }

    [Fact]
    public async Task Learned_orderings_hold_in_every_generated_row_and_verify_measures_them()
    {
        var profile = await ProfileSerializer.ReadAsync(NovaProfile);
        var instances = profile.Tables.Single(t => t.Name == "instances");
        Assert.Contains(instances.Orderings, o => o is { Column: "updated_at", After: "created_at", Share: 1 });
        Assert.Contains(instances.Orderings, o => o is { Column: "deleted_at", After: "updated_at" });

        using var dir = new TempDir();
        var target = dir.File("nova.db");
        Assert.Equal(0, (await CliRunner.RunAsync("generate", NovaProfile, "--scale", "3", "--target", target, "-q")).ExitCode);
        await using (var c = new SqliteConnection($"Data Source={target};Mode=ReadOnly"))
        {
            await c.OpenAsync();
            foreach (var t in profile.Tables)
            {
                foreach (var o in t.Orderings)
                {
                    var broken = await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM \"{t.Name}\" WHERE \"{o.Column}\" < \"{o.After}\"");
                    Assert.True(broken == 0, $"{t.Name}: {broken} rows with {o.Column} before {o.After}");
                }
            }
        }

        var (code, _, _) = await CliRunner.RunAsync("verify", NovaProfile, "--target", target, "--scale", "3", "-q", "--json",
            dir.File("v.json"));
        Assert.Equal(0, code);
        var report = FidelityReportSerializer.Deserialize(await File.ReadAllTextAsync(dir.File("v.json")));
        var orderings = report.Tables.SelectMany(t => t.Dependencies).Where(d => d.Kind == DependencyKind.Ordering).ToList();
        Assert.Equal(profile.Tables.Sum(t => t.Orderings.Count), orderings.Count);
        Assert.All(orderings, d => Assert.Equal(1, d.Value.Target));
    }

    [Fact]
    public async Task Verify_measures_the_row_states_and_catches_soft_delete_columns_set_independently()
    {
        using var dir = new TempDir();
        var target = dir.File("nova.db");
        Assert.Equal(0, (await CliRunner.RunAsync("generate", NovaProfile, "--scale", "2", "--target", target, "-q")).ExitCode);

        var (code, output, _) = await CliRunner.RunAsync("verify", NovaProfile, "--target", target, "--scale", "2", "-q", "--json",
            dir.File("ok.json"));
        Assert.Equal(0, code);
        Assert.DoesNotContain("warning dependency", output, StringComparison.Ordinal);
        var report = FidelityReportSerializer.Deserialize(await File.ReadAllTextAsync(dir.File("ok.json")));
        var instances = report.Tables.Single(t => t.Name == "instances").Dependencies;
        Assert.Contains(instances, d => d.Kind == DependencyKind.SameAs && d.Subject.StartsWith("deleted = id",
            StringComparison.Ordinal) && d.Value.Target == 1);
        Assert.All(report.Tables.SelectMany(t => t.Dependencies), d => Assert.Equal(MetricStatus.Ok, d.Status));
        Assert.Contains(report.Tables.Single(t => t.Name == "instance_info_caches").Dependencies,
            d => d.Kind == DependencyKind.Parent && d.Value.Target == 1);
        Assert.DoesNotContain(report.NotMeasured, n => n.Name == "rowStates");

        // break it: every instance soft-deleted with probability ½ regardless of deleted/vm_state (a naive generator)
        await using (var c = new SqliteConnection($"Data Source={target}"))
        {
            await c.OpenAsync();
            await c.ExecuteAsync("UPDATE instances SET deleted_at = CASE WHEN id % 2 = 0 THEN '2022-01-01 00:00:00' END");
        }

        var broken = await CliRunner.RunAsync("verify", NovaProfile, "--target", target, "--scale", "2", "--strict", "-q");
        Assert.Equal(ExitCodes.VerificationFailed, broken.ExitCode);
        Assert.Contains("FAILED dependency instances stateFraction deleted_at", broken.Output, StringComparison.Ordinal);
        Assert.Contains("FAILED dependency instances sameAs deleted = id (whenSet)", broken.Output, StringComparison.Ordinal);
        Assert.Contains("FAILED dependency instance_info_caches parent instance_uuid", broken.Output, StringComparison.Ordinal);
    }
}

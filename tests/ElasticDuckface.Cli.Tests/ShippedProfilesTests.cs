using Dapper;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Cli.Tests;

/// <summary>The profiles in profiles/ are the tool's own output and generate clean databases.</summary>
public sealed class ShippedProfilesTests
{
    private static string ProfilePath(string name) => Path.Combine(CliRunner.RepositoryRoot, "profiles", name);

    [Fact]
    public async Task The_shipped_chinook_profile_is_what_profiling_the_bundled_database_gives_today()
    {
        using var dir = new TempDir();
        var (code, output, error) = await CliRunner.RunAsync("profile", dir.CopyChinook(), "-q");
        Assert.True(code == 0, error);
        // a failure here means the profiler's output changed: regenerate profiles/chinook.json deliberately
        // the shipped profile has no fingerprint (it is salted per run and names a temp copy): it also proves old profiles load
        Assert.Equal(await File.ReadAllTextAsync(ProfilePath("chinook.json")), ProfileText.WithoutFingerprint(output));
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(1)]
    [InlineData(3)]
    public async Task The_nova_example_generates_with_integrity_and_exact_counts(double scale)
    {
        using var dir = new TempDir();
        var target = dir.File("nova.db");
        var (code, _, error) = await CliRunner.RunAsync("generate", ProfilePath("nova-example.json"), "--scale", scale.ToString(System.Globalization.CultureInfo.InvariantCulture), "--target", target, "-q");
        Assert.True(code == 0, error);
        var profile = await ProfileSerializer.ReadAsync(ProfilePath("nova-example.json"));
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = scale });
        await using var c = new SqliteConnection($"Data Source={target}");
        Assert.Empty(await c.QueryAsync("PRAGMA foreign_key_check"));
        foreach (var t in plan.Tables)
            Assert.Equal(t.TargetRows, await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM \"{t.Name}\""));
        // every instance keeps its single instance_extra row, and system metadata keeps its 10..30 per instance
        Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM (SELECT instance_uuid FROM instance_extra GROUP BY instance_uuid HAVING COUNT(*) > 1)"));
        if (scale >= 1)
        {
            var perInstance = (await c.QueryAsync<long>("SELECT COUNT(m.id) FROM instances i LEFT JOIN instance_system_metadata m ON m.instance_uuid = i.uuid GROUP BY i.id")).ToList();
            Assert.InRange(perInstance.Min(), 10, 30);
            Assert.InRange(perInstance.Max(), 10, 30);
        }
    }

    [Fact]
    public async Task The_nova_profile_of_both_databases_keeps_the_references_from_the_api_database_to_the_cell()
    {
        var profile = await ProfileSerializer.ReadAsync(ProfilePath("nova-with-api.json"));
        Assert.Equal(["nova", "nova_api"], profile.Databases);
        Assert.Equal((110, 32), (profile.Tables.Count(t => t.Name.StartsWith("nova.", StringComparison.Ordinal)),
            profile.Tables.Count(t => t.Name.StartsWith("nova_api.", StringComparison.Ordinal))));
        var across = profile.Tables.SelectMany(t => t.ForeignKeys.Where(f => f.ReferencedTable == "nova.instances"
            && t.Name.StartsWith("nova_api.", StringComparison.Ordinal)).Select(f => $"{t.Name}.{f.Columns[0]} declared={f.Declared}"));
        Assert.Equal(["nova_api.instance_mappings.instance_uuid declared=False", "nova_api.request_specs.instance_uuid declared=False"],
            across.Order(StringComparer.Ordinal));
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = 2 });
        Assert.Equal(plan.Find("nova.instances")!.TargetRows, plan.Find("nova_api.instance_mappings")!.TargetRows);
    }
}

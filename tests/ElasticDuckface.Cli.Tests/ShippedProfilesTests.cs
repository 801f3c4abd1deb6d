using Dapper;
using ElasticDuckface.Generation;
using ElasticDuckface.Privacy;
using ElasticDuckface.Profiles;
using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Cli.Tests;

/// <summary>The profiles in profiles/ are the tool's own output and generate clean databases.</summary>
public sealed partial class ShippedProfilesTests
{
    private static string ProfilePath(string name) => Path.Combine(CliRunner.RepositoryRoot, "profiles", name);

    private static string NovaSql(string database) => Path.Combine(CliRunner.RepositoryRoot, "tests", "data", "nova", database);

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
    public async Task The_synthetic_nova_fixture_generates_with_integrity_and_exact_counts(double scale)
    {
        using var dir = new TempDir();
        var target = dir.File("nova.db");
        var path = SuiteProfiles.Profile(SuiteProfiles.NovaSynthetic);
        var (code, _, error) = await CliRunner.RunAsync("generate", path, "--scale",
            scale.ToString(System.Globalization.CultureInfo.InvariantCulture), "--target", target, "-q");
        Assert.True(code == 0, error);
        var profile = await ProfileSerializer.ReadAsync(path);
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

    [Fact]
    public async Task The_shipped_nova_example_has_exactly_the_tables_and_columns_of_the_real_nova_schema_at_head()
    {
        // issue 10: "the shipped profile matches Nova's real tables, all 110 of them" (tests/data/nova/nova.sql is what
        // nova-manage db sync made): every table, every column in order with its type and nullability
        var expected = DumpedColumns(await File.ReadAllTextAsync(NovaSql("nova.sql")));
        var profile = await ProfileSerializer.ReadAsync(ProfilePath("nova-example.json"));
        Assert.Equal(110, expected.Count);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), profile.Tables.Select(t => t.Name).Order(StringComparer.Ordinal));
        foreach (var table in profile.Tables)
        {
            var columns = table.Columns.Select(c => $"{c.Name} {c.SqlType}{(c.Unsigned && !c.SqlType.Contains("unsigned", StringComparison.Ordinal)
                ? " unsigned" : "")}{(c.Nullable ? "" : " NOT NULL")}");
            Assert.Equal(expected[table.Name], columns);
        }
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(3)]
    public async Task The_shipped_nova_example_keeps_the_head_alembic_revision_and_the_lookup_tables_verbatim(double scale)
    {
        // examples/nova/privacy.json marks alembic_version and the flavour and quota-class lookups public: their rows
        // are copied as profiled at every scale, so `nova-manage db sync` after a generate finds exactly Nova's head
        var head = (await File.ReadAllTextAsync(NovaSql("nova.alembic_version"))).Trim();
        var profile = await ProfileSerializer.ReadAsync(ProfilePath("nova-example.json"));
        var alembic = profile.Tables.Single(t => t.Name == "alembic_version");
        Assert.Equal([[head]], alembic.Verbatim!.Rows.Select(r => r.ToArray()));
        var marked = profile.Tables.Where(t => t.Privacy == ColumnPrivacy.Public).Select(t => t.Name);
        Assert.Equal(["alembic_version", "instance_type_extra_specs", "instance_type_projects", "instance_types", "quota_classes"],
            marked.Order(StringComparer.Ordinal));

        using var dir = new TempDir();
        var target = dir.File("nova.db");
        var (code, _, error) = await CliRunner.RunAsync("generate", ProfilePath("nova-example.json"), "--scale",
            scale.ToString(System.Globalization.CultureInfo.InvariantCulture), "--target", target, "-q");
        Assert.True(code == 0, error);
        await using var c = new SqliteConnection($"Data Source={target}");
        Assert.Empty(await c.QueryAsync("PRAGMA foreign_key_check"));
        Assert.Equal([head], await c.QueryAsync<string>("SELECT version_num FROM alembic_version"));
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = scale });
        foreach (var t in plan.Tables)
            Assert.Equal(t.TargetRows, await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM \"{t.Name}\""));
        Assert.Equal((long)Math.Round(2000 * scale), await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM instances"));
    }

    [Fact]
    public async Task The_nova_profile_of_both_databases_keeps_both_alembic_revisions_and_the_flavors_verbatim()
    {
        var profile = await ProfileSerializer.ReadAsync(ProfilePath("nova-with-api.json"));
        var rows = profile.Tables.Where(t => t.Verbatim is not null).ToDictionary(t => t.Name, t => t.Verbatim!.Rows.Count);
        Assert.Equal(1, rows["nova.alembic_version"]);
        Assert.Equal(1, rows["nova_api.alembic_version"]);
        Assert.Equal(5, rows["nova_api.flavors"]);
        Assert.Equal((await File.ReadAllTextAsync(NovaSql("nova_api.alembic_version"))).Trim(),
            profile.Tables.Single(t => t.Name == "nova_api.alembic_version").Verbatim!.Rows[0][0]);
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = 5 });
        Assert.Equal(5, plan.Find("nova_api.flavors")!.TargetRows);
        Assert.Equal(1, plan.Find("nova.alembic_version")!.TargetRows);
    }

    /// <summary>
    /// Every table of a mariadb-dump script with its columns as "name type[ unsigned][ NOT NULL]", in order (the dump's
    /// own column lines: two spaces, the backquoted name, the type, an ENUM or SET with its quoted members).
    /// </summary>
    private static Dictionary<string, List<string>> DumpedColumns(string script)
    {
        var tables = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (System.Text.RegularExpressions.Match t in CreateTable().Matches(script))
        {
            tables[t.Groups[1].Value] = [.. t.Groups[2].Value.Split('\n').Select(line => ColumnLine().Match(line)).Where(m => m.Success)
                .Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}{m.Groups[3].Value}"
                    + (m.Groups[4].Value.Contains("NOT NULL", StringComparison.Ordinal) ? " NOT NULL" : ""))];
        }

        return tables;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"CREATE TABLE `(\w+)` \((.*?)\n\) ENGINE", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex CreateTable();

    [System.Text.RegularExpressions.GeneratedRegex(@"^  `(\w+)` ((?:enum|set)\((?:'[^']*'|,)*\)|\S+)( unsigned)?(.*)$")]
    private static partial System.Text.RegularExpressions.Regex ColumnLine();
}

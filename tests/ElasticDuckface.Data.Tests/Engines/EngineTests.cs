using Dapper;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Runs;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;
using ElasticDuckface.Verification;

namespace ElasticDuckface.Data.Tests.Engines;

/// <summary>
/// The cases every engine must pass, through the public use-case API only (<see cref="DatabaseEngines"/>,
/// <see cref="Profiler"/>, <see cref="GenerateRun"/>, <see cref="VerifyRun"/> and the <see cref="IDatabaseEngine"/>
/// server operations), so that no engine is tested more loosely than another.
/// <para>
/// Adding an engine (PostgreSQL next) takes one <see cref="IEngineFixture"/> class (e.g. <c>PostgresFixture</c> over
/// its throwaway server) and one subclass line such as
/// <c>[Collection(PostgresCollection.Name)] public sealed class PostgresEngineTests(PostgresServer server) :
/// EngineTests&lt;PostgresFixture&gt;(new PostgresFixture(server));</c>
/// Engine-specific cases (type mapping, error texts, defaults) stay in the engine's own test files.
/// </para>
/// </summary>
public abstract class EngineTests<TFixture>(TFixture fixture) : IAsyncLifetime
    where TFixture : IEngineFixture
{
    private static readonly string[] s_chinookTables =
        ["Album", "Artist", "Customer", "Employee", "Genre", "Invoice", "InvoiceLine", "MediaType", "Playlist", "PlaylistTrack", "Track"];

    private static readonly CancellationToken s_ct = CancellationToken.None;

    private IDatabaseEngine Engine => fixture.Engine;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await fixture.DisposeAsync();

    [EngineFact]
    public async Task Chinook_profile_has_the_eleven_tables_exact_row_counts_keys_and_fan_outs_equal_to_a_group_by()
    {
        var (_, location) = await ChinookAsync();
        // k = 1: fan-out bins as a GROUP BY gives them (the default k merges bins of fewer than k parents, issue 9)
        var profile = await Profiler.ProfileAsync(location, new ProfileSettings { MinCount = 1 });

        Assert.Equal(Engine.Name, profile.Source.Dialect);
        // PostgreSQL's Chinook spells names in snake case (invoice_line.track_id): compare names in one spelling
        Assert.Equal(s_chinookTables.Select(Canonical), profile.Tables.Select(t => Canonical(t.Name)));
        TableProfile Table(string name) => profile.Tables.Single(t => Canonical(t.Name) == Canonical(name));
        long Rows(string table) => Table(table).RowCount;
        Assert.Equal((275L, 347L, 3503L, 2240L, 412L, 8715L), (Rows("Artist"), Rows("Album"), Rows("Track"), Rows("InvoiceLine"),
            Rows("Invoice"), Rows("PlaylistTrack")));
        Assert.Equal(15_607, profile.Tables.Sum(t => t.RowCount));
        Assert.Equal(11, profile.Tables.Sum(t => t.ForeignKeys.Count));
        Assert.Equal(["playlistid", "trackid"], Table("PlaylistTrack").PrimaryKey!.Columns.Select(Canonical));
        Assert.Contains(Table("Employee").ForeignKeys,
            f => Canonical(f.ReferencedTable) == "employee" && f.Columns.Select(Canonical).SequenceEqual(["reportsto"]));

        await using var source = await Engine.OpenReadOnlyAsync(location, s_ct);
        foreach (var table in profile.Tables)
        {
            Assert.Equal(await source.ScalarAsync($"SELECT COUNT(*) FROM {source.Quote(table.Name)}", s_ct), table.RowCount);
            foreach (var fk in table.ForeignKeys)
            {
                // an independent count per parent: LEFT JOIN keeps the childless parents as 0
                var on = string.Join(" AND ", fk.Columns.Zip(fk.ReferencedColumns,
                    (cc, pc) => $"c.{source.Quote(cc)} = p.{source.Quote(pc)}"));
                var group = string.Join(", ", fk.ReferencedColumns.Select(pc => "p." + source.Quote(pc)));
                var perParent = await source.QueryAsync<long>(
                    $"SELECT COUNT(c.{source.Quote(fk.Columns[0])}) FROM {source.Quote(fk.ReferencedTable)} p LEFT JOIN {source.Quote(table.Name)} c ON {on} GROUP BY {group}", s_ct);
                var expected = perParent.GroupBy(k => k).OrderBy(g => g.Key).Select(g => new FanOutBin(g.Key, g.LongCount())).ToList();
                Assert.Equal(expected, fk.Stats!.Histogram);
                Assert.Equal(expected.Max(b => b.Children), fk.Stats.Max);
            }
        }

        var playlistTrack = Table("PlaylistTrack").ForeignKeys.Single(f => Canonical(f.ReferencedTable) == "playlist").Stats!;
        Assert.Equal(3290, playlistTrack.Max);
        Assert.Equal(new FanOutBin(0, 4), playlistTrack.Histogram[0]);
    }

    [EngineFact]
    public async Task Profiling_changes_no_stored_byte_and_moves_no_write_counter()
    {
        var (url, location) = await ChinookAsync();
        var fingerprint = await fixture.FingerprintAsync(url);
        var before = await Engine.ReadStatusAsync(location, s_ct);

        await Profiler.ProfileAsync(location, new ProfileSettings { SampleRows = 1000 });

        var after = await Engine.ReadStatusAsync(location, s_ct);
        Assert.Equal(WriteCounts(before), WriteCounts(after));
        Assert.Equal(fingerprint, await fixture.FingerprintAsync(url));
    }

    [EngineFact]
    public async Task Server_operations_create_list_and_drop_a_database_and_status_counts_its_writes()
    {
        var url = fixture.NewDatabaseUrl("ops");
        var location = DatabaseEngines.Parse(url);
        Assert.Same(Engine, location.Engine);
        Assert.Empty(await Engine.ListTablesAsync(location, s_ct));

        await Engine.CreateDatabaseAsync(location, s_ct);
        await Engine.CreateDatabaseAsync(location, s_ct); // a database that exists is left as it is
        Assert.Empty(await Engine.ListTablesAsync(location, s_ct));

        var before = await Engine.ReadStatusAsync(location, s_ct);
        await using (var connection = await fixture.OpenAsync(url))
            await connection.ExecuteAsync("CREATE TABLE zeta (id INT PRIMARY KEY); CREATE TABLE alpha (id INT PRIMARY KEY); INSERT INTO alpha VALUES (1);");
        // PostgreSQL publishes a closed session's counters asynchronously: give them a few seconds to show
        var after = await Engine.ReadStatusAsync(location, s_ct);
        for (var wait = 0; wait < 50 && WriteCounts(after).Sum() <= WriteCounts(before).Sum(); wait++)
        {
            await Task.Delay(100, s_ct);
            after = await Engine.ReadStatusAsync(location, s_ct);
        }

        Assert.Equal(["alpha", "zeta"], await Engine.ListTablesAsync(location, s_ct));
        Assert.NotEmpty(after);
        Assert.True(WriteCounts(after).Sum() > WriteCounts(before).Sum(),
            $"writes moved none of {string.Join(", ", fixture.WriteCounters)}");

        await Engine.DropDatabaseAsync(location, s_ct);
        Assert.Empty(await Engine.ListTablesAsync(location, s_ct));
        await Engine.DropDatabaseAsync(location, s_ct); // dropping what is gone is no error
    }

    [EngineFact]
    public async Task Chinook_json_generated_twice_its_size_into_a_fresh_database_has_the_plan_counts_no_orphans_and_the_fan_outs()
    {
        var profile = await ShippedAsync("chinook.json");
        var url = fixture.NewDatabaseUrl("gen");
        var outcome = await GenerateRun.RunAsync(new GenerateRequest { Profile = profile, Scale = new ScaleOptions { Scale = 2, Seed = 3 },
            Target = url });
        var target = DatabaseEngines.Parse(url);

        Assert.Equal(s_chinookTables, await Engine.ListTablesAsync(target, s_ct));
        Assert.Equal(outcome.Plan.Tables.Select(t => (t.Name, t.TargetRows)).OrderBy(t => t.Name, StringComparer.Ordinal),
            outcome.Result.RowsPerTable.Select(r => (r.Table, r.Rows)).OrderBy(t => t.Table, StringComparer.Ordinal));
        Assert.Equal(2 * 3503, outcome.Plan["Track"].TargetRows);

        var checks = (await VerifyRun.RunAsync(profile, target, new VerifyOptions { Plan = outcome.Plan })).Report.HardChecks;
        Assert.All(checks, c => Assert.True(c.Passed, c.Describe()));
        Assert.Equal(11, checks.Count(c => c.Kind == HardCheckKind.Orphans));
        Assert.Equal(11, checks.Count(c => c.Kind == HardCheckKind.RowCount));

        // the counts from the database itself, and every well-populated fan-out redrawn within KS 0.02
        var again = await Profiler.ProfileAsync(target, new ProfileSettings());
        await using var source = await Engine.OpenReadOnlyAsync(target, s_ct);
        foreach (var t in profile.Tables)
        {
            Assert.Equal(outcome.Plan[t.Name].TargetRows, await source.ScalarAsync($"SELECT COUNT(*) FROM {source.Quote(t.Name)}", s_ct));
            var g = again.Tables.Single(x => x.Name == t.Name);
            foreach (var fk in t.ForeignKeys.Where(f => f.Stats!.ParentRows >= 50))
            {
                var ks = FanOutDistance.KolmogorovSmirnov(fk.Stats!.Histogram,
                    g.ForeignKeys.Single(f => f.Columns.SequenceEqual(fk.Columns)).Stats!.Histogram);
                Assert.True(ks <= 0.02, $"{t.Name}.{fk.Name}: KS {ks:F4}");
            }
        }
    }

    [EngineFact]
    public async Task Verify_of_the_generated_chinook_passes_every_hard_check_and_does_not_fail()
    {
        var profile = await ShippedAsync("chinook.json");
        var url = fixture.NewDatabaseUrl("verify");
        var outcome = await GenerateRun.RunAsync(new GenerateRequest { Profile = profile,
            Scale = new ScaleOptions { Scale = 1, Seed = 11 }, Target = url });

        var verified = await VerifyRun.RunAsync(profile, DatabaseEngines.Parse(url), new VerifyOptions { Plan = outcome.Plan });

        Assert.Equal(0, verified.Report.HardChecksFailed);
        Assert.Equal(verified.Report.HardChecks.Count, verified.Report.HardChecksPassed);
        Assert.True(verified.Report.HardChecksPassed >= 11 * 2, $"only {verified.Report.HardChecksPassed} hard checks ran");
        Assert.NotEqual(Verdict.Failed, verified.Report.Verdict);
        // a value the profile does not have counts in full (verify.md): an engine that wrote or read back 0.99 as 0.990
        // would show here as a categorical distance near 1
        var categorical = verified.Report.Tables.SelectMany(t => t.Columns.Select(c => (Table: t.Name, Column: c)))
            .Where(x => x.Column.Metric == ColumnMetric.TotalVariation).ToList();
        Assert.NotEmpty(categorical);
        Assert.All(categorical, x => Assert.True(x.Column.Status == MetricStatus.Ok,
            $"{x.Table}.{x.Column.Name}: {x.Column.DistributionDistance} ({x.Column.Note})"));
        Assert.Equal(Engine.Name, verified.Measured.Source.Dialect);
        Assert.Equal(outcome.Plan.Tables.Sum(t => t.TargetRows), verified.Measured.Tables.Sum(t => t.RowCount));
    }

    [EngineFact]
    public async Task A_non_empty_target_is_refused_without_replace_and_replaced_with_it()
    {
        var profile = await ShippedAsync("chinook.json");
        var url = fixture.NewDatabaseUrl("replace");
        GenerateRequest At(double scale, bool replace) =>
            new() { Profile = profile, Scale = new ScaleOptions { Scale = scale, Seed = 5 }, Target = url, Replace = replace };
        await GenerateRun.RunAsync(At(0.2, replace: false));
        var target = DatabaseEngines.Parse(url);
        var first = await fixture.FingerprintAsync(url);

        var refused = await Assert.ThrowsAsync<OutputException>(() => GenerateRun.RunAsync(At(0.5, replace: false)));
        Assert.Contains("--replace", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);
        Assert.Equal(first, await fixture.FingerprintAsync(url));

        var replaced = await GenerateRun.RunAsync(At(0.5, replace: true));
        Assert.Equal(1752, replaced.Plan["Track"].TargetRows);
        var checks = await VerifyRun.RunAsync(profile, target, new VerifyOptions { Plan = replaced.Plan });
        Assert.Equal(0, checks.Report.HardChecksFailed);
        Assert.Contains(checks.Report.HardChecks, c => c is { Kind: HardCheckKind.RowCount, Table: "Track", Found: 1752 });
    }

    [EngineFact]
    public async Task The_engines_own_chinook_profile_generates_into_sqlite_with_the_plan_counts_and_no_orphans()
    {
        var profile = await Profiler.ProfileAsync((await ChinookAsync()).Location, new ProfileSettings());
        using var dir = TestFiles.CreateTempDirectory();
        var url = "sqlite:" + dir.File("from-" + Engine.Name + ".db");

        var outcome = await GenerateRun.RunAsync(new GenerateRequest { Profile = profile,
            Scale = new ScaleOptions { Scale = 1.5, Seed = 8 }, Target = url });

        var verified = await VerifyRun.RunAsync(profile, DatabaseEngines.Parse(url), new VerifyOptions { Plan = outcome.Plan });
        Assert.All(verified.Report.HardChecks, c => Assert.True(c.Passed, c.Describe()));
        Assert.Equal(11, verified.Report.HardChecks.Count(c => c.Kind == HardCheckKind.Orphans));
        Assert.Equal("sqlite", verified.Measured.Source.Dialect);
        Assert.Equal(profile.Tables.Select(t => t.Name), verified.Measured.Tables.Select(t => t.Name));
        Assert.Equal(outcome.Plan.Tables.Select(t => (t.Name, t.TargetRows)).OrderBy(t => t.Name, StringComparer.Ordinal),
            verified.Measured.Tables.Select(t => (t.Name, t.RowCount)).OrderBy(t => t.Name, StringComparer.Ordinal));
    }

    [EngineFact]
    public async Task The_nova_example_generates_into_the_engine_with_integrity_and_consistent_soft_deletes()
    {
        // the profile of an OpenStack Nova database (a MySQL schema, profiled from its SQLite copy)
        var profile = await ShippedAsync(SuiteProfiles.NovaSynthetic);
        var url = fixture.NewDatabaseUrl("nova");
        var scale = new ScaleOptions { Scale = 2, TableScales = new Dictionary<string, double> { ["instances"] = 5 },
            Keep = new HashSet<string> { "instance_types" } };

        var outcome = await GenerateRun.RunAsync(new GenerateRequest { Profile = profile, Scale = scale, Target = url });

        Assert.Equal(1500, outcome.Plan["instances"].TargetRows);
        var target = DatabaseEngines.Parse(url);
        var verified = await VerifyRun.RunAsync(profile, target, new VerifyOptions { Plan = outcome.Plan });
        Assert.All(verified.Report.HardChecks, c => Assert.True(c.Passed, c.Describe()));
        Assert.Equal(profile.Tables.Sum(t => t.ForeignKeys.Count), verified.Report.HardChecks.Count(c => c.Kind == HardCheckKind.Orphans));
        Assert.Equal(profile.Tables.Count, verified.Report.HardChecks.Count(c => c.Kind == HardCheckKind.RowCount));

        // soft deletes come out consistent, and the profiler measures the profile's row states in this engine
        await using (var source = await Engine.OpenReadOnlyAsync(target, s_ct))
        {
            Assert.Equal(0, await source.ScalarAsync(
                "SELECT COUNT(*) FROM instances WHERE (deleted_at IS NULL) <> (deleted = 0) OR (deleted <> 0 AND deleted <> id) OR (deleted_at IS NULL) = (vm_state = 'deleted')", s_ct));
        }

        var caches = verified.Measured.Tables.Single(t => t.Name == "instance_info_caches").RowState!;
        Assert.Equal("deleted_at", caches.Column);
        var parent = Assert.Single(caches.Parents);
        Assert.Equal(1, parent.SetGivenParentSet);
        Assert.Equal(0, parent.SetGivenParentUnset);
        var instances = verified.Measured.Tables.Single(t => t.Name == "instances").RowState!;
        Assert.Equal(new SameAsDistribution("id", 1), instances.Columns.Single(x => x.Name == "deleted").WhenSet.Distribution);
    }

    /// <summary>A fresh database holding the engine's Chinook sample.</summary>
    private async Task<(string Url, DatabaseLocation Location)> ChinookAsync()
    {
        var url = fixture.NewDatabaseUrl("chinook");
        await fixture.LoadChinookAsync(url);
        return (url, DatabaseEngines.Parse(url));
    }

    private static string Canonical(string name) => name.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();

    private static Task<DatabaseProfile> ShippedAsync(string name) => ProfileSerializer.ReadAsync(SuiteProfiles.Profile(name));

    private long[] WriteCounts(IReadOnlyDictionary<string, long> status) => [.. fixture.WriteCounters.Select(c => status.GetValueOrDefault(c))];
}

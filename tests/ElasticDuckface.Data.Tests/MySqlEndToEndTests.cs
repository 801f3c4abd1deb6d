using Dapper;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Dialects.MySql;
using ElasticDuckface.Data.Generation;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;
using MySqlConnector;

namespace ElasticDuckface.Data.Tests;

/// <summary>Profile and generate against a real (throwaway) MariaDB server.</summary>
[Collection(MariaDbCollection.Name)]
public sealed class MySqlEndToEndTests(MariaDbServer server)
{
    private async Task<(string Url, DatabaseLocation Location)> LoadChinookAsync()
    {
        var url = await server.CreateDatabaseAsync("chinook");
        await MariaDbServer.LoadScriptFileAsync(url, RepositoryFiles.Path("examples/chinook/Chinook_MySql.sql"), "Chinook");
        return (url, MariaDbServer.Parse(url));
    }

    [MySqlFact]
    public async Task Chinook_profiled_from_mariadb_and_from_sqlite_agree_on_tables_counts_keys_and_every_fan_out()
    {
        var (_, location) = await LoadChinookAsync();
        var mysql = await Profiler.ProfileAsync(location, new ProfileSettings());
        using var dir = TestFiles.CreateTempDirectory();
        var sqlite = await Profiler.ProfileAsync(DatabaseLocation.Parse(dir.CopyChinook()), new ProfileSettings());

        Assert.Equal("mysql", mysql.Source.Dialect);
        Assert.Equal(sqlite.Tables.Select(t => (t.Name, t.RowCount)), mysql.Tables.Select(t => (t.Name, t.RowCount)));
        Assert.Equal(5, mysql.Tables.Sum(t => t.JointForeignKeys.Count));
        Assert.Equal("BillingPostalCode", mysql.Tables.Single(t => t.Name == "Invoice").RowState?.Column);
        foreach (var (my, lite) in mysql.Tables.Zip(sqlite.Tables))
        {
            Assert.Equal(lite.PrimaryKey?.Columns, my.PrimaryKey?.Columns);
            Assert.Equal(lite.ForeignKeys.Count, my.ForeignKeys.Count);
            foreach (var (fm, fl) in my.ForeignKeys.Zip(lite.ForeignKeys))
            {
                Assert.Equal(Describe(fl), Describe(fm));
                Assert.Equal(fl.Stats!.Histogram, fm.Stats!.Histogram);
                Assert.Equal((fl.Stats.ParentRows, fl.Stats.ChildRows, fl.Stats.NullFraction, fl.Stats.Max, fl.Stats.P99), (fm.Stats.ParentRows, fm.Stats.ChildRows, fm.Stats.NullFraction, fm.Stats.Max, fm.Stats.P99));
            }

            // the same sample in both dialects: the same learned row state (Invoice: BillingPostalCode), whichever driver read it
            Assert.Equal(lite.RowState?.Column, my.RowState?.Column);
            Assert.Equal(lite.RowState?.Fraction, my.RowState?.Fraction);
            Assert.Equal(lite.RowState?.Columns.Select(c => (c.Name, c.Association, c.WhenSet.NullFraction, c.WhenUnset.NullFraction)),
                my.RowState?.Columns.Select(c => (c.Name, c.Association, c.WhenSet.NullFraction, c.WhenUnset.NullFraction)));

            // the same per-key counts and sample in both dialects: the same joint fan-out correlations, to the last digit kept
            Assert.Equal(
                lite.JointForeignKeys.Select(j => (string.Join(",", j.First.Columns), string.Join(",", j.Second.Columns), j.Rows, j.FanOutCorrelation)),
                my.JointForeignKeys.Select(j => (string.Join(",", j.First.Columns), string.Join(",", j.Second.Columns), j.Rows, j.FanOutCorrelation)));

            // the same values give the same column statistics, whichever driver read them
            foreach (var (cm, cl) in my.Columns.Zip(lite.Columns))
            {
                Assert.Equal(cl.Name, cm.Name);
                Assert.Equal(cl.Stats!.NullFraction, cm.Stats!.NullFraction);
                Assert.Equal(cl.Stats.DistinctCount, cm.Stats.DistinctCount);
            }
        }
    }

    [MySqlFact]
    public async Task Profiling_mariadb_leaves_every_table_checksum_unchanged()
    {
        var (url, location) = await LoadChinookAsync();
        var before = await ChecksumsAsync(location);
        await Profiler.ProfileAsync(location, new ProfileSettings { SampleRows = 1000 });
        Assert.Equal(before, await ChecksumsAsync(location));
        Assert.NotEmpty(url);
    }

    [MySqlFact]
    public async Task Chinook_generated_into_a_new_mariadb_database_has_exact_counts_no_orphans_and_the_fan_out()
    {
        using var dir = TestFiles.CreateTempDirectory();
        var profile = await Profiler.ProfileAsync(DatabaseLocation.Parse(dir.CopyChinook()), new ProfileSettings());
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = 2.5, Seed = 3 });
        var existing = await server.CreateDatabaseAsync("gen");
        // a database that does not exist yet: the writer creates it
        var url = MariaDbServer.WithDatabase(existing, "dfc_new_" + Guid.NewGuid().ToString("N")[..8]);
        var target = MariaDbServer.Parse(url);
        await using (var writer = await MySqlWriter.OpenAsync(target, profile.Source.Dialect))
            await DatabaseGenerator.RunAsync(profile, plan, writer);

        var again = await Profiler.ProfileAsync(target, new ProfileSettings());
        foreach (var t in profile.Tables)
        {
            var g = again.Tables.Single(x => x.Name == t.Name);
            Assert.Equal(plan[t.Name].TargetRows, g.RowCount);
            foreach (var fk in t.ForeignKeys.Where(f => f.Stats!.ParentRows >= 50))
            {
                var ks = FanOutDistance.KolmogorovSmirnov(fk.Stats!.Histogram, g.ForeignKeys.Single(f => f.Columns.SequenceEqual(fk.Columns)).Stats!.Histogram);
                Assert.True(ks <= 0.02, $"{t.Name}.{fk.Name}: KS {ks:F4}");
            }
        }

        await using var c = new MySqlConnection(target.ConnectionString);
        foreach (var t in profile.Tables)
        {
            foreach (var fk in t.ForeignKeys)
                Assert.Equal(0, await c.ExecuteScalarAsync<long>(MySqlWriter.OrphanCountSql(t, fk)));
        }

        Assert.Equal(1, await c.ExecuteScalarAsync<long>("SELECT @@foreign_key_checks"));
        await c.ExecuteAsync($"DROP DATABASE `{target.DatabaseName}`");
    }

    [MySqlFact]
    public async Task The_nova_example_loads_into_mariadb_with_exact_counts_and_no_orphans()
    {
        var profile = await ProfileSerializer.ReadAsync(RepositoryFiles.Path("profiles/nova-example.json"));
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = 2, TableScales = new Dictionary<string, double> { ["instances"] = 5 }, Keep = new HashSet<string> { "instance_types" } });
        var url = await server.CreateDatabaseAsync("nova");
        var target = MariaDbServer.Parse(url);
        await using (var writer = await MySqlWriter.OpenAsync(target, profile.Source.Dialect))
            await DatabaseGenerator.RunAsync(profile, plan, writer);

        await using var c = new MySqlConnection(target.ConnectionString);
        foreach (var t in profile.Tables)
        {
            Assert.Equal(plan[t.Name].TargetRows, await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM `{t.Name}`"));
            foreach (var fk in t.ForeignKeys)
                Assert.Equal(0, await c.ExecuteScalarAsync<long>(MySqlWriter.OrphanCountSql(t, fk)));
        }

        Assert.Equal(1500, plan["instances"].TargetRows);

        // soft deletes come out consistent in MariaDB too, and the profiler measures the profile's row states there
        // (the child-given-parent GROUP BY in the MySQL dialect)
        Assert.Equal(0, await c.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM instances WHERE (deleted_at IS NULL) <> (deleted = 0) OR (deleted <> 0 AND deleted <> id) OR (deleted_at IS NULL) = (vm_state = 'deleted')"));
        var measured = await Profiler.ProfileAsync(DatabaseLocation.Parse(url), profile.Settings, reference: profile);
        var caches = measured.Tables.Single(t => t.Name == "instance_info_caches").RowState!;
        Assert.Equal("deleted_at", caches.Column);
        var parent = Assert.Single(caches.Parents);
        Assert.Equal(1, parent.SetGivenParentSet);
        Assert.Equal(0, parent.SetGivenParentUnset);
        var instances = measured.Tables.Single(t => t.Name == "instances").RowState!;
        Assert.Equal(new SameAsDistribution("id", 1), instances.Columns.Single(x => x.Name == "deleted").WhenSet.Distribution);
    }

    [MySqlFact]
    public async Task Replace_swaps_only_the_profiles_tables_and_leaves_others_alone()
    {
        using var dir = TestFiles.CreateTempDirectory();
        var profile = await Profiler.ProfileAsync(DatabaseLocation.Parse(dir.CopyChinook()), new ProfileSettings());
        var url = await server.CreateDatabaseAsync("replace");
        var target = MariaDbServer.Parse(url);
        await MariaDbServer.ExecuteScriptAsync(url, "CREATE TABLE keep_me (id INT PRIMARY KEY); INSERT INTO keep_me VALUES (42);");
        await Assert.ThrowsAsync<OutputException>(() => MySqlWriter.OpenAsync(target, profile.Source.Dialect));

        foreach (var scale in new[] { 0.2, 0.5 })
        {
            await using var writer = await MySqlWriter.OpenAsync(target, profile.Source.Dialect, replace: true);
            await DatabaseGenerator.RunAsync(profile, GenerationPlanner.Plan(profile, new ScaleOptions { Scale = scale }), writer);
        }

        await using var c = new MySqlConnection(target.ConnectionString);
        Assert.Equal(1752, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM Track"));
        Assert.Equal(42, await c.ExecuteScalarAsync<long>("SELECT id FROM keep_me"));
    }

    private static string Describe(ForeignKeyProfile fk) =>
        $"({string.Join(",", fk.Columns)}) -> {fk.ReferencedTable}({string.Join(",", fk.ReferencedColumns)})";

    private static async Task<List<(string, long)>> ChecksumsAsync(DatabaseLocation location)
    {
        await using var c = new MySqlConnection(location.ConnectionString);
        var tables = (await c.QueryAsync<string>("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME")).ToList();
        var result = new List<(string, long)>();
        foreach (var t in tables)
        {
            var row = await c.QuerySingleAsync($"CHECKSUM TABLE `{t}` EXTENDED");
            result.Add((t, Convert.ToInt64(((IDictionary<string, object>)row)["Checksum"], System.Globalization.CultureInfo.InvariantCulture)));
        }

        return result;
    }
}

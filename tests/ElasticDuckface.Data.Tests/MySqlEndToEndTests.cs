using Dapper;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Dialects.MySql;
using ElasticDuckface.Data.Generation;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
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
                // the fan-out per parent state (issue 10: InvoiceLine → Invoice, on BillingPostalCode) by the same GROUP BY
                Assert.Equal(fl.Stats.ByParentState?.Set.Histogram ?? [], fm.Stats.ByParentState?.Set.Histogram ?? []);
                Assert.Equal(fl.Stats.ByParentState?.Unset.Histogram ?? [], fm.Stats.ByParentState?.Unset.Histogram ?? []);
                Assert.Equal((fl.Stats.ParentRows, fl.Stats.ChildRows, fl.Stats.NullFraction, fl.Stats.Max, fl.Stats.P99),
                    (fm.Stats.ParentRows, fm.Stats.ChildRows, fm.Stats.NullFraction, fm.Stats.Max, fm.Stats.P99));
            }

            // the same sample in both dialects: the same learned row state (Invoice: BillingPostalCode), whichever driver read it
            Assert.Equal(lite.RowState?.Column, my.RowState?.Column);
            Assert.Equal(lite.RowState?.Fraction, my.RowState?.Fraction);
            Assert.Equal(lite.RowState?.Columns.Select(c => (c.Name, c.Association, c.WhenSet.NullFraction, c.WhenUnset.NullFraction)),
                my.RowState?.Columns.Select(c => (c.Name, c.Association, c.WhenSet.NullFraction, c.WhenUnset.NullFraction)));

            // the same per-key counts and sample in both dialects: the same joint fan-out correlations, to the last digit kept
            Assert.Equal(
                lite.JointForeignKeys.Select(j => (string.Join(",", j.First.Columns), string.Join(",", j.Second.Columns), j.Rows,
                    j.FanOutCorrelation)),
                my.JointForeignKeys.Select(j => (string.Join(",", j.First.Columns), string.Join(",", j.Second.Columns), j.Rows,
                    j.FanOutCorrelation)));

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
}
